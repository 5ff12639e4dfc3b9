/**
 * Next 16 Proxy (the former middleware): runs before every page and API request and adds the
 * security headers (src/server/http/securityHeaders.ts) — a fresh CSP nonce per request, passed
 * to the render through the request's own Content-Security-Policy header (Next.js reads the nonce
 * from it and puts it on its scripts) and as `x-nonce`. And one refusal no route can make: an API path
 * whose segments do not decode (400 INVALID_INPUT in the JSON error shape, not Next's plain-text 500),
 * an /api/v1 path no route serves (404 NOT_FOUND, not Next's HTML page) and a method its route does
 * not answer (405 METHOD_NOT_ALLOWED with Allow, not Next's empty 405), read from the endpoint table.
 * Nothing else: authentication, permissions and validation stay in the route wrapper and the services.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { trustProxy } from '@/config/env';
import { problem } from '@/domain/problems';
import { fail, type DomainError } from '@/server/errors';
import { endpoints, type EndpointSpec } from '@/server/http/openapi';
import { apiLang, problemResponse } from '@/server/http/problemResponse';
import { securityHeaders, servedOverTls } from '@/server/http/securityHeaders';

/**
 * A path segment of an API request that does not decode (a bad percent-encoding such as `%FF`,
 * an encoded UTF-16 surrogate `%ED%A0%80`, an overlong `%C0%AF`, a bare `%`) or that decodes to
 * a NUL character: Next would fail decoding it as a route parameter and answer a plain-text 500
 * before the route runs. undefined when every segment is good. (decodeURIComponent never yields
 * a lone surrogate: it refuses an encoded one.)
 */
export function badPathSegment(pathname: string): string | undefined {
  for (const segment of pathname.split('/')) {
    try {
      if (decodeURIComponent(segment).includes('\u0000')) return segment;
    } catch {
      return segment;
    }
  }
  return undefined;
}

/** Each /api/v1 path template of the endpoint table (src/server/http/openapi.ts) as a pattern, with its methods. */
const API_PATHS: { pattern: RegExp; methods: string[] }[] = (() => {
  const byPath = new Map<string, string[]>();
  for (const e of Object.values(endpoints) as EndpointSpec[]) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e.method]);
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.split('/').map((s) => (/^\{\w+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`),
    methods,
  }));
})();

/**
 * The methods an /api/v1 path is served with (the route files answer exactly the endpoint table:
 * tests/integration/http/openapi.test.ts), or undefined when no route serves it.
 */
export function apiMethods(pathname: string): string[] | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const found = API_PATHS.filter((p) => p.pattern.test(path)).flatMap((p) => p.methods);
  return found.length ? [...new Set(found)] : undefined;
}

/** The API's JSON error (API.md) for a problem found before any route runs, with the security headers. */
function apiProblem(request: NextRequest, error: DomainError, headers: Record<string, string>, extra?: Record<string, string>): NextResponse {
  const response = problemResponse(error, apiLang(request), extra);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const headers = securityHeaders({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https: servedOverTls({ url: request.url, forwardedProto: request.headers.get('x-forwarded-proto') }, trustProxy()),
    api: request.nextUrl.pathname.startsWith('/api/v1/'),
  });
  if (request.nextUrl.pathname.startsWith('/api/') && badPathSegment(request.nextUrl.pathname) !== undefined) {
    return apiProblem(request, fail('INVALID_INPUT', {}, { path: problem('FIELD_INVALID') }), headers);
  }
  const { pathname } = request.nextUrl;
  if (pathname === '/api/v1' || pathname.startsWith('/api/v1/')) {
    // Next answers an unknown path with its HTML 404 page and a method a route does not export
    // with an empty 405: the API answers both in its JSON error shape. HEAD (of a GET) and
    // OPTIONS are Next's own and pass.
    const methods = apiMethods(pathname);
    if (!methods) return apiProblem(request, fail('NOT_FOUND', { what: 'endpoint', id: pathname }), headers);
    const method = request.method.toUpperCase();
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    if (method !== 'OPTIONS' && !allowed.includes(method)) {
      return apiProblem(request, fail('METHOD_NOT_ALLOWED', { method, allowed: methods }), headers, { allow: [...allowed, 'OPTIONS'].join(', ') });
    }
  }
  if (pathname.startsWith('/api/')) {
    // An API answer renders nothing: it needs no nonce passed on to the route.
    const response = NextResponse.next();
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const csp = headers['Content-Security-Policy'] ?? '';

  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (hashed JS, CSS and fonts, served as they are).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
