import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';

export type Tx = Prisma.TransactionClient;

/**
 * The one way to run a use case: ONE database transaction at READ COMMITTED, in which the
 * ledger takes row locks (SELECT ... FOR UPDATE) in a fixed order. See ledger.ts.
 */
export function inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn, {
    isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
    maxWait: 10_000,
    timeout: 30_000,
  });
}
