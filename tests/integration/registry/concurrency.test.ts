import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@/server/errors';
import { cancelVoluntarily, requestNonTradeTransfer, freeze } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { db } from '@/db/client';
import { bootstrapRegistry, createParticipant, holdingOf, type Registry } from '../../support/fixtures';

/** Real concurrency against PostgreSQL: many transactions at once, then the invariants. */
let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
});

const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === 'rejected' ? (r.reason instanceof DomainError ? r.reason.code : String(r.reason)) : 'OK';

describe('concurrent movements cannot double-spend', () => {
  it('use cases run at READ COMMITTED (the server default inTransaction relies on)', async () => {
    const { inTransaction } = await import('@/server/tx');
    const level = await inTransaction((tx) => tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`);
    expect(level[0]?.transaction_isolation).toBe('read committed');
  });

  it('50 concurrent cancellations of 100 t out of 1,000 t: exactly 10 succeed', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const cancelledBefore = await cancellationTotal(2024);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => cancelVoluntarily(holder.actor, { instrument: 'CEA', vintage: 2024, quantity: 100, reason: `concurrent ${i}` })),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(codes.filter((c) => c === 'INSUFFICIENT_HOLDING')).toHaveLength(40);
    expect(await holdingOf(holder.accountId, 2024)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 0 });
    expect((await cancellationTotal(2024)) - cancelledBefore).toBe(1000);
    const report = await verifyLedger();
    expect(report.holdingMismatches).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('racing cancellations, transfers and freezes on one holding never overdraw it', async () => {
    const a = await createParticipant(reg, { cea: { 2023: 1000 } });
    const b = await createParticipant(reg);
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      jobs.push(cancelVoluntarily(a.actor, { instrument: 'CEA', vintage: 2023, quantity: 150, reason: 'race' }));
      jobs.push(requestNonTradeTransfer(a.actor, { toAccountId: b.accountId, instrument: 'CEA', vintage: 2023, quantity: 150, kind: 'DONATION', reason: 'race', documentsRef: 'doc' }));
      jobs.push(freeze(reg.registry, { accountId: a.accountId, instrument: 'CEA', vintage: 2023, quantity: 150, authority: 'Court', orderReference: `R-${i}`, reason: 'race' }));
    }
    const results = await Promise.allSettled(jobs);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.map(codeOf).filter((c) => c === 'INSUFFICIENT_HOLDING').length;
    expect(ok + refused).toBe(30);
    expect(ok).toBe(6); // 6 × 150 = 900 ≤ 1,000 < 7 × 150
    const h = await holdingOf(a.accountId, 2023);
    expect(h.available).toBe(100);
    expect(h.available + h.locked + h.frozen).toBe(1000 - (await cancelledFrom(a.accountId)));
    expect((await verifyLedger()).ok).toBe(true);
  });
});

async function cancellationTotal(vintage: number): Promise<number> {
  const acct = await db().registryAccount.findFirstOrThrow({ where: { type: 'CANCELLATION' } });
  return (await holdingOf(acct.id, vintage)).available;
}

async function cancelledFrom(accountId: number): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint | null }[]>`
    SELECT -sum(p.quantity) AS n FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id
     WHERE p.account_id = ${accountId} AND e.type = 'VOLUNTARY_CANCELLATION'`;
  return Number(rows[0]?.n ?? 0);
}
