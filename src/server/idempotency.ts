import { createHash } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import { problem } from '@/domain/problems';
import { fail, type DomainError } from './errors';
import type { Tx } from './tx';

export interface Idempotency {
  key: string | undefined;
  /** The use case, e.g. 'cancellation'; a key cannot be reused across use cases or bodies. */
  scope: string;
  request: unknown;
}

/** The key was used before for a different request (422), named as the header's problem. */
export const keyReused = () => fail('IDEMPOTENCY_KEY_REUSED', {}, { 'Idempotency-Key': problem('IDEMPOTENCY_KEY_REUSED') });

export const hashRequest = (scope: string, request: unknown) =>
  createHash('sha256').update(scope).update(JSON.stringify(request, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).digest('hex');

/**
 * Runs `run` at most once per (actor, Idempotency-Key), inside the caller's transaction. The key
 * row is inserted first, so a concurrent duplicate waits on the unique index until the first
 * commits, then replays its stored result. If the first fails, its key is rolled back with it.
 */
export async function idempotent<T>(tx: Tx, actorUserId: number, idem: Idempotency, run: () => Promise<T>): Promise<T> {
  if (!idem.key) return run();
  const requestHash = hashRequest(idem.scope, idem.request);
  const inserted = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO idempotency_record (actor_user_id, key, scope, request_hash)
    VALUES (${actorUserId}, ${idem.key}, ${idem.scope}, ${requestHash})
    ON CONFLICT (actor_user_id, key) DO NOTHING RETURNING id`;
  if (inserted.length === 0) {
    const prior = await priorRequest(tx, actorUserId, idem.key);
    if (prior.request_hash !== requestHash) {
      throw keyReused();
    }
    return prior.response as T;
  }
  const result = await run();
  await tx.idempotencyRecord.update({
    where: { id: inserted[0]!.id },
    data: { response: (result === undefined ? Prisma.JsonNull : (JSON.parse(JSON.stringify(result)) as Prisma.InputJsonValue)) },
  });
  return result;
}

/** The stored request of a key that is taken (raw SQL: it also runs in src/db/sql.ts transactions). */
async function priorRequest(tx: Tx, actorUserId: number, key: string): Promise<{ request_hash: string; response: unknown }> {
  const [prior] = await tx.$queryRaw<{ request_hash: string; response: unknown }[]>`
    SELECT request_hash, response FROM idempotency_record WHERE actor_user_id = ${actorUserId} AND key = ${key}`;
  if (!prior) throw new Error('An Idempotency-Key that conflicted is gone.');
  return prior;
}

/** The outcome of claiming one request's Idempotency-Key inside a batch. */
export type KeyClaim =
  | { kind: 'none' }
  | { kind: 'claimed'; id: number }
  | { kind: 'replay'; response: unknown }
  | { kind: 'follow'; index: number }
  | { kind: 'refused'; error: DomainError };

/**
 * The batch form of `idempotent` (one statement for all keys): claims each request's key. A key
 * used before replays its stored result (or is refused if the request differs); a key repeated
 * inside the batch follows its first occurrence. The caller then stores each claimed key's result
 * with `settleKeys`, or releases the keys of requests that failed, in the same transaction.
 */
export async function claimKeys(tx: Tx, requests: { actorUserId: number; key: string | undefined; scope: string; request: unknown }[]): Promise<KeyClaim[]> {
  const claims: KeyClaim[] = requests.map(() => ({ kind: 'none' }));
  const first = new Map<string, number>();
  const toInsert: { index: number; actorUserId: number; key: string; hash: string; scope: string }[] = [];
  requests.forEach((r, index) => {
    if (!r.key) return;
    const id = `${r.actorUserId}|${r.key}`;
    const seen = first.get(id);
    if (seen !== undefined) {
      claims[index] = hashRequest(r.scope, r.request) === hashRequest(requests[seen]!.scope, requests[seen]!.request)
        ? { kind: 'follow', index: seen }
        : { kind: 'refused', error: keyReused() };
      return;
    }
    first.set(id, index);
    toInsert.push({ index, actorUserId: r.actorUserId, key: r.key, hash: hashRequest(r.scope, r.request), scope: r.scope });
  });
  if (toInsert.length === 0) return claims;
  const inserted = await tx.$queryRaw<{ id: number; actor_user_id: number; key: string }[]>`
    INSERT INTO idempotency_record (actor_user_id, key, scope, request_hash)
    VALUES ${Prisma.join(toInsert.map((k) => Prisma.sql`(${k.actorUserId}, ${k.key}, ${k.scope}, ${k.hash})`))}
    ON CONFLICT (actor_user_id, key) DO NOTHING RETURNING id, actor_user_id, key`;
  const insertedBy = new Map(inserted.map((r) => [`${r.actor_user_id}|${r.key}`, r.id]));
  for (const k of toInsert) {
    const id = insertedBy.get(`${k.actorUserId}|${k.key}`);
    if (id !== undefined) {
      claims[k.index] = { kind: 'claimed', id };
      continue;
    }
    const prior = await priorRequest(tx, k.actorUserId, k.key);
    claims[k.index] = prior.request_hash === k.hash
      ? { kind: 'replay', response: prior.response }
      : { kind: 'refused', error: keyReused() };
  }
  return claims;
}

/** Stores the results of claimed keys and releases the keys of requests that failed. */
export async function settleKeys(tx: Tx, done: { id: number; response: unknown }[], failed: number[]): Promise<void> {
  if (done.length > 0) {
    await tx.$executeRaw`
      UPDATE idempotency_record r SET response = v.response
        FROM (VALUES ${Prisma.join(done.map((d) => Prisma.sql`(${d.id}::int, ${JSON.stringify(d.response)}::jsonb)`))}) AS v(id, response)
       WHERE r.id = v.id`;
  }
  if (failed.length > 0) await tx.$executeRaw`DELETE FROM idempotency_record WHERE id IN (${Prisma.join(failed)})`;
}
