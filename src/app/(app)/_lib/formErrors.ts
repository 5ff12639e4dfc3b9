import type { z } from 'zod';
import type { Lang } from '@/i18n';
import { zodFieldErrors } from '@/ui/forms/validate';

/**
 * The shared schema's verdict per field, worded for the form: the schemas name fields by their
 * API keys ("declineFactor must be above 0"), so a form may give a field its own message (in the
 * user's language, from the page's dictionary section); other fields keep the schema's problem,
 * in the user's language.
 */
export function formErrors(schema: z.ZodType, input: unknown, lang: Lang, own: Record<string, string>): Record<string, string> {
  const raw = zodFieldErrors(schema, input, lang);
  return Object.fromEntries(Object.entries(raw).map(([field, message]) => [field, own[field] ?? message]));
}
