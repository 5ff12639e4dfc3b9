import { trustProxy } from '@/config/env';

/**
 * The client's address for per-address rate limits: the first X-Forwarded-For hop when the app is
 * behind a trusted proxy (TRUST_PROXY=1), else null — a bare server cannot tell, and a header any
 * client can set must not decide whose attempts are counted together.
 */
export function clientAddress(forwardedFor: string | string[] | null | undefined): string | null {
  if (!trustProxy()) return null;
  const first = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor;
  return first?.split(',')[0]?.trim() || null;
}
