import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { Dictionary, Lang } from '@/i18n';
import { getDictionary } from '@/i18n/dictionaries';
import { renderFields, renderProblem } from '@/i18n/problems';
import { getLang } from '@/i18n/server';
import type { Actor } from '@/server/identity/actor';
import { currentActor } from '@/server/identity/session';
import { dbProblem } from '@/server/dbErrors';
import { DomainError } from '@/server/errors';
import { runDueWork } from '@/server/schedule/dueWork';
import { withRequestContext } from '@/server/requestContext';
import { refuseUntilEnrolled, verifySignature } from '@/server/identity/signing';
import { SIGNATURE_FIELD } from '@/domain/identity/signing';
import type { ActionResult } from '@/ui/forms/result';
import { zodIssueFields } from '@/ui/forms/validate';

/**
 * The one wrapper of every server action: signed-in actor, validation with the shared zod
 * schema, the service call, `revalidatePath`, and the mapping of domain errors to a message and
 * per-field errors in the user's language. Authorization stays in the services. The work that fell
 * due on the market clock (day end, auction windows) runs before the use case. Revalidates each
 * path with everything below it (e.g. '/accounts' covers '/accounts/12').
 *
 * Two-factor (issue 13 §4): in production a regulator or operator without two-factor is refused
 * (TWO_FACTOR_ENROLMENT_REQUIRED) unless the action is part of the enrolment (`duringEnrolment`).
 * An action given `signed` (or whose `signed(cmd)` says so) needs, from a user with two-factor,
 * a fresh one-time code in the input's `signatureCode` (SIGNATURE_REQUIRED / SIGNATURE_INVALID
 * beside that field); the use case then runs signed (audit_log.signed).
 */
export interface ActionOptions<C> {
  /** Transaction signing: true, or a rule on the command (e.g. only an approval). */
  signed?: boolean | ((cmd: C) => boolean);
  /** Allowed while a privileged user must still enrol in two-factor (production). */
  duringEnrolment?: boolean;
}

export async function runAction<S extends z.ZodType, T extends object>(
  schema: S,
  input: unknown,
  fn: (actor: Actor, cmd: z.infer<S>, i18n: { t: Dictionary; lang: Lang }) => Promise<{ message: string } & T>,
  revalidate: string[],
  options: ActionOptions<z.infer<S>> = {},
): Promise<ActionResult<T>> {
  const lang = await getLang();
  const t = getDictionary(lang);
  const actor = await currentActor();
  if (!actor) return { ok: false, message: t.actionErrors.signedOut, fields: {} };
  const { [SIGNATURE_FIELD]: signatureCode, ...rest } = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const parsed = schema.safeParse(input !== null && typeof input === 'object' ? rest : input);
  if (!parsed.success) return invalid(parsed.error, input, lang, t);
  try {
    if (!options.duringEnrolment) refuseUntilEnrolled(actor);
    const mustSign = typeof options.signed === 'function' ? options.signed(parsed.data) : options.signed === true;
    const signed = mustSign ? await verifySignature(actor, signatureCode) : false;
    await runDueWork();
    const result = await withRequestContext({ signed }, () => fn(actor, parsed.data, { t, lang }));
    for (const path of revalidate) revalidatePath(path, 'layout');
    return { ...result, ok: true };
  } catch (e) {
    return failure(e, lang, t);
  }
}

type Failure = Extract<ActionResult, { ok: false }>;

/** Input the schema refuses: "check the form", and the first message per field. */
function invalid(e: z.ZodError, input: unknown, lang: Lang, t: Dictionary): Failure {
  return { ok: false, message: t.actionErrors.invalid, fields: zodIssueFields(e, lang, input) };
}

export function failure(e: unknown, lang: Lang, t: Dictionary): Failure {
  if (e instanceof DomainError) {
    return { ok: false, message: renderProblem(e.problem, lang), fields: e.fieldProblems ? renderFields(e.fieldProblems, lang) : {} };
  }
  if (e instanceof z.ZodError) return invalid(e, undefined, lang, t);
  const db = dbProblem(e);
  if (db) return failure(db, lang, t);
  console.error('[action] unexpected error', e);
  return { ok: false, message: t.actionErrors.generic, fields: {} };
}
