import { AsyncLocalStorage } from 'node:async_hooks';
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
  const outer = enclosing.getStore();
  if (outer) return fn(outer);
  return db().$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

const enclosing = new AsyncLocalStorage<Tx>();

/**
 * Runs a use case inside a transaction that is already open: its `inTransaction` joins `tx`
 * instead of opening its own. Used where one decision and the action it carries out must commit
 * together — a four-eyes approval and the approved action (src/server/registry/approvals.ts).
 */
export function joiningTransaction<T>(tx: Tx, run: () => Promise<T>): Promise<T> {
  return enclosing.run(tx, run);
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
