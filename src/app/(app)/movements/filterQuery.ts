import type { Dictionary } from '@/i18n';
import { movementsQuerySchema, type MovementsQuery } from '@/schemas/registry';

/** The movements page's URL parameters that become its query. */
export type MovementFilterParams = Partial<Record<'type' | 'instrument' | 'vintage' | 'from' | 'to' | 'limit' | 'cursor', string>>;

const DEFAULT_LIMIT = '25';

/**
 * The movements query from the page's URL. A filter with a bad value (`?vintage=abc`,
 * `?from=xyz`) is left out, the valid ones still apply, and the reader gets one plain message per
 * such field in their language ("Vintage: enter a year such as 2024") instead of the schema's.
 */
export function movementFilterQuery(params: MovementFilterParams, t: Dictionary): { query: MovementsQuery; problems: string[] } {
  const input = { ...params, limit: params.limit ?? DEFAULT_LIMIT };
  const parsed = movementsQuerySchema.safeParse(input);
  if (parsed.success) return { query: parsed.data, problems: [] };
  const bad = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))];
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !bad.includes(k)));
  const retry = movementsQuerySchema.safeParse({ limit: DEFAULT_LIMIT, ...rest });
  const texts = t.movements.filterProblems;
  // In the order of the form's fields; a field the page does not know gets the generic text.
  const order = Object.keys(texts);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return {
    query: retry.success ? retry.data : movementsQuerySchema.parse({ limit: DEFAULT_LIMIT }),
    problems: [...new Set(bad.sort((a, b) => rank(a) - rank(b)).map((field) => (field in texts ? texts[field as keyof typeof texts] : texts.other)))],
  };
}
