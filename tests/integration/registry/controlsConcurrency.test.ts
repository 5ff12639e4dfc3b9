import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { addDays } from '@/domain/trading/calendar';
import { approvalSubmittedSchema } from '@/schemas/controls';
import { transferDecisionResultSchema, transferRequestResultSchema } from '@/schemas/api';
import { POST as approveRequest } from '@/app/api/v1/approvals/[id]/approve/route';
import { POST as reversals } from '@/app/api/v1/registry/reversals/route';
import { POST as addTrusted } from '@/app/api/v1/accounts/[id]/trusted-accounts/route';
import { DELETE as removeTrusted } from '@/app/api/v1/accounts/[id]/trusted-accounts/[trustedId]/route';
import { POST as accountStatus } from '@/app/api/v1/registry/accounts/[id]/status/route';
import { POST as freezes } from '@/app/api/v1/registry/freezes/route';
import { POST as requestTransfer } from '@/app/api/v1/registry/transfers/route';
import { POST as approveTransfer } from '@/app/api/v1/registry/transfers/[id]/approve/route';
import { POST as cancelTransfer } from '@/app/api/v1/registry/transfers/[id]/cancel/route';
import { loadActor } from '@/server/identity/actor';
import { DomainError } from '@/server/errors';
import { cancelDelayedTransfer } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { controlClock, runDueWork } from '@/server/schedule/dueWork';
import { TEST_MARKET_START } from '../../support/clock';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';

/**
 * The registry controls under concurrency (issue 13 §3, §5): two approvers deciding one four-eyes
 * request at once, and a delayed transfer's cancellation racing the due work that carries it out
 * at the moment its delay ends. The request row lock orders them: exactly one thing happens.
 */

const HOURS = 3_600_000;
const at = (day: number, hhmm: string) => `${addDays(TEST_MARKET_START, day)}T${hhmm}:00+08:00`;
const iso = (s: string | Date) => new Date(s).toISOString();
const id = (n: number | string) => ({ id: String(n) });

let reg: Registry;
const t = {} as Record<'registry' | 'registry2' | 'admin', string>;
let savedDelay: string | undefined;

const setClock = (when: string) => controlClock(reg.exchange, { action: 'set', at: when });

async function holder(opts: Parameters<typeof createParticipant>[1] = {}): Promise<Participant & { token: string }> {
  const p = await createParticipant(reg, { province: 'GD', ...opts });
  return { ...p, token: await tokenFor(p.actor) };
}

beforeAll(async () => {
  savedDelay = process.env.TRANSFER_DELAY_HOURS;
  process.env.TRANSFER_DELAY_HOURS = '26';
  reg = await bootstrapRegistry();
  const adminUser = await db().user.create({
    data: {
      email: `admin-${reg.registry.organisationId}@test.cn`, name: 'Platform administrator', organisationId: reg.registry.organisationId, roles: ['ADMIN'],
      passwordHash: '$2b$10$25.TWW7iXnHV8yzqU7fusegf0bUxU0aYFm0VIPmZXjEApt5XGA3Zu',
    },
  });
  t.registry = await tokenFor(reg.registry);
  t.registry2 = await tokenFor(reg.registry2);
  t.admin = await tokenFor(await loadActor(adminUser.id));
});

afterAll(() => {
  if (savedDelay === undefined) delete process.env.TRANSFER_DELAY_HOURS;
  else process.env.TRANSFER_DELAY_HOURS = savedDelay;
});

/** registry2 and the administrator (both allowed) approve the same request at the same time. */
async function twoApproversAtOnce(approvalId: number) {
  const results = await Promise.all([t.registry2, t.admin].map((token) => call(approveRequest, { params: id(approvalId), body: { note: 'Checked the documents' }, token })));
  const statuses = results.map((r) => r.status).sort();
  expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
  expect(results.find((r) => r.status === 409)!.body.error.code).toBe('APPROVAL_CLOSED');
  const row = await db().approvalRequest.findUniqueOrThrow({ where: { id: approvalId } });
  expect(row.status).toBe('APPROVED');
  return results.find((r) => r.status === 200)!.body;
}

