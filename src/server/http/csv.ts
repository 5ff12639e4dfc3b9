import { z } from 'zod';
import { SHANGHAI_OFFSET_MINUTES } from '@/domain/trading/calendar';
import type { Lang } from '@/i18n';
import { BOM, csvLine } from '@/domain/csv';

export { BOM, csvCell, csvLine, toCsv } from '@/domain/csv';

/**
 * CSV exports of /api/v1 (API.md: every list and report answers CSV for `?format=csv` or
 * `Accept: text/csv`), written once here and in `apiRoute` (route.ts).
 *
 * HOW AN ENDPOINT OPTS IN: one line in its entry in src/server/http/openapi.ts,
 *
 *     csv: {},                                  // the rows: the array answered, else its `items`, else the object as one row
 *     csv: { rows: 'byIndustry' },              // the rows: that array of the answer
 *     csv: { rows: (r) => [...], omit: ['calculation'], values: { memo: (row, { lang }) => … } },
 *
 * and nothing in the route handler. The wrapper then answers `?format=csv` (or `Accept: text/csv`)
 * with `text/csv; charset=utf-8`: a UTF-8 byte order mark (spreadsheets read Chinese right), a
 * header row, RFC 4180 quoting with CRLF line ends, cells that a spreadsheet would run as a
 * formula (= + - @, tab, CR) prefixed with a quote — negative numbers stay numbers — and
 * `Content-Disposition: attachment; filename="<path>.csv"`. The document declares the text/csv
 * answer and the `format` and `lang` query parameters of those endpoints.
 *
 * Columns: the fields of the row schema of the endpoint's `response`, nested objects flattened
 * to `parent.child`, arrays of plain values joined with "; ", anything else as JSON; a loose row
 * schema (`z.looseObject`) adds the other fields of the first row. Instants (Date, or ISO strings
 * in UTC) are written in market time with their offset (2025-06-03T10:00:00+08:00).
 *
 * Paged lists (`{ items, nextCursor }`): the CSV holds EVERY row that matches the filters, not one
 * page — `cursor` and `limit` are ignored, and the wrapper calls the handler again with each
 * `nextCursor`, writing each page to a stream as it comes, so a large table is never held whole.
 * Such a list's query takes `cursor` and a `limit` up to CSV_PAGE_SIZE (pageQuerySchema does).
 */

/** What an endpoint says about its CSV; every field is optional. */
export interface CsvSpec {
  /** The rows: a field of the answer holding an array, or a function of the answer. */
  rows?: string | ((result: unknown) => readonly unknown[]);
  /** Columns (flattened paths such as `listedBand.low`) left out, with everything under them. */
  omit?: readonly string[];
  /** A column's value computed from the row (replaces the field, or adds a column at the end). */
  values?: Readonly<Record<string, (row: CsvRow, ctx: CsvContext) => unknown>>;
}

export type CsvRow = Record<string, unknown>;
export interface CsvContext {
  lang: Lang;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
/** Rows fetched per page while exporting a paged list (the most `limit` allows, pageQuerySchema). */
export const CSV_PAGE_SIZE = 200;

// ---------------------------------------------------------------------------------------------
// Streaming (the cells and records are written by src/domain/csv.ts, shared with the tables' own downloads)
// ---------------------------------------------------------------------------------------------

/**
 * A CSV document as a byte stream: the byte order mark and header first, then each batch of rows
 * as the source yields it (pulled when the reader wants more, so a slow client holds the producer
 * back). Stopping the download stops the source.
 */
export function csvStream(header: readonly string[], batches: AsyncIterator<readonly (readonly unknown[])[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(BOM + csvLine(header)));
        return;
      }
      let next: IteratorResult<readonly (readonly unknown[])[]>;
      try {
        next = await batches.next();
      } catch (e) {
        console.error('[csv] export stopped', e);
        throw e;
      }
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(csvLine).join('')));
    },
    async cancel() {
      await batches.return?.();
    },
  });
}

/** The headers of a CSV answer (status 200), downloaded as `<name>.csv`. */
export function csvHeaders(name: string): Record<string, string> {
  return {
    'content-type': CSV_CONTENT_TYPE,
    'content-disposition': `attachment; filename="${csvFilename(name)}"`,
    'cache-control': 'no-store',
  };
}

