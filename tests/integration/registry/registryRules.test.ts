import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { sealAuditLog } from '@/server/audit/audit';
import { DomainError } from '@/server/errors';
import { applyForAccount, changeAccountStatus, updateOrganisation } from '@/server/registry/accounts';
import {
  allocate, cancelVoluntarily, decideNonTradeTransfer, freeze, pledge, releasePledge, requestNonTradeTransfer, unfreeze,
} from '@/server/registry/movements';
import { getHoldings, listMovements } from '@/server/registry/queries';
import { verifyLedger } from '@/server/registry/verify';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { bootstrapRegistry, createParticipant, holdingOf, type Registry } from '../../support/fixtures';

let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('non-trade transfers need the registry operator’s approval', () => {
  it('request locks the units; approval by another operator moves them', async () => {
    const from = await createParticipant(reg, { cea: { 2024: 1000 } });
    const to = await createParticipant(reg, { province: 'HB' });
    const { requestId } = await requestNonTradeTransfer(from.actor, {
      toAccountId: to.accountId, instrument: 'CEA', vintage: 2024, quantity: 300, kind: 'MERGER', reason: 'Merger of plants', documentsRef: 'Merger agreement 2025-7',
    });
    expect(await holdingOf(from.accountId, 2024)).toMatchObject({ available: 700, locked: 300 });
    expect((await holdingOf(to.accountId, 2024)).available).toBe(0);
    // Pending units cannot be spent twice.
    expect(await codeOf(cancelVoluntarily(from.actor, { instrument: 'CEA', vintage: 2024, quantity: 701, reason: 'too much' }))).toBe('INSUFFICIENT_HOLDING');

    await decideNonTradeTransfer(reg.registry, requestId, 'approve', 'Documents verified');
    expect(await holdingOf(from.accountId, 2024)).toMatchObject({ available: 700, locked: 0 });
    expect((await holdingOf(to.accountId, 2024)).available).toBe(300);
    expect(await codeOf(decideNonTradeTransfer(reg.registry2, requestId, 'reject', 'Too late'))).toBe('ALREADY_DECIDED');
    const moves = await listMovements(to.actor, to.accountId, { limit: 10 });
    expect(moves.items[0]).toMatchObject({ type: 'NON_TRADE_TRANSFER', available: 300 });
  });

  it('the requester cannot approve its own request; rejection unlocks', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 100 } });
    const to = await createParticipant(reg);
    const { requestId } = await requestNonTradeTransfer(reg.registry, {
      fromAccountId: holder.accountId, toAccountId: to.accountId, instrument: 'CEA', vintage: 2024, quantity: 60, kind: 'COURT_ORDER', reason: 'Enforcement', documentsRef: 'Court ruling 12',
    });
    expect(await codeOf(decideNonTradeTransfer(reg.registry, requestId, 'approve', 'self approval'))).toBe('FORBIDDEN');
    await decideNonTradeTransfer(reg.registry2, requestId, 'reject', 'Ruling under appeal');
    expect(await holdingOf(holder.accountId, 2024)).toMatchObject({ available: 100, locked: 0 });
    expect((await holdingOf(to.accountId, 2024)).available).toBe(0);
  });

  it('an entity cannot transfer out of another organisation’s account or decide requests', async () => {
    const victim = await createParticipant(reg, { cea: { 2024: 100 } });
    const thief = await createParticipant(reg);
    expect(await codeOf(requestNonTradeTransfer(thief.actor, {
      fromAccountId: victim.accountId, toAccountId: thief.accountId, instrument: 'CEA', vintage: 2024, quantity: 10, kind: 'DONATION', reason: 'gift?', documentsRef: 'none',
    }))).toBe('FORBIDDEN');
    const { requestId } = await requestNonTradeTransfer(victim.actor, {
      toAccountId: thief.accountId, instrument: 'CEA', vintage: 2024, quantity: 10, kind: 'DONATION', reason: 'donation', documentsRef: 'deed',
    });
    expect(await codeOf(decideNonTradeTransfer(thief.actor, requestId, 'approve', 'approve myself'))).toBe('FORBIDDEN');
  });
});

