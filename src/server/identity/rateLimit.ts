/**
 * Fixed-window rate limiter for sign-in and token issuance, per key (e.g. "sign-in:<email>").
 *
 * The windows live in PostgreSQL (table rate_limit_window), so the limit holds across every app
 * process that shares the database. One attempt is ONE atomic statement: the row is created, or
 * its window restarted when it has expired, or its count raised, and the new count returned —
 * two processes counting the same key at once are serialised by the row, never both let through
 * on a stale count. Times are the database's wall clock (now()), the same for every process; this
 * is security bookkeeping, not business (market) time.
 */
import { db } from '@/db/client';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export const SIGN_IN_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

/** Windows that started longer ago than this are deleted (longer than any rule's window). */
const PRUNE_AFTER_MS = 60 * 60_000;
/** How often one process prunes (at most). */
const PRUNE_EVERY_MS = 5 * 60_000;
let lastPrune = 0;

/** Counts one attempt; resolves false when the key has used up its window. */
export async function takeAttempt(key: string, rule: RateLimit): Promise<boolean> {
  if (rule.windowMs > PRUNE_AFTER_MS) throw new Error(`rate-limit windows longer than ${PRUNE_AFTER_MS} ms would be pruned early`);
  const windowSeconds = rule.windowMs / 1000;
  const rows = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_window AS w (key, window_start, count)
    VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN w.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE w.window_start END,
      count        = CASE WHEN w.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN 1
                          ELSE LEAST(w.count + 1, 2147483647) END
    RETURNING count`;
  await pruneNowAndThen();
  const count = rows[0]?.count;
  if (count === undefined) throw new Error('rate_limit_window: the upsert returned no row');
  return count <= rule.limit;
}

/** Deletes long-expired windows, at most once every few minutes per process. */
async function pruneNowAndThen(): Promise<void> {
  const now = Date.now();
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  await pruneRateLimitWindows();
}

/** Deletes every window that started more than an hour ago; resolves the number deleted. */
export async function pruneRateLimitWindows(): Promise<number> {
  return db().$executeRaw`
    DELETE FROM rate_limit_window WHERE window_start < now() - make_interval(secs => ${PRUNE_AFTER_MS / 1000})`;
}

/** Forgets every window (tests). */
export async function resetRateLimits(): Promise<void> {
  await db().$executeRaw`TRUNCATE rate_limit_window`;
}
