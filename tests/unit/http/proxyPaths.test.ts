import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { badPathSegment, proxy } from '@/proxy';

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