describe('frozen and pledged units cannot move', () => {
  it('frozen units are out of reach until unfrozen', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 100 } });
    const { freezeId } = await freeze(reg.registry, { accountId: p.accountId, instrument: 'CEA', vintage: 2024, quantity: 80, authority: 'Court', orderReference: 'F-1', reason: 'preservation' });
    expect(await holdingOf(p.accountId, 2024)).toMatchObject({ available: 20, frozen: 80 });
    expect(await codeOf(cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2024, quantity: 21, reason: 'try frozen' }))).toBe('INSUFFICIENT_HOLDING');
    expect(await codeOf(requestNonTradeTransfer(p.actor, {
      toAccountId: (await createParticipant(reg)).accountId, instrument: 'CEA', vintage: 2024, quantity: 50, kind: 'DONATION', reason: 'move frozen', documentsRef: 'x',
    }))).toBe('INSUFFICIENT_HOLDING');
    await unfreeze(reg.registry, freezeId, 'order lifted');
    expect(await holdingOf(p.accountId, 2024)).toMatchObject({ available: 100, frozen: 0 });
    expect(await codeOf(unfreeze(reg.registry, freezeId, 'again'))).toBe('ALREADY_RELEASED');
  });

  it('pledged units cannot be cancelled; release returns exactly the pledge', async () => {
    const p = await createParticipant(reg, { cea: { 2023: 100 } });
    const { pledgeId } = await pledge(reg.registry, { accountId: p.accountId, instrument: 'CEA', vintage: 2023, quantity: 100, pledgee: 'Bank', securedAmount: '4000.00', contractReference: 'P-1' });
    expect(await codeOf(cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2023, quantity: 1, reason: 'try pledged' }))).toBe('INSUFFICIENT_HOLDING');
    await releasePledge(reg.registry, pledgeId, 'loan repaid');
    expect(await holdingOf(p.accountId, 2023)).toMatchObject({ available: 100, pledged: 0 });
  });

  it('only the registry operator freezes or pledges', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 10 } });
    expect(await codeOf(freeze(p.actor, { accountId: p.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, authority: 'me', orderReference: 'x', reason: 'self freeze' }))).toBe('FORBIDDEN');
  });
});

describe('account lifecycle', () => {
  it('application → approval opens linked trading and cash accounts; restricted accounts cannot send; close only when empty', async () => {
    const code = makeCreditCode('91420100MA4K00001');
    const app = await applyForAccount(reg.registry, { name: 'New Cement Co.', nameZh: '新水泥公司', creditCode: code, kind: 'COMPLIANCE_ENTITY', provinceCode: 'HB' });
    expect(app.status).toBe('PENDING');
    expect(await codeOf(applyForAccount(reg.registry, { name: 'Dup', nameZh: '重复', creditCode: code, kind: 'COMPLIANCE_ENTITY', provinceCode: 'HB' }))).toBe('DUPLICATE_CREDIT_CODE');
    expect(await codeOf(allocate(reg.regulators.HB, { accountId: app.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, legalBasis: 'too early' }))).toBe('ACCOUNT_NOT_ACTIVE');
    await changeAccountStatus(reg.registry, app.accountId, { action: 'approve', reason: 'documents verified' });
    const trading = await db().tradingAccount.findUniqueOrThrow({ where: { registryAccountId: app.accountId }, include: { cashAccount: true } });
    expect(trading.cashAccount).not.toBeNull();

    const p = await createParticipant(reg, { cea: { 2024: 10 } });
    await changeAccountStatus(reg.registry, p.accountId, { action: 'restrict', reason: 'licence expired' });
    expect(await codeOf(cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2024, quantity: 1, reason: 'restricted' }))).toBe('ACCOUNT_NOT_ACTIVE');
    expect(await codeOf(changeAccountStatus(reg.registry, p.accountId, { action: 'close', reason: 'dissolved' }))).toBe('ACCOUNT_NOT_EMPTY');
    await changeAccountStatus(reg.registry, p.accountId, { action: 'reinstate', reason: 'licence renewed' });
    await cancelVoluntarily(p.actor, { instrument: 'CEA', vintage: 2024, quantity: 10, reason: 'empty it' });
    await changeAccountStatus(reg.registry, p.accountId, { action: 'close', reason: 'dissolved' });
    expect(await codeOf(changeAccountStatus(reg.registry, p.accountId, { action: 'reinstate', reason: 'no' }))).toBe('INVALID_TRANSITION');
    const history = await db().accountStatusChange.findMany({ where: { accountId: p.accountId }, orderBy: { id: 'asc' } });
    expect(history.map((h) => h.toStatus)).toEqual(['RESTRICTED', 'ACTIVE', 'CLOSED']);
  });

  it('registered-information changes are kept as history', async () => {
    const p = await createParticipant(reg);
    await updateOrganisation(reg.registry, p.organisationId, { legalRep: 'Zhang San', reason: 'new legal representative' });
    await updateOrganisation(reg.registry, p.organisationId, { legalRep: 'Li Si', reason: 'changed again' });
    const changes = await db().organisationChange.findMany({ where: { organisationId: p.organisationId }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => c.after)).toEqual([{ legalRep: 'Zhang San' }, { legalRep: 'Li Si' }]);
    expect(changes[1]!.before).toEqual({ legalRep: 'Zhang San' });
  });
});