/** A safe ASCII file name ending in .csv: `accounts-12-movements.csv`. */
export function csvFilename(name: string): string {
  const base = name.replace(/\.csv$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  return `${base}.csv`;
}

/** The file name of an API path: `/api/v1/accounts/12/movements` → `accounts-12-movements`. */
export const filenameOfPath = (pathname: string): string => pathname.replace(/^\/api\/v\d+\//, '');

// ---------------------------------------------------------------------------------------------
// Asking for CSV
// ---------------------------------------------------------------------------------------------

export const formatParamSchema = z.enum(['json', 'csv']).optional().describe('csv: the whole list (every page) or report as CSV, like `Accept: text/csv`');
export const langParamSchema = z.enum(['en', 'zh']).optional().describe('Language of the generated texts of a CSV (memos, alert details); default: Accept-Language');

/** The quality an Accept header gives a media type listed by name (wildcards do not count). */
function acceptQuality(accept: string, type: string): number {
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().toLowerCase().split(';');
    if (media?.trim() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const n = q ? Number(q.slice(2)) : 1;
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

/** `?format=csv`, or no format and an Accept header that names text/csv above application/json. */
export function wantsCsv(format: string | null | undefined, accept: string | null | undefined): boolean {
  if (format) return format === 'csv';
  const a = accept ?? '';
  const csv = acceptQuality(a, 'text/csv');
  return csv > 0 && csv > acceptQuality(a, 'application/json');
}

// ---------------------------------------------------------------------------------------------
// Rows and columns of an answer
// ---------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is CsvRow => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** The rows of an answer, as the spec says (see CsvSpec.rows). */
export function rowsOf(spec: CsvSpec, result: unknown): unknown[] {
  if (typeof spec.rows === 'function') return [...spec.rows(result)];
  if (typeof spec.rows === 'string') {
    const v = isObject(result) ? result[spec.rows] : undefined;
    return Array.isArray(v) ? v : [];
  }
  if (Array.isArray(result)) return result;
  if (isObject(result) && Array.isArray(result.items)) return result.items as unknown[];
  return result === null || result === undefined ? [] : [result];
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  getter?: () => z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { def: ZodDef }).def;

/** A schema without its optional / nullable / default / pipe wrappers. */
function bare(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const d = defOf(s);
    if (d.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe' && d.in && d.out) s = defOf(d.out).type === 'transform' ? d.in : d.out;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else break;
  }
  return s;
}

/** The schema of one row of an answer, when the spec names the rows by field or not at all. */
export function rowSchemaOf(spec: CsvSpec, response: z.ZodType | undefined): z.ZodType | undefined {
  if (!response || typeof spec.rows === 'function') return undefined;
  const s = bare(response);
  const d = defOf(s);
  const field = spec.rows ?? (d.type === 'object' && d.shape?.items ? 'items' : undefined);
  if (d.type === 'array' && !field) return d.element;
  if (d.type !== 'object') return undefined;
  if (!field) return s;
  const list = d.shape?.[field] ? bare(d.shape[field]) : undefined;
  return list && defOf(list).type === 'array' ? defOf(list).element : undefined;
}

/** Flattened column paths of a row schema; `loose` when it lets more fields through. */
function schemaColumns(schema: z.ZodType, prefix = ''): { paths: string[]; loose: boolean } {
  const d = defOf(bare(schema));
  if (d.type !== 'object' || !d.shape) return { paths: [prefix || 'value'], loose: false };
  const paths: string[] = [];
  for (const [key, child] of Object.entries(d.shape)) {
    const c = defOf(bare(child));
    if (c.type === 'object' && c.shape && Object.keys(c.shape).length) paths.push(...schemaColumns(child, `${prefix}${key}.`).paths);
    else paths.push(`${prefix}${key}`);
  }
  const loose = !prefix && d.catchall !== undefined && defOf(d.catchall).type !== 'never';
  return { paths, loose };
}

/** Flattened column paths of a row value. */
function valueColumns(row: unknown, prefix = ''): string[] {
  if (!isObject(row)) return [prefix || 'value'];
  return Object.entries(row).flatMap(([k, v]) => (isObject(v) && Object.keys(v).length ? valueColumns(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const omitted = (path: string, omit: readonly string[]) => omit.some((o) => path === o || path.startsWith(`${o}.`));

/**
 * The header of an export: the row schema's fields (plus the first row's other fields when the
 * schema is loose, or the first row's fields when there is no schema), less `omit`, then the
 * computed columns that are not fields.
 */
export function columnsOf(spec: CsvSpec, response: z.ZodType | undefined, firstRow: unknown): string[] {
  const schema = rowSchemaOf(spec, response);
  let paths: string[];
  if (schema) {
    const fromSchema = schemaColumns(schema);
    paths = fromSchema.paths;
    if (fromSchema.loose && firstRow !== undefined) paths = [...paths, ...valueColumns(firstRow).filter((p) => !paths.includes(p) && !paths.some((q) => p.startsWith(`${q}.`)))];
  } else {
    paths = firstRow === undefined ? [] : valueColumns(firstRow);
  }
  paths = paths.filter((p) => !omitted(p, spec.omit ?? []));
  return [...paths, ...Object.keys(spec.values ?? {}).filter((k) => !paths.includes(k))];
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** An instant in market time with its offset: 2025-06-03T10:00:00+08:00 (milliseconds kept when not zero). */
export function marketInstant(d: Date): string {
  const local = new Date(d.getTime() + SHANGHAI_OFFSET_MINUTES * 60_000).toISOString();
  const ms = local.slice(19, 23);
  const hh = String(Math.floor(SHANGHAI_OFFSET_MINUTES / 60)).padStart(2, '0');
  const mm = String(SHANGHAI_OFFSET_MINUTES % 60).padStart(2, '0');
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}+${hh}:${mm}`;
}

const jsonText = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/** A field's value as a cell value: plain values as they are, instants in market time, lists joined, the rest as JSON. */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return marketInstant(v);
  if (typeof v === 'string') return ISO_UTC.test(v) ? marketInstant(new Date(v)) : v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof x) || x instanceof Date)) {
    return v.map((x) => String(plainValue(x) ?? '')).join('; ');
  }
  return jsonText(v);
}

function at(row: unknown, path: string): unknown {
  let v: unknown = row;
  for (const key of path.split('.')) {
    if (!isObject(v)) return path === 'value' && !isObject(row) ? row : undefined;
    v = v[key];
  }
  return v;
}

/** The cells of one row under the given header. */
export function cellsOf(spec: CsvSpec, header: readonly string[], row: unknown, ctx: CsvContext): unknown[] {
  return header.map((col) => {
    const computed = spec.values?.[col];
    return plainValue(computed ? computed(isObject(row) ? row : { value: row }, ctx) : at(row, col));
  });
}

/**
 * The CSV of an answer and of the pages after it: `first` is the handler's answer to the request
 * (its first page); `next(cursor)` answers the page after `cursor`. Rows of every page go out as
 * they come.
 */
export function csvOfPages(
  spec: CsvSpec,
  response: z.ZodType | undefined,
  first: unknown,
  next: (cursor: string) => Promise<unknown>,
  ctx: CsvContext,
): ReadableStream<Uint8Array> {
  const firstRows = rowsOf(spec, first);
  const header = columnsOf(spec, response, firstRows[0]);
  const cursorOf = (page: unknown) => (isObject(page) && typeof page.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null);
  async function* batches(): AsyncGenerator<unknown[][]> {
    yield firstRows.map((r) => cellsOf(spec, header, r, ctx));
    const seen = new Set<string>();
    for (let cursor = cursorOf(first); cursor !== null; ) {
      if (seen.has(cursor)) throw new Error(`CSV export: the cursor ${cursor} came back twice; the query schema must accept cursor`);
      seen.add(cursor);
      const page = await next(cursor);
      yield rowsOf(spec, page).map((r) => cellsOf(spec, header, r, ctx));
      cursor = cursorOf(page);
    }
  }
  return csvStream(header, batches());
}
