import type { z } from 'zod';
import type { Lang } from '@/i18n';
import { renderFields } from '@/i18n/problems';
import { issueFields } from '@/schemas/problems';

/**
 * The first problem per top-level field of a zod error (`_` for the input as a whole), in the
 * user's language: mapped by the issue's code and data (src/schemas/problems.ts), never by its text.
 */
export function zodIssueFields(error: z.ZodError, lang: Lang, input?: unknown): Record<string, string> {
  return renderFields(issueFields(error, input, 'top'), lang);
}

/** Runs a shared zod schema and returns the first message per top-level field, in the user's language. */
export function zodFieldErrors(schema: z.ZodType, input: unknown, lang: Lang): Record<string, string> {
  const r = schema.safeParse(input);
  return r.success ? {} : zodIssueFields(r.error, lang, input);
}

/** "1200" → 1200; "" / "12.5" / "abc" → NaN (so the schema reports a whole-tonnes error). */
export function toInt(s: string): number {
  const v = s.trim().replace(/,/g, '');
  return /^-?\d+$/.test(v) ? Number(v) : v === '' ? Number.NaN : Number.NaN;
}

/** Optional text: '' → undefined. */
export const opt = (s: string) => (s.trim() === '' ? undefined : s);
