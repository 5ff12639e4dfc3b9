import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { z } from 'zod';
import type { Lang } from '@/i18n';
import { issueFields } from '@/schemas/problems';
import { problem, type Problem } from '@/domain/problems';
import { DomainError, fail } from '../errors';
import { apiLang, problemResponse } from './problemResponse';
import { dbProblem } from '../dbErrors';
import { CSV_PAGE_SIZE, csvHeaders, csvOfPages, filenameOfPath, formatParamSchema, langParamSchema, wantsCsv, type CsvSpec } from './csv';
import type { Actor } from '../identity/actor';
import { actorFromSessionToken } from '../identity/sessions';
import { actorFromApiToken } from '../identity/credentials';
import { runDueWork } from '../schedule/dueWork';
import { withRequestContext } from '../requestContext';
import { refuseUntilEnrolled, verifySignature } from '../identity/signing';

/**
 * The one wrapper for every /api/v1 route: authentication (bearer token or browser session),
 * validation of path params, query and body with zod, the Idempotency-Key header, and the
 * mapping of domain errors to the JSON error shape of API.md. Routes stay thin. Before a write
 * (any method but GET and HEAD) the work that fell due on the market clock runs; a read never writes.
 * An endpoint with a `csv` description answers CSV too (`?format=csv` or `Accept: text/csv`):
 * every page of a paged list, streamed (./csv.ts).
 *
 * Two-factor (issue 13 §4): in production a privileged user without two-factor may read but not
 * write (403 TWO_FACTOR_ENROLMENT_REQUIRED) except on the endpoints marked `duringEnrolment`; an
 * endpoint marked `signed` needs, from a user with two-factor, a fresh one-time code in the
 * X-Signature-Code header (403 SIGNATURE_REQUIRED / SIGNATURE_INVALID), checked before the use
 * case, which then runs with the signature in the request context (audit_log.signed).
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
  /** A user with two-factor confirms the change with a fresh code in X-Signature-Code. */
  signed?: boolean;
  /** Allowed to a user who must still enrol in two-factor (production): the enrolment itself, ending own sessions. */
  duringEnrolment?: boolean;
}

export { apiLang } from './problemResponse';

/** The JSON error shape of API.md, its `message` and `fields` in the request's language. */
export function errorResponse(e: unknown, lang: Lang = 'en'): NextResponse {
  if (e instanceof DomainError) {
    // A database out of reach: ask the client to try again shortly.
    return problemResponse(e, lang, e.status === 503 ? { 'retry-after': '5' } : undefined);
  }
  if (e instanceof z.ZodError) return errorResponse(fail('INVALID_INPUT', {}, issueFields(e, undefined)), lang);
  const db = dbProblem(e);
  if (db) return errorResponse(db, lang);
  console.error('[api] unexpected error', e);
  return NextResponse.json({ error: { code: 'INTERNAL', message: lang === 'zh' ? '服务端出现意外错误，未做任何更改。' : 'Something went wrong on our side. Nothing was changed.' } }, { status: 500 });
}

/**
 * JSON with bigint as number (quantities are tonnes, far below 2^53) and dates as ISO strings.
 * With its Content-Length: the server then leaves a body under 1 kB uncompressed (gzip costs an
 * order's answer more CPU than it saves on the wire) and compresses the larger ones.
 */
export function json(data: unknown, status = 200): NextResponse {
  const body = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return new NextResponse(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) } });
}

/** A file to download (a PDF statement …): its bytes, media type and file name. */
export function attachment(bytes: Uint8Array, contentType: string, filename: string): NextResponse {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-');
  return new NextResponse(new Uint8Array(bytes), {
    status: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${safe}"`, 'content-length': String(bytes.byteLength), 'cache-control': 'no-store' },
  });
}

/**
 * The caller: by bearer token, else by the next-auth cookie (whose server-side session must be
 * live). On a public route (`publicRoute`) an ended or missing session reads as no sign-in rather
 * than 401, so a stale cookie does not block the token endpoint or the health check.
 */
export async function resolveActor(req: NextRequest, publicRoute = false): Promise<Actor | null> {
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
  if (!publicRoute) return actorFromSessionToken(token);
  try {
    return await actorFromSessionToken(token);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'UNAUTHENTICATED') return null;
    throw e;
  }
}

/** The browser session of a cookie request (the JWT's `sid`); undefined for a bearer token or without a session. */
export async function sessionIdOf(req: NextRequest): Promise<string | undefined> {
  if (req.headers.get('authorization')) return undefined;
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  const token = secret ? await getToken({ req, secret }) : null;
  return typeof token?.sid === 'string' ? token.sid : undefined;
}

/** The largest request body read (bytes); a larger one is answered 413 without being parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A NUL character or a lone UTF-16 surrogate: PostgreSQL text cannot hold them. */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The dotted path of the first string (or key) in `value` that PostgreSQL text cannot hold. */
export function badTextPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? (path.length ? path.join('.') : '_') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (BAD_TEXT.test(k)) return [...path, k.replace(BAD_TEXT, '?')].join('.');
    const found = badTextPath(v, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** Refuses a NUL character or lone surrogate in the values of `where` (path, query, body) as 400 naming the field. */
function refuseBadText(value: unknown, where: 'path' | 'query' | 'body'): void {
  const found = badTextPath(value);
  if (found) throw fail('INVALID_INPUT', {}, { [where === 'body' ? found : `${where}.${found}`]: problem('FIELD_CONTROL_CHARACTER') });
}

const isJsonMediaType = (contentType: string | null) => {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
};

/** The request body as text: 413 above MAX_BODY_BYTES (by Content-Length, or while reading), 415 unless it is JSON. */
async function readBody(req: NextRequest): Promise<string> {
  const tooLarge = () => fail('BODY_TOO_LARGE', { maxBytes: MAX_BODY_BYTES });
  const declared = Number(req.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  if (size > 0 && !isJsonMediaType(req.headers.get('content-type'))) throw fail('UNSUPPORTED_MEDIA_TYPE', {});
  return new TextDecoder().decode(bytes);
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
      const actor = await resolveActor(req, opts.auth === false);
      if (opts.auth !== false && !actor) throw fail('UNAUTHENTICATED', { reason: 'SIGN_IN' });
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      if (actor && write && !opts.duringEnrolment) refuseUntilEnrolled(actor);
      const rawParams = await ctx.params;
      refuseBadText(rawParams, 'path');
      const params = parse<P>(opts.params, rawParams, 'path');
      let rawQuery: Record<string, string> = Object.fromEntries(req.nextUrl.searchParams);
      refuseBadText(rawQuery, 'query');
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
        const text = await readBody(req);
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          throw fail('INVALID_JSON', {});
        }
        refuseBadText(raw, 'body');
        body = parse<B>(opts.body, raw, 'body');
      }
      const keyCheck = idempotencyKeySchema.safeParse(req.headers.get('idempotency-key') ?? undefined);
      if (!keyCheck.success) throw fail('INVALID_INPUT', {}, { 'Idempotency-Key': problem('FIELD_INVALID') });
      const signed = opts.signed && actor ? await verifySignature(actor, req.headers.get('x-signature-code') ?? undefined) : false;
      if (write) await runDueWork();
      const context = { req, actor: actor as Actor, body, query, params, idempotencyKey: keyCheck.data };
      const result = await withRequestContext({ signed }, () => handler(context));
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
