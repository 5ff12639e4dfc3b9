/**
 * The security headers of every page and API response (issue 13 §8), as a pure function of the
 * request's nonce, the build mode and whether the request came over TLS. src/proxy.ts (Next 16's
 * renamed middleware) generates the nonce per request and applies these headers.
 *
 * Pages: a nonce-based Content-Security-Policy without 'unsafe-inline' for scripts. Next.js reads
 * the nonce from the request's own Content-Security-Policy header while rendering and puts it on
 * its framework scripts, page bundles and inline RSC payload scripts; 'strict-dynamic' then trusts
 * the chunks those scripts load. This needs every page dynamically rendered, which they are (the
 * root layout reads the language cookie). Styles keep 'unsafe-inline': recharts and React `style=`
 * attributes set inline styles, and a style-src with a nonce would make browsers ignore
 * 'unsafe-inline'. Development adds 'unsafe-eval' for React's dev tooling; production never does.
 *
 * API (/api/v1/…): JSON, CSV and PDF answers that no browser should render as a document: a policy
 * that allows nothing at all.
 */
export interface SecurityHeaderOptions {
  /** Random per request (base64); unused for API responses. */
  nonce: string;
  /** `next dev`: React's dev tooling needs 'unsafe-eval'. */
  dev: boolean;
  /** The request reached us over TLS (directly, or at a trusted proxy): adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** An /api/v1 response: the strict no-document policy. */
  api?: boolean;
}

/** Browser features the application never uses, turned off for it and anything it might embed. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/** Two years; no `preload` (that is a decision for whoever owns the domain). */
const HSTS = 'max-age=63072000; includeSubDomains';

export function contentSecurityPolicy({ nonce, dev, https, api = false }: SecurityHeaderOptions): string {
  if (api) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  if (https) directives.push(['upgrade-insecure-requests']);
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Every security header of one response, by name. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': PERMISSIONS_POLICY,
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(options.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}

/**
 * Did the request reach us over TLS? Directly (an https URL without any forwarding header), or at
 * a reverse proxy we trust (TRUST_PROXY=1) that says so in X-Forwarded-Proto. A bare server
 * ignores the header, which any client can send.
 */
export function servedOverTls(request: { url: string; forwardedProto: string | null }, trustProxy: boolean): boolean {
  const forwarded = request.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (trustProxy && forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:' && !forwarded;
}
