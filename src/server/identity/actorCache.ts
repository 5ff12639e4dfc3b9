import pg from 'pg';
import type { Actor } from './actor';

/**
 * The actor of a bearer token, kept in this process's memory for a few seconds (issue 14 §1), so
 * that an API request does not read the token, its user and organisation again: the one query it
 * saves is most of what authentication costs.
 *
 * Kept only while this process listens to PostgreSQL's `actor_changed` channel, which triggers
 * (migration 20261209100000_actor_cache_invalidation) signal at the commit of anything that could
 * change who a token stands for: a token revoked or deleted, a user's roles, organisation,
 * two-factor or disabled flag, an organisation's kind or province. A notification empties the
 * cache of every process at once; so does losing the listening connection (nothing is kept until
 * it is back). A process also empties its own cache right after it revokes or changes something
 * itself, so that its next request never sees the old actor. An entry lives at most
 * `ACTOR_CACHE_MS` (default 5,000 ms; 0 turns the cache off) and never past its token's expiry.
 * Unknown, revoked and expired tokens are never kept: they are read every time.
 */
const MAX_ENTRIES = 10_000;
const RETRY_MS = 5_000;

interface Entry {
  actor: Actor;
  until: number;
}

const entries = new Map<string, Entry>();
/** Notifications (and connection losses) seen so far: a read that began before one is not kept. */
let notifications = 0;

interface Listener {
  url: string;
  client: pg.Client;
  ready: boolean;
}
let listener: Listener | null = null;
/** After a failed or lost connection, when to try listening again (ms since the epoch). */
let retryAt = 0;

const ttlMs = () => Number(process.env.ACTOR_CACHE_MS ?? 5_000);

const stats = { hits: 0, loads: 0 };

/** What the cache did so far in this process (tests, benchmarks): answers from memory, reads, and whether it listens. */
export function actorCacheStats(): { hits: number; loads: number; kept: number; listening: boolean } {
  return { ...stats, kept: entries.size, listening: listener?.ready ?? false };
}

/** Forgets every kept actor (after this process revoked a token or changed a user). */
export function forgetActors(): void {
  entries.clear();
}

/**
 * The actor of the token with hash `key`: kept, or loaded with `load` (which answers null for a
 * token that is unknown, revoked or expired, and the token's expiry otherwise).
 */
export async function cachedActor(key: string, load: () => Promise<{ actor: Actor; expiresAt: Date } | null>): Promise<Actor | null> {
  const ttl = ttlMs();
  if (!(ttl > 0) || !listening()) return (await load())?.actor ?? null;
  const now = Date.now();
  const kept = entries.get(key);
  if (kept && kept.until > now) {
    stats.hits += 1;
    return kept.actor;
  }
  stats.loads += 1;
  // Counted before the read: a notification during it empties the cache, and what was read may be older than it.
  const epoch = notifications;
  const loaded = await load();
  if (!loaded) {
    entries.delete(key);
    return null;
  }
  if (epoch === notifications && listener?.ready) {
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { actor: loaded.actor, until: Math.min(now + ttl, loaded.expiresAt.getTime()) });
  }
  return loaded.actor;
}

function invalidate(): void {
  notifications += 1;
  entries.clear();
}

/** Whether this process listens to `actor_changed` on the current database; starts listening if not. */
function listening(): boolean {
  const url = process.env.DATABASE_URL;
  if (!url) return false;
  if (listener && listener.url === url) return listener.ready;
  if (listener) drop(listener);
  if (Date.now() < retryAt) return false;
  listen(url);
  return false;
}

function listen(url: string): void {
  const l: Listener = { url, client: new pg.Client({ connectionString: url }), ready: false };
  listener = l;
  l.client.on('notification', invalidate);
  l.client.on('error', () => drop(l));
  l.client.on('end', () => drop(l));
  l.client
    .connect()
    .then(() => l.client.query('LISTEN actor_changed'))
    .then(() => {
      if (listener !== l) return;
      invalidate();
      l.ready = true;
      // The listening connection alone never keeps a script or a test worker alive.
      (l.client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    })
    .catch(() => drop(l));
}

function drop(l: Listener): void {
  if (listener === l) {
    listener = null;
    retryAt = Date.now() + RETRY_MS;
    invalidate();
  }
  l.ready = false;
  l.client.removeAllListeners('notification');
  l.client.end().catch(() => undefined);
}

/** Stops listening and forgets everything (tests; a process shutting down). */
export async function stopActorCache(): Promise<void> {
  const l = listener;
  listener = null;
  retryAt = 0;
  invalidate();
  if (l) {
    l.ready = false;
    await l.client.end().catch(() => undefined);
  }
}