describe('scoping of reads and allocations', () => {
  it('a provincial regulator allocates and reads only in its province', async () => {
    const gd = await createParticipant(reg, { province: 'GD', cea: { 2024: 10 } });
    expect(await codeOf(allocate(reg.regulators.HB, { accountId: gd.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, legalBasis: 'wrong province' }))).toBe('FORBIDDEN');
    expect(await codeOf(getHoldings(reg.regulators.HB, gd.accountId))).toBe('FORBIDDEN');
    expect((await getHoldings(reg.regulators.GD, gd.accountId)).items).toHaveLength(1);
    const other = await createParticipant(reg);
    expect(await codeOf(getHoldings(other.actor, gd.accountId))).toBe('NOT_FOUND');
  });
});

describe('the database itself protects the ledger', () => {
  it('journal rows cannot be updated or deleted, balances cannot go negative, unbalanced entries are refused', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 10 } });
    await expect(db().$executeRaw`UPDATE unit_posting SET quantity = quantity + 1`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM journal_entry`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`UPDATE holding SET available = -1 WHERE account_id = ${p.accountId}`).rejects.toThrow(/holding_available_non_negative/);
    await expect(
      db().$transaction(async (tx) => {
        const e = await tx.journalEntry.create({ data: { type: 'ALLOCATION', actorUserId: null } });
        await tx.unitPosting.create({ data: { entryId: e.id, accountId: p.accountId, instrument: 'CEA', vintage: 2024, bucket: 'AVAILABLE', quantity: 5n } });
      }),
    ).rejects.toThrow(/unbalanced/);
    // A posting added later to an entry of another transaction is checked against that entry's balance.
    const [old] = await db().$queryRaw<{ id: bigint }[]>`SELECT entry_id AS id FROM unit_posting WHERE account_id = ${p.accountId} LIMIT 1`;
    await expect(
      db().$transaction(async (tx) => {
        await tx.unitPosting.createMany({ data: [
          { entryId: old!.id, accountId: p.accountId, instrument: 'CEA', vintage: 2024, bucket: 'AVAILABLE', quantity: 5n },
        ] });
      }),
    ).rejects.toThrow(/unbalanced/);
    // An entry with many legs is checked once: 20,000 balanced postings commit.
    await db().$transaction(async (tx) => {
      const e = await tx.journalEntry.create({ data: { type: 'ALLOCATION', actorUserId: null } });
      await tx.$executeRaw`
        INSERT INTO unit_posting (entry_id, account_id, instrument, vintage, bucket, quantity)
        SELECT ${e.id}, ${p.accountId}, 'CEA', 2024, CASE WHEN i % 2 = 0 THEN 'AVAILABLE'::"Bucket" ELSE 'LOCKED'::"Bucket" END, CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END
          FROM generate_series(1, 20000) i`;
    });
    expect((await verifyLedger()).unbalancedEntries).toEqual([]);
  });

  it('seals committed records into the chain in id order, once; a sealed record cannot be re-sealed', async () => {
    const unsealed = await db().auditLog.count({ where: { seq: null } });
    expect(unsealed).toBeGreaterThan(0);
    expect((await verifyLedger()).auditChain).toMatchObject({ ok: true, unsealed });
    const [last] = await db().$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM audit_log`;
    expect(await sealAuditLog()).toBe(unsealed);
    expect(await sealAuditLog()).toBe(0);
    const sealed = await db().$queryRaw<{ id: bigint; seq: bigint }[]>`SELECT id, seq FROM audit_log WHERE seq > ${last?.seq ?? 0n} ORDER BY seq`;
    expect(sealed.map((r) => r.id)).toEqual([...sealed.map((r) => r.id)].sort((a, b) => (a < b ? -1 : 1)));
    expect((await verifyLedger()).auditChain).toMatchObject({ ok: true, unsealed: 0 });
    await expect(
      db().$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('audit.sealing', 'on', true)`;
        await tx.$executeRaw`UPDATE audit_log SET hash = 'forged' WHERE seq = 1`;
      }),
    ).rejects.toThrow(/append-only/);
    expect((await verifyLedger()).auditChain.ok).toBe(true);
  });

  it('tampering with the audit trail is detected', async () => {
    expect((await verifyLedger()).auditChain.ok).toBe(true);
    await db().$executeRawUnsafe('ALTER TABLE audit_log DISABLE TRIGGER audit_log_immutable');
    await db().$executeRaw`UPDATE audit_log SET action = 'tampered' WHERE seq = 3`;
    await db().$executeRawUnsafe('ALTER TABLE audit_log ENABLE TRIGGER audit_log_immutable');
    const report = await verifyLedger();
    expect(report.auditChain).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(report.ok).toBe(false);
  });
});
