import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';

export type Tx = Prisma.TransactionClient;

/**
 * The one way to run a use case: ONE database transaction at READ COMMITTED, in which the
 * ledger takes row locks (SELECT ... FOR UPDATE) in a fixed order. See ledger.ts.
 *
 * READ COMMITTED is PostgreSQL's default level, so it is not set per transaction (that would be
 * one more round trip on every use case); tests/integration/registry/concurrency.test.ts checks it.
 */
export function inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

/**
 * Now on the market clock, read through the use case's own transaction: business timestamps
 * (decided, verified, settled, cancelled …) are market time, like the database's market_now()
 * defaults for inserted rows. Wall-clock time is kept only in the audit trail.
 */
export async function marketNow(tx: Tx): Promise<Date> {
  const rows = await tx.$queryRaw<{ now: Date }[]>`SELECT market_now() AS now`;
  return rows[0]!.now;
}
