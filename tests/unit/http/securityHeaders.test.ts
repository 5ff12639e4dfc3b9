import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders, servedOverTls } from '@/server/http/securityHeaders';
import { config, proxy } from '@/proxy';

/** The directives of a policy: { name: [values] }. */
const directives = (policy: string): Record<string, string[]> =>
  Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));

describe('securityHeaders: the header set from { nonce, dev, https }', () => {
  const page = { nonce: 'bm9uY2Utb25l', dev: false, https: false };

  it('production pages: scripts only with the nonce (no unsafe-inline, no unsafe-eval), nothing may frame the page', () => {
    const csp = directives(contentSecurityPolicy(page));
    expect(csp['script-src']).toEqual(["'self'", "'nonce-bm9uY2Utb25l'", "'strict-dynamic'"]);
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
    // Inline styles (recharts, style= attributes) are allowed, and no nonce there, or browsers would ignore 'unsafe-inline'.
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
  });

  it('the other headers: no framing, no sniffing, a referrer policy, features off; no HSTS over plain HTTP', () => {
    const headers = securityHeaders(page);
    expect(headers).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    expect(headers['Permissions-Policy']).toMatch(/(^|, )camera=\(\)/);
    expect(headers['Permissions-Policy']).toMatch(/(^|, )geolocation=\(\)/);
    expect(headers).not.toHaveProperty('Strict-Transport-Security');
  });

  it('over TLS: HSTS and upgrade-insecure-requests', () => {
    const headers = securityHeaders({ ...page, https: true });
    expect(headers['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(directives(headers['Content-Security-Policy'] ?? '')).toHaveProperty('upgrade-insecure-requests');
  });

  it("development adds 'unsafe-eval' for React's dev tooling, still no 'unsafe-inline' for scripts", () => {
    const csp = directives(contentSecurityPolicy({ ...page, dev: true }));
    expect(csp['script-src']).toContain("'unsafe-eval'");
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
  });

  it('API responses: a policy that allows nothing, with the same other headers', () => {
    const headers = securityHeaders({ ...page, api: true });
    expect(headers['Content-Security-Policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('servedOverTls: HSTS only behind TLS', () => {
  it('trusts X-Forwarded-Proto only behind a trusted proxy', () => {
    expect(servedOverTls({ url: 'http://app.local/', forwardedProto: 'https' }, true)).toBe(true);
    expect(servedOverTls({ url: 'http://app.local/', forwardedProto: 'https, http' }, true)).toBe(true);
    expect(servedOverTls({ url: 'http://app.local/', forwardedProto: 'http' }, true)).toBe(false);
    expect(servedOverTls({ url: 'http://app.local/', forwardedProto: 'https' }, false)).toBe(false);
    expect(servedOverTls({ url: 'https://app.local/', forwardedProto: 'https' }, false)).toBe(false);
  });

  it('a request that arrived as https without forwarding headers is TLS; plain http is not', () => {
    expect(servedOverTls({ url: 'https://app.local/', forwardedProto: null }, false)).toBe(true);
    expect(servedOverTls({ url: 'http://app.local/', forwardedProto: null }, true)).toBe(false);
  });
});

describe('src/proxy.ts', () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
  });

  const run = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(new URL(path, 'http://localhost:3000'), { headers }));
  const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

  it('gives each page request a fresh nonce, in the response header and in the request headers the render reads', () => {
    const first = run('/market');
    const second = run('/market');
    const nonce = nonceOf(first.headers.get('content-security-policy'));
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce);
    // NextResponse.next({ request: { headers } }) hands the overridden request headers to the render this way.
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('strict-transport-security')).toBeNull();
  });

  it('API responses get the strict policy; HSTS behind a trusted TLS proxy only', () => {
    const api = run('/api/v1/health', { 'x-forwarded-proto': 'https' });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(api.headers.get('strict-transport-security')).toBeNull();
    process.env.TRUST_PROXY = '1';
    expect(run('/api/v1/health', { 'x-forwarded-proto': 'https' }).headers.get('strict-transport-security')).toMatch(/^max-age=/);
    expect(run('/login', { 'x-forwarded-proto': 'https' }).headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
  });

  it('runs on pages and the API, not on the build\'s static files', () => {
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    for (const path of ['/', '/market', '/login', '/api/v1/health', '/api/auth/session']) expect(path).toMatch(matcher);
    for (const path of ['/_next/static/chunks/main.js', '/_next/image', '/favicon.ico']) expect(path).not.toMatch(matcher);
  });
});
