/**
 * Fixed-window rate limiter for sign-in and token issuance, per key (e.g. "login:<email>:<ip>").
 * In memory: the app runs as one Node process; a multi-instance deployment would move this to
 * the database or a shared cache.
 */
const windows = new Map<string, { start: number; count: number }>();

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const SIGN_IN_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

/** Counts one attempt; returns false when the key has used up its window. */
export function takeAttempt(key: string, rule: RateLimit, now = Date.now()): boolean {
  const w = windows.get(key);
  if (!w || now - w.start >= rule.windowMs) {
    windows.set(key, { start: now, count: 1 });
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= rule.windowMs) windows.delete(k);
    return true;
  }
  w.count += 1;
  return w.count <= rule.limit;
}

export function resetRateLimits(): void {
  windows.clear();
}