describe('two approvers at once: exactly one approval, the action carried out once', () => {
  it('account status changes', async () => {
    const p = await holder({ cea: { 2024: 10 } });
    for (const [action, expected] of [['restrict', 'RESTRICTED'], ['reinstate', 'ACTIVE'], ['suspend', 'SUSPENDED'], ['reinstate', 'ACTIVE']] as const) {
      const before = await db().accountStatusChange.count({ where: { accountId: p.accountId } });
      const res = await call(accountStatus, { params: id(p.accountId), body: { action, reason: `Operator asks to ${action}` }, token: t.registry });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const { approvalId } = approvalSubmittedSchema.parse(res.body);
      expect((await twoApproversAtOnce(approvalId)).result).toEqual({ accountId: p.accountId, status: expected });
      expect(await db().accountStatusChange.count({ where: { accountId: p.accountId } })).toBe(before + 1);
      expect((await db().registryAccount.findUniqueOrThrow({ where: { id: p.accountId } })).status).toBe(expected);
    }
  });

  it('freezes', async () => {
    const p = await holder({ cea: { 2024: 100 } });
    for (let round = 1; round <= 4; round++) {
      const res = await call(freezes, {
        body: { accountId: p.accountId, instrument: 'CEA', vintage: 2024, quantity: 10, authority: 'Guangzhou Intermediate Court', orderReference: `(2026) Yue 01 Zhi ${round}`, reason: 'Judicial freeze' },
        token: t.registry,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      await twoApproversAtOnce(approvalSubmittedSchema.parse(res.body).approvalId);
      expect(await db().freeze.count({ where: { accountId: p.accountId } })).toBe(round);
      expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 100 - 10 * round, locked: 0, pledged: 0, frozen: 10 * round });
    }
  });
});

describe('a delayed transfer cancelled while its delay ends', () => {
  it('each transfer ends either CANCELLED (units back at the source) or APPROVED (units at the destination), never both, never neither', async () => {
    const from = await holder({ cea: { 2024: 1_000 } });
    const to = await holder({});
    const quantities = [1, 2, 4, 8, 16, 32, 64, 128];
    const transfers: { requestId: number; quantity: number; executesAt: Date }[] = [];
    for (const [i, quantity] of quantities.entries()) {
      await setClock(at(0, `10:${String(i).padStart(2, '0')}`));
      const req = await call(requestTransfer, {
        body: { toAccountId: to.accountId, instrument: 'CEA', vintage: 2024, quantity, kind: 'DONATION', reason: 'Donation to a partner', documentsRef: `DOC-${i}` },
        token: from.token,
      });
      expect(req.status, JSON.stringify(req.body)).toBe(201);
      const { requestId } = transferRequestResultSchema.parse(req.body);
      const approved = transferDecisionResultSchema.parse((await call(approveTransfer, { params: id(requestId), body: { note: 'Documents verified' }, token: t.registry })).body);
      expect(approved.status).toBe('DELAYED');
      expect(iso(approved.executesAt!)).toBe(iso(new Date(new Date(at(0, `10:${String(i).padStart(2, '0')}`)).getTime() + 26 * HOURS)));
      transfers.push({ requestId, quantity, executesAt: new Date(approved.executesAt!) });
    }
    expect(await holdingOf(from.accountId, 2024)).toMatchObject({ available: 1_000 - 255, locked: 255 });

    const cancellers = [from, to, null] as const;
    const outcomes: string[] = [];
    for (const [i, tr] of transfers.entries()) {
      // A minute before its delay ends; then the cancellation races the clock reaching executesAt (a little
      // later each time) followed by the due work, and another run of the due work.
      await setClock(iso(new Date(tr.executesAt.getTime() - 60_000)));
      expect((await db().nonTradeTransfer.findUniqueOrThrow({ where: { id: tr.requestId } })).status).toBe('DELAYED');
      const who = cancellers[i % cancellers.length]!;
      const viaHttp = i % 2 === 0;
      const cancel = async (): Promise<{ status: number; code?: string }> => {
        if (viaHttp) {
          const res = await call(cancelTransfer, { params: id(tr.requestId), body: { reason: 'Donation withdrawn' }, token: who ? who.token : t.registry2 });
          return { status: res.status, code: res.body?.error?.code };
        }
        return cancelDelayedTransfer(who ? who.actor : reg.registry2, tr.requestId, 'Donation withdrawn').then(
          () => ({ status: 200 }),
          (e: unknown) => ({ status: e instanceof DomainError ? e.status : 500, code: e instanceof DomainError ? e.code : String(e) }),
        );
      };
      const clockThenDueWork = async () => {
        await new Promise((resolve) => setTimeout(resolve, [0, 2, 5, 10, 15, 25, 40, 60][i]));
        await db().$executeRaw`UPDATE market_clock SET simulated_at = ${tr.executesAt} WHERE id = 1`;
        await runDueWork();
      };
      const [cancelled] = await Promise.all([cancel(), clockThenDueWork(), runDueWork()]);
      // A row the cancellation held was skipped by the due work: the next run carries it out.
      await runDueWork();

      const row = await db().nonTradeTransfer.findUniqueOrThrow({ where: { id: tr.requestId } });
      if (cancelled.status === 200) expect(row.status).toBe('CANCELLED');
      else {
        expect(cancelled).toEqual({ status: 409, code: 'TRANSFER_NOT_CANCELLABLE' });
        expect(row.status).toBe('APPROVED');
      }
      // Besides the LOCK, exactly one entry: the transfer or the unlock.
      const entries = await db().journalEntry.findMany({ where: { reference: `NTT-${tr.requestId}` }, select: { type: true }, orderBy: { id: 'asc' } });
      expect(entries.map((e) => e.type)).toEqual(['LOCK', row.status === 'APPROVED' ? 'NON_TRADE_TRANSFER' : 'UNLOCK']);
      outcomes.push(row.status);
    }

    const moved = transfers.filter((_tr, i) => outcomes[i] === 'APPROVED').reduce((s, tr) => s + tr.quantity, 0);
    expect(await holdingOf(from.accountId, 2024)).toEqual({ available: 1_000 - moved, locked: 0, pledged: 0, frozen: 0 });
    expect(await holdingOf(to.accountId, 2024)).toEqual({ available: moved, locked: 0, pledged: 0, frozen: 0 });
    const report = await verifyLedger();
    expect(report.ok).toBe(true);
  });
});

