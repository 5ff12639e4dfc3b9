import { appMode } from '@/config/env';
import { mustEnrolTwoFactor, parseSignatureCode, SIGNATURE_FIELD } from '@/domain/identity/signing';
import { problem } from '@/domain/problems';
import { db } from '@/db/client';
import { fail } from '../errors';
import { withRequestContext } from '../requestContext';
import type { Actor } from './actor';
import { acceptOneTimeCode } from './credentials';

/**
 * Transaction signing and mandatory two-factor (issue 13 §4), for the two entry points: the API
 * wrapper (header X-Signature-Code on endpoints marked `signed`) and runAction (the form field
 * `signatureCode` of the actions given `signed`). The services stay as they are: the verified
 * signature travels in the request context, which recordAudit reads (audit_log.signed).
 */

/**
 * Checks the signature of a change: a user without two-factor needs none (false: unsigned); a
 * user with it must send a fresh one-time code, accepted once (the same step as sign-in cannot be
 * reused): SIGNATURE_REQUIRED when missing, SIGNATURE_INVALID when malformed, wrong or used.
 * Returns true when the change is signed. Nothing is changed but the user's last accepted step.
 */
export async function verifySignature(actor: Actor, sent: unknown): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: actor.userId }, select: { totpEnabled: true, totpSecret: true } });
  if (!user?.totpEnabled || !user.totpSecret) return false;
  const code = parseSignatureCode(sent);
  if (code === null) throw fail('SIGNATURE_REQUIRED', {}, { [SIGNATURE_FIELD]: problem('FIELD_REQUIRED') });
  if (code === 'malformed') throw fail('SIGNATURE_INVALID', {}, { [SIGNATURE_FIELD]: problem('FIELD_OTP_FORMAT') });
  if (!(await acceptOneTimeCode(actor.userId, user.totpSecret, code))) throw fail('SIGNATURE_INVALID', {}, { [SIGNATURE_FIELD]: problem('OTP_INVALID') });
  return true;
}

/** Runs a use case that must be signed: the signature is checked first, then `fn` runs with it in the request context. */
export async function signedUseCase<T>(actor: Actor, sent: unknown, fn: () => Promise<T>): Promise<T> {
  const signed = await verifySignature(actor, sent);
  return withRequestContext({ signed }, fn);
}

/** Whether the actor must enrol in two-factor first (production, privileged, not enrolled). */
export const enrolmentRequired = (actor: Actor): boolean =>
  mustEnrolTwoFactor({ mode: appMode(), roles: actor.roles, twoFactorEnabled: actor.twoFactorEnabled });

/** TWO_FACTOR_ENROLMENT_REQUIRED (403) when the actor must enrol in two-factor first. */
export function refuseUntilEnrolled(actor: Actor): void {
  if (enrolmentRequired(actor)) throw fail('TWO_FACTOR_ENROLMENT_REQUIRED', {});
}
