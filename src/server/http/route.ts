import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { z } from 'zod';
import type { Lang } from '@/i18n';
import { renderFields, renderProblem } from '@/i18n/problems';
import { issueFields } from '@/schemas/problems';
import { problem, type Problem } from '@/domain/problems';
import { DomainError, fail } from '../errors';
import { CSV_PAGE_SIZE, csvHeaders, csvOfPages, filenameOfPath, formatParamSchema, langParamSchema, wantsCsv, type CsvSpec } from './csv';
import { loadActor, type Actor } from '../identity/actor';
import { actorFromApiToken } from '../identity/credentials';
import { runDueWork } from '../schedule/dueWork';

/**
 * The one wrapper for every /api/v1 route: authentication (bearer token or browser session),
 * validation of path params, query and body with zod, the Idempotency-Key header, and the
 * mapping of domain errors to the JSON error shape of API.md. Routes stay thin. Before a write
 * (any method but GET and HEAD) the work that fell due on the market clock runs; a read never writes.
 * An endpoint with a `csv` description answers CSV too (`?format=csv` or `Accept: text/csv`):
 * every page of a paged list, streamed (./csv.ts).
 */

type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;

export interface RouteContext<B, Q, P> {
  req: NextRequest;
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  idempotencyKey: string | undefined;
}

interface RouteOptions<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined, Auth extends boolean> {
  auth?: Auth;
  body?: B;
  query?: Q;
  params?: P;
  /** HTTP status of a successful response (default 200). */
  status?: number;
  /** The success body's schema: the columns of a CSV answer. */
  response?: Schema;
  /** Answers CSV as well (./csv.ts). */
  csv?: CsvSpec;
}

/** The language of an API answer's messages: Accept-Language zh* → Chinese, else English (API.md). */
export function apiLang(req: Pick<NextRequest, 'headers'>): Lang {
  const first = (req.headers.get('accept-language') ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}

/** The JSON error shape of API.md, its `message` and `fields` in the request's language. */
export function errorResponse(e: unknown, lang: Lang = 'en'): NextResponse {
  if (e instanceof DomainError) {
    const message = renderProblem(e.problem, lang);
    const fields = e.fieldProblems ? renderFields(e.fieldProblems, lang) : undefined;
    return NextResponse.json({ error: { code: e.code, message, ...(fields ? { fields } : {}) } }, { status: e.status });
  }
  if (e instanceof z.ZodError) return errorResponse(fail('INVALID_INPUT', {}, issueFields(e, undefined)), lang);
  console.error('[api] unexpected error', e);
  return NextResponse.json({ error: { code: 'INTERNAL', message: lang === 'zh' ? '服务端出现意外错误，未做任何更改。' : 'Something went wrong on our side. Nothing was changed.' } }, { status: 500 });
}

/** JSON with bigint as number (quantities are tonnes, far below 2^53) and dates as ISO strings. */
export function json(data: unknown, status = 200): NextResponse {
  const body = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return new NextResponse(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/** A file to download (a PDF statement …): its bytes, media type and file name. */
export function attachment(bytes: Uint8Array, contentType: string, filename: string): NextResponse {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-');
  return new NextResponse(new Uint8Array(bytes), {
    status: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${safe}"`, 'content-length': String(bytes.byteLength), 'cache-control': 'no-store' },
  });
}

export async function resolveActor(req: NextRequest): Promise<Actor | null> {
  const authz = req.headers.get('authorization');
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    if (!m) throw fail('UNAUTHENTICATED', { reason: 'BAD_HEADER' });
    const actor = await actorFromApiToken(m[1]!);
    if (!actor) throw fail('UNAUTHENTICATED', { reason: 'UNKNOWN_TOKEN' });
    return actor;
  }
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  const token = secret ? await getToken({ req, secret }) : null;
  const uid = token?.uid;
  return typeof uid === 'number' ? loadActor(uid) : null;
}

const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional();

function parse<S extends Schema | undefined>(schema: S | undefined, value: unknown, where: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = issueFields(r.error, value);
    const named: Record<string, Problem> = where === 'body' ? fields : Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${where}.${k}`, v]));
    throw fail('INVALID_INPUT', {}, named);
  }
  return r.data as Infer<S>;
}

export function apiRoute<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Auth extends boolean = true,
>(
  opts: RouteOptions<B, Q, P, Auth>,
  handler: (ctx: RouteContext<Infer<B>, Infer<Q>, Infer<P>> & { actor: Auth extends false ? Actor | null : Actor }) => Promise<unknown>,
) {
  return async (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }): Promise<NextResponse> => {
    try {
      const actor = await resolveActor(req);
      if (opts.auth !== false && !actor) throw fail('UNAUTHENTICATED', { reason: 'SIGN_IN' });
      const params = parse<P>(opts.params, await ctx.params, 'path');
      let rawQuery: Record<string, string> = Object.fromEntries(req.nextUrl.searchParams);
      let csv: { spec: CsvSpec; lang: Lang } | undefined;
      if (opts.csv) {
        const { format, lang, ...rest } = rawQuery;
        const asked = parse(z.object({ format: formatParamSchema, lang: langParamSchema }), { format, lang }, 'query');
        rawQuery = rest;
        if (wantsCsv(asked.format, req.headers.get('accept'))) {
          csv = { spec: opts.csv, lang: asked.lang ?? apiLang(req) };
          // The whole list, whatever page was asked for: the pages are followed below.
          const { cursor: _cursor, ...filters } = rest;
          rawQuery = { ...filters, limit: String(CSV_PAGE_SIZE) };
        }
      }
      const query = parse<Q>(opts.query, rawQuery, 'query');
      let body: Infer<B> = undefined as Infer<B>;
      if (opts.body) {
        let raw: unknown;
        try {
          raw = await req.json();
        } catch {
          throw fail('INVALID_JSON', {});
        }
        body = parse<B>(opts.body, raw, 'body');
      }
      const keyCheck = idempotencyKeySchema.safeParse(req.headers.get('idempotency-key') ?? undefined);
      if (!keyCheck.success) throw fail('INVALID_INPUT', {}, { 'Idempotency-Key': problem('FIELD_INVALID') });
      if (req.method !== 'GET' && req.method !== 'HEAD') await runDueWork();
      const context = { req, actor: actor as Actor, body, query, params, idempotencyKey: keyCheck.data };
      const result = await handler(context);
      if (result instanceof NextResponse) return result;
      if (csv) {
        const next = (cursor: string) => handler({ ...context, query: parse<Q>(opts.query, { ...rawQuery, cursor }, 'query') });
        const stream = csvOfPages(csv.spec, opts.response, result, next, { lang: csv.lang });
        return new NextResponse(stream, { status: 200, headers: csvHeaders(filenameOfPath(req.nextUrl.pathname)) });
      }
      return json(result, opts.status ?? 200);
    } catch (e) {
      return errorResponse(e, apiLang(req));
    }
  };
}
