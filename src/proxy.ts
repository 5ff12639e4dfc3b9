/**
 * Next 16 Proxy (the former middleware): runs before every page and API request and adds the
 * security headers (src/server/http/securityHeaders.ts) — a fresh CSP nonce per request, passed
 * to the render through the request's own Content-Security-Policy header (Next.js reads the nonce
 * from it and puts it on its scripts) and as `x-nonce`. Nothing else: authentication, permissions
 * and validation stay in the route wrapper and the services.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { trustProxy } from '@/config/env';
import { securityHeaders, servedOverTls } from '@/server/http/securityHeaders';

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const headers = securityHeaders({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    https: servedOverTls({ url: request.url, forwardedProto: request.headers.get('x-forwarded-proto') }, trustProxy()),
    api: request.nextUrl.pathname.startsWith('/api/v1/'),
  });
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
