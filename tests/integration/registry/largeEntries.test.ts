import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { systemAccountId } from '@/server/registry/accounts';
import { postEntries, unitMove, type EntryInput } from '@/server/registry/ledger';
import { issue } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { inTransaction } from '@/server/tx';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';

/**
 * One call of the ledger may post any number of entries and postings (issue 14 §3): a province's
 * allocation run of thousands of lines, or an auction settling thousands of winners. Each column
 * of the one statement travels as a single array parameter; with one parameter per value, a call
 * of ~2,600 lines exceeded PostgreSQL's 65,535 bind parameters ("bind message has 34471 parameter
 * formats but 0 parameters", SQLSTATE 08P01). 5,000 entries of units and cash here, then the
 * journal still verifies.
 */
const N = 5_000;
let reg: Registry;
let entity: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD', cash: '100000.00' });
  await issue(reg.mee, { instrument: 'CEA', vintage: 2026, quantity: N, legalBasis: 'test issuance' });
});

describe('a call of the ledger with thousands of entries', () => {
  it(`posts ${N.toLocaleString('en-US')} entries (units and cash) in one call, and the journal verifies`, async () => {
    const cashAccount = (await db().cashAccount.findFirstOrThrow({ where: { tradingAccount: { registryAccountId: entity.accountId } } })).id;
    const ids = await inTransaction(async (tx) => {
      const reserve = await systemAccountId(tx, 'NATIONAL_RESERVE');
      const entries: EntryInput[] = Array.from({ length: N }, (_, i) => ({
        type: 'ALLOCATION',
        memo: `line ${i + 1}`,
        reference: `large-${i + 1}`,
        actorUserId: reg.mee.userId,
        units: unitMove({ accountId: reserve, bucket: 'AVAILABLE' }, { accountId: entity.accountId, bucket: 'AVAILABLE' }, { instrument: 'CEA', vintage: 2026 }, 1n),
        cash: [
          { cashAccountId: cashAccount, bucket: 'AVAILABLE', amount: new Decimal('-0.01') },
          { cashAccountId: cashAccount, bucket: 'LOCKED', amount: new Decimal('0.01') },
        ],
      }));
      return postEntries(tx, entries);
    });
    expect(ids).toHaveLength(N);
    expect(new Set(ids.map(String)).size).toBe(N);
    // Ids follow the order of the inputs.
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(Number((await holdingOf(entity.accountId, 2026)).available)).toBe(N);
    expect(await db().unitPosting.count({ where: { entryId: { in: ids } } })).toBe(2 * N);
    const cash = await db().cashAccount.findUniqueOrThrow({ where: { id: cashAccount } });
    expect([cash.available.toFixed(2), cash.locked.toFixed(2)]).toEqual(['99950.00', '50.00']);
    const report = await verifyLedger();
    expect(report.ok, JSON.stringify({ ...report, vintages: undefined })).toBe(true);
  }, 120_000);
});
