import type { z } from 'zod';
import { translateMessage, type Lang } from '@/i18n';

/** The first message per top-level field of a zod error (`_` for the input as a whole), translated. */
export function zodIssueFields(error: z.ZodError, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    out[key] ??= translateMessage(issue.message, lang);
  }
  return out;
}

/** Runs a shared zod schema and returns the first message per top-level field, translated. */
export function zodFieldErrors(schema: z.ZodType, input: unknown, lang: Lang): Record<string, string> {
  const r = schema.safeParse(input);
  return r.success ? {} : zodIssueFields(r.error, lang);
}

/** "1200" → 1200; "" / "12.5" / "abc" → NaN (so the schema reports a whole-tonnes error). */
export function toInt(s: string): number {
  const v = s.trim().replace(/,/g, '');
  return /^-?\d+$/.test(v) ? Number(v) : v === '' ? Number.NaN : Number.NaN;
}

/** Optional text: '' → undefined. */
export const opt = (s: string) => (s.trim() === '' ? undefined : s);
