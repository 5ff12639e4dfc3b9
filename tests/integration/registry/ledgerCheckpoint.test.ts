import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { sealAuditLog } from '@/server/audit/audit';
import { cancelVoluntarily, depositCash } from '@/server/registry/movements';
import { postEntry } from '@/server/registry/ledger';
import { takeLedgerCheckpoint, verifyLedger } from '@/server/registry/verify';
import { inTransaction } from '@/server/tx';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';

/**
 * Ledger verification from a checkpoint (so that it does not grow with history): a checkpoint keeps
 * the journal's sums and the audit chain up to a point; verification adds what came after. It must
 * find what a full verification finds after the checkpoint, take its boundary only over committed
 * entries, and chain each checkpoint onto the one before.
 */

let reg: Registry;
let a: Participant;
let b: Participant;

const bankId = async () => (await db().cashAccount.findFirstOrThrow({ where: { type: 'EXTERNAL_BANK' } })).id;
const cashIdOf = async (p: Participant) => (await db().cashAccount.findFirstOrThrow({ where: { tradingAccount: { registryAccountId: p.accountId } } })).id;

/** Runs `sql` with the tables' append-only triggers off, as someone tampering with the database would. */
async function tamper(sql: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    await tx.$executeRawUnsafe(sql);
  });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  a = await createParticipant(reg, { cea: { 2024: 50_000 }, cash: '1000.00' });
  b = await createParticipant(reg, { cea: { 2024: 20_000 }, cash: '2000.00' });
  await sealAuditLog();
});

describe('ledger checkpoints', () => {
  it('verify from the latest checkpoint exactly what a full verification finds, and chain each checkpoint onto the last', async () => {
    const before = await verifyLedger();
    expect(before.ok).toBe(true);
    expect(before.checkpoint).toBeNull();

    const first = await takeLedgerCheckpoint();
    expect(first).not.toBeNull();
    const fromFirst = await verifyLedger();
    expect(fromFirst.checkpoint?.id).toBe(first!.id);
    const { checkedAt: _a, checkpoint: _b, ...sameAsFull } = fromFirst;
    const { checkedAt: _c, checkpoint: _d, ...full } = await verifyLedger({ full: true });
    expect(sameAsFull).toEqual(full);
    expect(fromFirst.ok).toBe(true);
    // Nothing new: no second checkpoint.
    expect(await takeLedgerCheckpoint()).toBeNull();

    // More movements, then a second checkpoint built from the first: its sums are the journal's.
    await cancelVoluntarily(a.actor, { instrument: 'CEA', vintage: 2024, quantity: 1_234, reason: 'checkpoint test' });
    await depositCash(reg.exchange, { accountId: a.accountId, amount: '77.77', reference: 'checkpoint test' });
    await sealAuditLog();
    const second = await takeLedgerCheckpoint();
    expect(second).not.toBeNull();
    expect(second!.entries).toBeGreaterThan(0);
    const units = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT account_id, instrument, vintage, bucket, quantity FROM ledger_checkpoint_unit WHERE checkpoint_id = ${second!.id}
        EXCEPT
        SELECT account_id, instrument, vintage, bucket, sum(quantity) FROM unit_posting WHERE entry_id <= ${BigInt(second!.throughEntryId)} GROUP BY 1, 2, 3, 4) d`;
    const cash = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (
        SELECT cash_account_id, bucket, amount FROM ledger_checkpoint_cash WHERE checkpoint_id = ${second!.id}
        EXCEPT
        SELECT cash_account_id, bucket, sum(amount) FROM cash_posting WHERE entry_id <= ${BigInt(second!.throughEntryId)} GROUP BY 1, 2) d`;
    expect([Number(units[0]!.n), Number(cash[0]!.n)]).toEqual([0, 0]);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('still find a balance that disagrees with the journal, a changed posting after the checkpoint, and a broken audit chain', async () => {
    await takeLedgerCheckpoint();
    await depositCash(reg.exchange, { accountId: b.accountId, amount: '10.00', reference: 'after the checkpoint' });
    await sealAuditLog();
    const cash = await cashIdOf(b);

    // A cached balance out of step with the journal.
    await db().$executeRaw`UPDATE cash_account SET available = available + 1 WHERE id = ${cash}`;
    const drift = await verifyLedger();
    expect(drift.ok).toBe(false);
    expect(drift.checkpoint).not.toBeNull();
    expect(drift.cashMismatches.map((m) => m.cashAccountId)).toContain(cash);
    await db().$executeRaw`UPDATE cash_account SET available = available - 1 WHERE id = ${cash}`;
    expect((await verifyLedger()).ok).toBe(true);

    // A posting after the checkpoint changed behind the triggers' back: unbalanced, and the balance disagrees.
    const [posting] = await db().$queryRaw<{ id: bigint }[]>`SELECT id FROM cash_posting WHERE cash_account_id = ${cash} ORDER BY id DESC LIMIT 1`;
    await tamper(`UPDATE cash_posting SET amount = amount + 5 WHERE id = ${posting!.id}`);
    const changed = await verifyLedger();
    expect(changed.ok).toBe(false);
    expect(changed.unbalancedEntries.length).toBe(1);
    expect(changed.cashMismatches.length).toBeGreaterThan(0);
    // No checkpoint is taken over an unbalanced entry.
    expect(await takeLedgerCheckpoint()).toBeNull();
    await tamper(`UPDATE cash_posting SET amount = amount - 5 WHERE id = ${posting!.id}`);

    // An audit record after the checkpoint altered.
    const [record] = await db().$queryRaw<{ id: bigint; seq: bigint; target_id: string }[]>`SELECT id, seq, target_id FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`;
    await tamper(`UPDATE audit_log SET target_id = 'forged' WHERE id = ${record!.id}`);
    const forged = await verifyLedger();
    expect(forged.auditChain.ok).toBe(false);
    expect(forged.auditChain.firstBrokenSeq).toBe(Number(record!.seq));
    expect(await takeLedgerCheckpoint()).toBeNull();
    await tamper(`UPDATE audit_log SET target_id = '${record!.target_id}' WHERE id = ${record!.id}`);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('take the boundary over committed entries only: an entry still being written is waited for, then counted', async () => {
    const [bank, cash] = [await bankId(), await cashIdOf(a)];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: bigint;
    let signalWritten!: () => void;
    const wasWritten = new Promise<void>((resolve) => (signalWritten = resolve));
    const slowWrite = inTransaction(async (tx) => {
      written = await postEntry(tx, {
        type: 'CASH_DEPOSIT', memo: 'slow deposit', actorUserId: reg.exchange.userId,
        cash: [{ cashAccountId: bank, bucket: 'AVAILABLE', amount: new Decimal('-3.00') }, { cashAccountId: cash, bucket: 'AVAILABLE', amount: new Decimal('3.00') }],
      });
      signalWritten();
      await gate;
    });
    await wasWritten;
    let done = false;
    const taking = takeLedgerCheckpoint().then((r) => {
      done = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false); // waiting for the writer to commit
    release();
    await slowWrite;
    const cp = await taking;
    expect(cp).not.toBeNull();
    expect(BigInt(cp!.throughEntryId)).toBeGreaterThanOrEqual(written);
    expect((await verifyLedger()).ok).toBe(true);
  });
});