const allocationOf = async (accountId: number) => {
  const [row] = await db().$queryRaw<{ id: bigint }[]>`
    SELECT DISTINCT e.id FROM journal_entry e JOIN unit_posting u ON u.entry_id = e.id WHERE u.account_id = ${accountId} AND e.type = 'ALLOCATION'`;
  return row!.id.toString();
};

async function secondRepresentative(organisationId: number, label: string): Promise<string> {
  const user = await db().user.create({
    data: { email: `${label}-${organisationId}@test.cn`, name: 'Second representative', organisationId, roles: ['ENTITY_TRADER'], passwordHash: 'x' },
  });
  return tokenFor(await loadActor(user.id));
}

describe('submissions at once', () => {
  it('an entry is never reversed twice, whatever was asked at once and however many approvals run at once', async () => {
    for (let round = 0; round < 4; round++) {
      const p = await holder({ cea: { 2024: 100 } });
      const entryId = await allocationOf(p.accountId);
      const asked = await Promise.all([t.registry, t.registry2].map((token) => call(reversals, { body: { entryId, reason: 'Allocated to the wrong account' }, token })));
      expect(asked.map((r) => r.status)).toContain(202);
      const pending = await db().approvalRequest.findMany({ where: { action: 'reversal', targetId: entryId, status: 'PENDING' } });
      const decided = await Promise.all(pending.map((r) => call(approveRequest, { params: id(r.id), body: { note: 'Checked the documents' }, token: t.admin })));
      expect(decided.filter((r) => r.status === 200), JSON.stringify(decided.map((r) => r.body))).toHaveLength(1);
      for (const r of decided.filter((x) => x.status !== 200)) expect([409, 422]).toContain(r.status);
      expect(await db().entryReversal.count({ where: { originalEntryId: BigInt(entryId) } })).toBe(1);
      expect(await db().journalEntry.count({ where: { reference: `REV-${entryId}` } })).toBe(1);
      expect(await holdingOf(p.accountId, 2024)).toEqual({ available: 0, locked: 0, pledged: 0, frozen: 0 });
    }
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('the same trusted account added by two representatives at once: one entry, the other 409 TRUSTED_ACCOUNT_LISTED', async () => {
    const a = await holder({});
    const second = await secondRepresentative(a.organisationId, 'second-add');
    for (let round = 0; round < 3; round++) {
      const b = await createParticipant(reg, { province: 'GD' });
      const number = (await db().registryAccount.findUniqueOrThrow({ where: { id: b.accountId } })).number;
      const results = await Promise.all([a.token, second].map((token) => call(addTrusted, { params: id(a.accountId), body: { accountNumber: number }, token })));
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('TRUSTED_ACCOUNT_LISTED');
      expect(await db().trustedAccount.count({ where: { accountId: a.accountId, trustedAccountId: b.accountId } })).toBe(1);
    }
  });
});

// BUG (src/server/registry/approvals.ts, ACTIONS['account.status'].prepare and ACTIONS.reversal.prepare):
// the guard against a second pending request for the same target (pendingRequestFor →
// 409 APPROVAL_ALREADY_REQUESTED) is not serialised: account.status locks the account only FOR SHARE
// (lockAccount's default mode), which two submitters both hold at once, and a reversal locks nothing
// (reversibleEntry(tx, id) without `lock`). Two operators asking at the same moment both pass the check
// and two PENDING requests exist for the same account / entry.
// Expected: one 202 and one 409 APPROVAL_ALREADY_REQUESTED. Actual: often 202 and 202.
describe('the same request asked twice at once is stored once', () => {
  it('account status change: one request, the other 409 APPROVAL_ALREADY_REQUESTED', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await holder({});
      const results = await Promise.all([t.registry, t.registry2].map((token) => call(accountStatus, { params: id(p.accountId), body: { action: 'suspend', reason: 'Under investigation' }, token })));
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([202, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('APPROVAL_ALREADY_REQUESTED');
    }
  });

  it('reversal: one request, the other 409 APPROVAL_ALREADY_REQUESTED', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await holder({ cea: { 2024: 10 } });
      const entryId = await allocationOf(p.accountId);
      const results = await Promise.all([t.registry, t.registry2].map((token) => call(reversals, { body: { entryId, reason: 'Allocated to the wrong account' }, token })));
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([202, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('APPROVAL_ALREADY_REQUESTED');
    }
  });
});

// BUG (src/server/registry/trustedAccounts.ts removeTrustedAccount vs src/server/registry/approvals.ts
// decideApproval → activateTrustedAccount): the two take the same two rows in opposite orders. The
// approval locks the approval_request row (lockForDecision), then the trusted_account row FOR UPDATE;
// the removal locks the trusted_account row FOR UPDATE, then updates the approval_request row. Run at
// once, PostgreSQL detects a deadlock (40P01) and aborts one of them; nothing maps the Prisma
// TransactionWriteConflict, so the API answers 500 INTERNAL to whichever was aborted — the approval or
// the removal (then the entry stays approved although its holder asked to remove it).
// Expected: the removal 200, the approval 200 or 409 (closed/withdrawn), the entry REMOVED. Actual: in
// most rounds one of the two answers 500 INTERNAL.
describe('a trusted-account addition approved while it is removed', () => {
  it('ends removed, its request closed, and both answers are clean (no 500)', async () => {
    const a = await holder({});
    const second = await secondRepresentative(a.organisationId, 'second-race');
    for (let round = 0; round < 6; round++) {
      const b = await createParticipant(reg, { province: 'GD' });
      const number = (await db().registryAccount.findUniqueOrThrow({ where: { id: b.accountId } })).number;
      const added = await call(addTrusted, { params: id(a.accountId), body: { accountNumber: number }, token: a.token });
      expect(added.status).toBe(201);
      const { id: entryId, approvalId } = added.body as { id: number; approvalId: number };
      const [approved, removed] = await Promise.all([
        call(approveRequest, { params: id(approvalId), body: { note: 'Checked the documents' }, token: second }),
        call(removeTrusted, { method: 'DELETE', params: { id: String(a.accountId), trustedId: String(entryId) }, token: a.token }),
      ]);
      expect({ approve: [200, 409].includes(approved.status), remove: removed.status }, JSON.stringify([approved.body, removed.body])).toEqual({ approve: true, remove: 200 });
      expect((await db().trustedAccount.findUniqueOrThrow({ where: { id: entryId } })).status).toBe('REMOVED');
      expect((await db().approvalRequest.findUniqueOrThrow({ where: { id: approvalId } })).status).not.toBe('PENDING');
    }
  });
});
