import { createHash } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import { ruleViolation } from './errors';
import type { Tx } from './tx';

export interface Idempotency {
  key: string | undefined;
  /** The use case, e.g. 'cancellation'; a key cannot be reused across use cases or bodies. */
  scope: string;
  request: unknown;
}

const hashRequest = (scope: string, request: unknown) =>
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
    const prior = await tx.idempotencyRecord.findUniqueOrThrow({ where: { actorUserId_key: { actorUserId, key: idem.key } } });
    if (prior.requestHash !== requestHash) {
      throw ruleViolation('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.', {
        'Idempotency-Key': 'already used for a different request',
      });
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
