import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { apiMethods, badPathSegment, proxy } from '@/proxy';
import { endpoints } from '@/server/http/openapi';

/**
 * Paths whose segments do not decode: the proxy answers 400 in the API's JSON error shape before
 * Next fails decoding the route parameter (a plain-text 500).
 */
describe('src/proxy.ts: API paths that do not decode', () => {
  const run = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(new URL(`http://localhost:3000${path}`), { headers }));

  for (const segment of ['%ED%A0%80', '%FF', '%C0%AF', '%', '%E4%B8', 'a%00b']) {
    it(`answers 400 INVALID_INPUT as JSON for /api/v1/accounts/${segment}/holdings`, async () => {
      const response = run(`/api/v1/accounts/${segment}/holdings`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'The request is invalid.', fields: { path: 'Not valid.' } } });
      // Still with the API's security headers.
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(response.headers.get('x-middleware-next')).toBeNull();
    });
  }

  it('renders the message in the reader\'s language', async () => {
    const body = (await run('/api/v1/accounts/%FF/holdings', { 'accept-language': 'zh-CN' }).json()) as { error: { message: string } };
    expect(body.error.message).toBe('请求无效。');
  });

  it('lets good encodings through to the route, and leaves pages alone', () => {
    expect(badPathSegment('/api/v1/accounts/%E4%B8%AD/holdings')).toBeUndefined();
    expect(badPathSegment('/api/v1/instruments/CEA-2024/book')).toBeUndefined();
    const ok = run('/api/v1/accounts/%E4%B8%AD%20x/holdings');
    expect(ok.headers.get('x-middleware-next')).toBe('1');
    expect(run('/market/%FF').headers.get('x-middleware-next')).toBe('1');
  });
});

describe('src/proxy.ts: unknown API paths and wrong methods answer the JSON error shape', () => {
  const run = (method: string, path: string, headers: Record<string, string> = {}) =>
    proxy(new NextRequest(new URL(`http://localhost:3000${path}`), { method, headers }));

  it('answers an /api/v1 path no route serves with 404 NOT_FOUND as JSON, not Next\'s HTML page', async () => {
    for (const path of ['/api/v1/nope', '/api/v1', '/api/v1/accounts/5/holdings/extra', '/api/v1/accounts//holdings']) {
      for (const method of ['GET', 'POST', 'DELETE']) {
        const response = run(method, path);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: `API endpoint ${path} was not found.` } });
      }
    }
    const zh = (await run('GET', '/api/v1/nope', { 'accept-language': 'zh-CN,zh;q=0.9' }).json()) as { error: { message: string } };
    expect(zh.error.message).toBe('未找到API 接口 /api/v1/nope。');
  });

  it('answers a method the path\'s route does not export with 405 METHOD_NOT_ALLOWED and Allow, not an empty body', async () => {
    const health = run('POST', '/api/v1/health');
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await health.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: 'POST is not allowed on this path. Allowed: GET.' } });
    const holdings = run('DELETE', '/api/v1/accounts/5/holdings');
    expect(holdings.status).toBe(405);
    expect(((await holdings.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('lets every documented method and path through, and HEAD of a GET and OPTIONS', () => {
    for (const e of Object.values(endpoints)) {
      const path = e.path.replace(/\{\w+\}/g, '7');
      expect(run(e.method, path).headers.get('x-middleware-next'), `${e.method} ${path}`).toBe('1');
      expect(apiMethods(path)).toContain(e.method);
    }
    expect(run('HEAD', '/api/v1/health').headers.get('x-middleware-next')).toBe('1');
    expect(run('OPTIONS', '/api/v1/health').headers.get('x-middleware-next')).toBe('1');
    // Pages and other API trees (next-auth) are not the endpoint table's business.
    expect(run('POST', '/api/auth/callback/credentials').headers.get('x-middleware-next')).toBe('1');
    expect(run('GET', '/no-such-page').headers.get('x-middleware-next')).toBe('1');
  });
});
