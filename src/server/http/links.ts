import type { Lang } from '@/i18n';
import type { CsvSpec } from './csv';
import { endpoints } from './openapi';

/**
 * Links from the pages to the API (browser sessions authenticate API routes, so a plain link
 * works): the CSV download of a table with the page's filters, the account statement. Built from
 * the endpoint registry, so a link cannot name a path that does not exist, nor ask a list that
 * does not export for CSV (a type error).
 */

type Endpoints = typeof endpoints;
export type CsvEndpoint = { [K in keyof Endpoints]: Endpoints[K] extends { method: 'GET'; csv: CsvSpec } ? K : never }[keyof Endpoints];
type Query = Record<string, string | number | null | undefined>;

/** An endpoint's path with its parameters filled in, and a query of the values that are set. */
export function apiHref(name: keyof Endpoints, params: Record<string, string | number> = {}, query: Query = {}): string {
  const path = endpoints[name].path.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`apiHref(${name}): no value for {${key}}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The CSV of a list with the page's filters (every row, all pages), its texts in the reader's language. */
export function csvHref(name: CsvEndpoint, params: Record<string, string | number>, filters: Query, lang: Lang): string {
  return apiHref(name, params, { ...filters, format: 'csv', lang });
}

/** An endpoint's path with its parameters left as `{name}`, for a client component to fill in (e.g. useAccountHoldings). */
export function apiPathTemplate(name: keyof Endpoints): string {
  return endpoints[name].path;
}
