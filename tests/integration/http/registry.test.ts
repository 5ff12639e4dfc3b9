import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { makeCreditCode } from '@/domain/registry/creditCode';
import {
  accountApplicationResultSchema, accountListResponseSchema, auditPageSchema, cashDepositResultSchema, cashResponseSchema,
  encumbranceListResponseSchema, freezeResultSchema, ledgerReportSchema, pledgeResultSchema, movementResultSchema, organisationUpdateResultSchema,
  provinceOverviewResponseSchema, transferDecisionResultSchema, transferListResponseSchema, transferRequestResultSchema,
} from '@/schemas/api';
import { GET as listAccounts, POST as applyForAccount } from '@/app/api/v1/registry/accounts/route';
import { POST as accountStatus } from '@/app/api/v1/registry/accounts/[id]/status/route';
import { PATCH as updateOrganisation } from '@/app/api/v1/registry/organisations/[id]/route';
import { POST as issuances } from '@/app/api/v1/registry/issuances/route';
import { POST as distributions } from '@/app/api/v1/registry/distributions/route';
import { GET as listFreezes, POST as freezes } from '@/app/api/v1/registry/freezes/route';
import { GET as listPledges, POST as pledges } from '@/app/api/v1/registry/pledges/route';
import { GET as listTransfers, POST as requestTransfer } from '@/app/api/v1/registry/transfers/route';
import { POST as approve } from '@/app/api/v1/registry/transfers/[id]/approve/route';
import { POST as reject } from '@/app/api/v1/registry/transfers/[id]/reject/route';
import { POST as deposits } from '@/app/api/v1/cash/deposits/route';
import { GET as cashBalances } from '@/app/api/v1/cash/accounts/route';
import { GET as cash } from '@/app/api/v1/accounts/[id]/cash/route';
import { POST as cancel } from '@/app/api/v1/cancellations/route';
import { GET as verify } from '@/app/api/v1/registry/verify/route';
import { GET as audit } from '@/app/api/v1/audit/route';
import { GET as overview } from '@/app/api/v1/regulator/organisations/route';
import { GET as listProjects, POST as registerProject } from '@/app/api/v1/registry/ccer-projects/route';
import { POST as allocations } from '@/app/api/v1/registry/allocations/route';
import { GET as holdings } from '@/app/api/v1/accounts/[id]/holdings/route';
import { cashBalanceListSchema, ccerProjectListSchema, ccerProjectResponseSchema, holdingsResponseSchema } from '@/schemas/api';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { approvedBy, expectError, expectNothingChanged, key } from './helpers';
import { loadActor } from '@/server/identity/actor';

/** A platform administrator (distribution is approved by another national regulator or an administrator). */
async function adminActor() {
  const user = await db().user.create({ data: { email: `admin-${Date.now()}@test.cn`, name: 'Administrator', passwordHash: 'x', organisationId: reg.registry.organisationId, roles: ['ADMIN'] } });
  return loadActor(user.id);
}

let reg: Registry;
let a: Participant;
let b: Participant;
let hb: Participant;
const t = {} as Record<'a' | 'b' | 'hb' | 'registry' | 'registry2' | 'exchange' | 'mee' | 'regGD' | 'regHB', string>;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  a = await createParticipant(reg, { province: 'GD', cea: { 2024: 1_000 }, name: 'Alpha Cement' });
  b = await createParticipant(reg, { province: 'GD', cea: { 2024: 50 }, name: 'Beta Power' });
  hb = await createParticipant(reg, { province: 'HB', cea: { 2024: 70 }, name: 'Hubei Steel' });
  t.a = await tokenFor(a.actor);
  t.b = await tokenFor(b.actor);
  t.hb = await tokenFor(hb.actor);
  t.registry = await tokenFor(reg.registry);
  t.registry2 = await tokenFor(reg.registry2);
  t.exchange = await tokenFor(reg.exchange);
  t.mee = await tokenFor(reg.mee);
  t.regGD = await tokenFor(reg.regulators.GD);
  t.regHB = await tokenFor(reg.regulators.HB);
});

const transfer = (quantity: number, extra: Record<string, unknown> = {}) => ({
  toAccountId: b.accountId, instrument: 'CEA', vintage: 2024, quantity, kind: 'MERGER', reason: 'Merger of the cement business', documentsRef: 'DOC-2024-001', ...extra,
});
const id = (n: number) => ({ id: String(n) });

describe('non-trade transfers', () => {
  it('a request locks the units; approval by another registry operator moves them', async () => {
    const res = await call(requestTransfer, { body: transfer(100), token: t.a });
    expect(res.status).toBe(201);
    const { requestId } = transferRequestResultSchema.parse(res.body);
    expect(await holdingOf(a.accountId, 2024)).toMatchObject({ available: 900, locked: 100 });
    expect((await holdingOf(b.accountId, 2024)).available).toBe(50);

    const mine = transferListResponseSchema.parse((await call(listTransfers, { path: '/api/v1/registry/transfers?status=PENDING', token: t.a })).body);
    expect(mine.items.map((r) => r.id)).toContain(requestId);
    const hbSees = transferListResponseSchema.parse((await call(listTransfers, { token: t.hb })).body);
    expect(hbSees.items.map((r) => r.id)).not.toContain(requestId);

    // The holder cannot decide its own request; nor can an entity decide at all.
    await expectNothingChanged(async () => {
      await expectError(approve, { params: id(requestId), body: { note: 'Approving myself' }, token: t.a }, 403, 'FORBIDDEN');
      await expectError(approve, { params: id(requestId), body: { note: 'Approving for them' }, token: t.b }, 403, 'FORBIDDEN');
    });

    const ok = await call(approve, { params: id(requestId), body: { note: 'Merger documents verified' }, token: t.registry });
    expect(ok.status).toBe(200);
    expect(transferDecisionResultSchema.parse(ok.body)).toMatchObject({ requestId, status: 'APPROVED' });
    expect(await holdingOf(a.accountId, 2024)).toMatchObject({ available: 900, locked: 0 });
    expect((await holdingOf(b.accountId, 2024)).available).toBe(150);

    await expectNothingChanged(() => expectError(reject, { params: id(requestId), body: { note: 'Too late' }, token: t.registry2 }, 409, 'ALREADY_DECIDED'));
  });

  it('the registry operator who requested cannot approve it (403); a second operator can', async () => {
    const res = await call(requestTransfer, { body: transfer(40, { fromAccountId: a.accountId, kind: 'COURT_ORDER', reason: 'Court-ordered transfer' }), token: t.registry });
    expect(res.status).toBe(201);
    const { requestId } = transferRequestResultSchema.parse(res.body);
    const before = await holdingOf(b.accountId, 2024);

    await expectNothingChanged(() => expectError(approve, { params: id(requestId), body: { note: 'Approving my own request' }, token: t.registry }, 403, 'FORBIDDEN'));
    await expectNothingChanged(() => expectError(reject, { params: id(requestId), body: { note: 'Rejecting my own request' }, token: t.registry }, 403, 'FORBIDDEN'));

    expect((await call(approve, { params: id(requestId), body: { note: 'Court order checked' }, token: t.registry2 })).status).toBe(200);
    expect((await holdingOf(b.accountId, 2024)).available).toBe(before.available + 40);
  });

  it('rejection unlocks the units', async () => {
    const before = await holdingOf(a.accountId, 2024);
    const { requestId } = transferRequestResultSchema.parse((await call(requestTransfer, { body: transfer(25, { kind: 'DONATION' }), token: t.a })).body);
    expect(await holdingOf(a.accountId, 2024)).toMatchObject({ available: before.available - 25, locked: 25 });
    const res = await call(reject, { params: id(requestId), body: { note: 'Donation documents missing' }, token: t.registry2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requestId, status: 'REJECTED' });
    expect(await holdingOf(a.accountId, 2024)).toEqual(before);
  });

  it('replays a keyed request, refuses more than is available (409), unknown requests are 404', async () => {
    const k = key('ntt');
    const first = await call(requestTransfer, { body: transfer(5), token: t.a, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    const again = await expectNothingChanged(() => call(requestTransfer, { body: transfer(5), token: t.a, headers: { 'idempotency-key': k } }));
    expect(again.body).toEqual(first.body);
    await expectNothingChanged(async () => {
      await expectError(requestTransfer, { body: transfer(1_000_000), token: t.a }, 409, 'INSUFFICIENT_HOLDING');
      await expectError(requestTransfer, { body: transfer(1, { fromAccountId: b.accountId }), token: t.a }, 403, 'FORBIDDEN');
      await expectError(requestTransfer, { body: transfer(1, { toAccountId: a.accountId }), token: t.a }, 422, 'SAME_ACCOUNT');
      await expectError(approve, { params: id(999999), body: { note: 'Looks fine' }, token: t.registry2 }, 404, 'NOT_FOUND');
    });
    await call(reject, { params: id(transferRequestResultSchema.parse(first.body).requestId), body: { note: 'Withdrawn by holder' }, token: t.registry });
  });
});

describe('account lifecycle and registered information', () => {
  const application = () => ({
    name: 'Gamma Paper', nameZh: '伽马纸业', creditCode: makeCreditCode(`91440300MA5G${String(Date.now() % 100000).padStart(5, '0')}`),
    kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD', industry: 'paper',
  });

  it('records an application (201 PENDING), approves it, refuses a duplicate credit code (409)', async () => {
    const app = application();
    const res = await call(applyForAccount, { body: app, token: t.registry });
    expect(res.status).toBe(201);
    const created = accountApplicationResultSchema.parse(res.body);
    expect(created.status).toBe('PENDING');

    const pending = accountListResponseSchema.parse((await call(listAccounts, { path: '/api/v1/registry/accounts?status=PENDING', token: t.registry })).body);
    expect(pending.items.map((x) => x.id)).toEqual([created.accountId]);

    await expectNothingChanged(() => expectError(applyForAccount, { body: app, token: t.registry }, 409, 'DUPLICATE_CREDIT_CODE'));
    await expectNothingChanged(async () => {
      const e = await expectError(applyForAccount, { body: { ...application(), creditCode: makeCreditCode('91440300MA5G77777'), provinceCode: 'XX' }, token: t.registry }, 400, 'INVALID_INPUT');
      expect(e.fields).toHaveProperty(['provinceCode']);
    });

    // Four eyes: one operator asks, a second approves (the first cannot).
    const asked = await call(accountStatus, { params: id(created.accountId), body: { action: 'approve', reason: 'Documents complete' }, token: t.registry });
    expect((await db().registryAccount.findUniqueOrThrow({ where: { id: created.accountId } })).status).toBe('PENDING');
    expect(await approvedBy(asked, t.registry2)).toEqual({ accountId: created.accountId, status: 'ACTIVE' });
    const linked = await db().tradingAccount.findUnique({ where: { registryAccountId: created.accountId }, include: { cashAccount: true } });
    expect(linked?.cashAccount).not.toBeNull();

    await expectNothingChanged(() => expectError(accountStatus, { params: id(created.accountId), body: { action: 'approve', reason: 'Once more' }, token: t.registry }, 422));
  });

  it('a restricted account cannot cancel (409 ACCOUNT_NOT_ACTIVE); reinstated it can; a non-empty account cannot close', async () => {
    await approvedBy(await call(accountStatus, { params: id(hb.accountId), body: { action: 'restrict', reason: 'Registered address outdated' }, token: t.registry }), t.registry2);
    const cancellation = { instrument: 'CEA', vintage: 2024, quantity: 1, reason: 'Retire one tonne' };
    await expectNothingChanged(() => expectError(cancel, { body: cancellation, token: t.hb }, 409, 'ACCOUNT_NOT_ACTIVE'));
    await approvedBy(await call(accountStatus, { params: id(hb.accountId), body: { action: 'reinstate', reason: 'Address updated' }, token: t.registry }), t.registry2);
    expect((await call(cancel, { body: cancellation, token: t.hb })).status).toBe(201);
    // Closing is checked when it is carried out: the approval answers 409 and the request stays pending.
    const close = await call(accountStatus, { params: id(hb.accountId), body: { action: 'close', reason: 'Dissolution' }, token: t.registry });
    expect(close.status).toBe(202);
    const { POST: approveRequest } = await import('@/app/api/v1/approvals/[id]/approve/route');
    await expectNothingChanged(() => expectError(approveRequest, { params: id((close.body as { approvalId: number }).approvalId), body: { note: 'Dissolution papers checked' }, token: t.registry2 }, 409, 'ACCOUNT_NOT_EMPTY'));
    await expectError(accountStatus, { params: id(999999), body: { action: 'restrict', reason: 'No such account' }, token: t.registry }, 404, 'NOT_FOUND');
  });

  it('changes registered information and keeps the history', async () => {
    const res = await call(updateOrganisation, { method: 'PATCH', params: id(b.organisationId), body: { name: 'Beta Power Group', address: 'Guangzhou', reason: 'Renamed after merger' }, token: t.registry });
    expect(res.status).toBe(200);
    expect(organisationUpdateResultSchema.parse(res.body).changed.sort()).toEqual(['address', 'name']);
    const history = await db().organisationChange.findMany({ where: { organisationId: b.organisationId } });
    expect(history).toHaveLength(1);
    expect((await db().registryAccount.findUniqueOrThrow({ where: { id: b.accountId } })).name).toBe('Beta Power Group');
    await expectNothingChanged(() =>
      expectError(updateOrganisation, { method: 'PATCH', params: id(b.organisationId), body: { name: 'Beta Power Group', reason: 'Same again' }, token: t.registry }, 400, 'INVALID_INPUT'),
    );
    await expectError(updateOrganisation, { method: 'PATCH', params: id(999999), body: { name: 'Ghost', reason: 'Nobody' }, token: t.registry }, 404, 'NOT_FOUND');
  });

  it('lists accounts for operators (all) and provincial regulators (their province)', async () => {
    const all = accountListResponseSchema.parse((await call(listAccounts, { token: t.registry })).body);
    expect(all.items.map((x) => x.id)).toEqual(expect.arrayContaining([a.accountId, b.accountId, hb.accountId]));
    const gdOnly = accountListResponseSchema.parse((await call(listAccounts, { token: t.regGD })).body);
    expect(gdOnly.items.map((x) => x.id)).toContain(a.accountId);
    expect(gdOnly.items.map((x) => x.id)).not.toContain(hb.accountId);
  });
});

describe('issuance, distribution, encumbrances and cash', () => {
  it('issues and distributes under four eyes (202, then a second person approves), replaying keyed requests', async () => {
    const k = key('issue');
    const issue = { instrument: 'CEA', vintage: 2026, quantity: 5_000, legalBasis: 'National cap 2026' };
    const first = await call(issuances, { body: issue, token: t.mee, headers: { 'idempotency-key': k } });
    const again = await expectNothingChanged(() => call(issuances, { body: issue, token: t.mee, headers: { 'idempotency-key': k } }));
    expect(again).toEqual(first);
    // The national regulator asked: a registry operator (who may issue too) approves.
    expect(movementResultSchema.parse(await approvedBy(first, t.registry)).type).toBe('ISSUANCE');

    const admin = await tokenFor(await adminActor());
    const dist = await approvedBy(await call(distributions, { body: { provinceCode: 'HB', vintage: 2026, quantity: 2_000, legalBasis: 'HB share 2026' }, token: t.mee }), admin);
    expect(movementResultSchema.parse(dist).type).toBe('DISTRIBUTION');
    const tooMuch = await call(distributions, { body: { provinceCode: 'HB', vintage: 2026, quantity: 3_001, legalBasis: 'Too much' }, token: t.mee });
    expect(tooMuch.status).toBe(202);
    const { POST: approveRequest } = await import('@/app/api/v1/approvals/[id]/approve/route');
    await expectNothingChanged(async () => {
      await expectError(approveRequest, { params: id((tooMuch.body as { approvalId: number }).approvalId), body: { note: 'Share checked' }, token: admin }, 409, 'INSUFFICIENT_HOLDING');
      await expectError(distributions, { body: { provinceCode: 'HB', vintage: 2026, quantity: 1, legalBasis: 'By a province' }, token: t.regHB }, 403, 'FORBIDDEN');
    });
  });

  it('lists freezes and pledges for the registry operator', async () => {
    const f = await approvedBy(await call(freezes, { body: { accountId: a.accountId, instrument: 'CEA', vintage: 2024, quantity: 3, authority: 'Court', orderReference: 'Z-9', reason: 'Judicial freeze' }, token: t.registry }), t.registry2);
    const p = await approvedBy(await call(pledges, { body: { accountId: a.accountId, instrument: 'CEA', vintage: 2024, quantity: 4, pledgee: 'ICBC Guangzhou', securedAmount: '200.00', contractReference: 'P-9' }, token: t.registry }), t.registry2);
    const fl = encumbranceListResponseSchema.parse((await call(listFreezes, { token: t.registry })).body);
    expect(fl.items[0]).toMatchObject({ id: freezeResultSchema.parse(f).freezeId, accountId: a.accountId, quantity: 3, status: 'ACTIVE' });
    const pl = encumbranceListResponseSchema.parse((await call(listPledges, { token: t.mee })).body);
    expect(pl.items[0]).toMatchObject({ id: pledgeResultSchema.parse(p).pledgeId, quantity: 4, securedAmount: '200.00' });
  });

  it('records cash deposits (201) for the exchange operator, once per key', async () => {
    const k = key('deposit');
    const dep = { accountId: b.accountId, amount: '1234.50', reference: 'ICBC-778' };
    const first = await call(deposits, { body: dep, token: t.exchange, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    expect(cashDepositResultSchema.parse(first.body).amount).toBe('1234.50');
    expect((await call(deposits, { body: dep, token: t.exchange, headers: { 'idempotency-key': k } })).body).toEqual(first.body);
    const balance = cashResponseSchema.parse((await call(cash, { params: id(b.accountId), token: t.b })).body);
    expect(balance.available).toBe('1234.50');
    await expectNothingChanged(() => expectError(deposits, { body: { ...dep, accountId: 999999 }, token: t.exchange }, 404, 'NOT_FOUND'));
  });

  it('lists every participant’s cash for the operators, each as the account’s own cash reads; others are refused', async () => {
    for (const token of [t.exchange, t.registry]) {
      const list = cashBalanceListSchema.parse((await call(cashBalances, { token })).body);
      const mine = list.items.find((x) => x.accountId === b.accountId);
      const own = cashResponseSchema.parse((await call(cash, { params: id(b.accountId), token: t.b })).body);
      const org = await db().organisation.findUniqueOrThrow({ where: { id: b.organisationId } });
      expect(mine).toEqual({ ...own, accountNumber: expect.any(String), accountStatus: 'ACTIVE', name: org.name, nameZh: org.nameZh });
      expect(list.items.map((x) => x.accountId)).toEqual(expect.arrayContaining([a.accountId, b.accountId, hb.accountId]));
    }
    await expectError(cashBalances, { token: t.b }, 403, 'FORBIDDEN');
    await expectError(cashBalances, { token: t.regGD }, 403, 'FORBIDDEN');
  });
});

describe('CCER projects', () => {
  it('the registry operator registers a project, issues CCER for it and delivers them; anyone reads the projects; holdings show the project', async () => {
    await db().coveredEntity.create({ data: { organisationId: a.organisationId, provinceCode: 'GD', fromYear: 2020, basis: 'test', addedById: reg.regulators.GD.userId } });
    const project = { code: 'ccer-gd-2025-0101', name: 'Alpha Cement waste heat power', nameZh: '阿尔法水泥余热发电', category: 'ENERGY_EFFICIENCY', provinceCode: 'GD', ownerOrganisationId: a.organisationId };
    const created = await call(registerProject, { body: project, token: t.registry });
    expect(created.status).toBe(201);
    expect(ccerProjectResponseSchema.parse(created.body)).toMatchObject({ code: 'CCER-GD-2025-0101', owner: { organisationId: a.organisationId }, ownerCovered: true, issued: 0 });
    await expectNothingChanged(async () => {
      await expectError(registerProject, { body: project, token: t.registry }, 409, 'CCER_PROJECT_EXISTS');
      await expectError(registerProject, { body: { ...project, code: 'CCER-GD-2025-0102', ownerOrganisationId: 999999 }, token: t.registry }, 422, 'UNKNOWN_ORGANISATION');
      await expectError(registerProject, { body: { ...project, code: 'CCER-GD-2025-0103' }, token: t.a }, 403, 'FORBIDDEN');
      const noProject = await expectError(issuances, { body: { instrument: 'CCER', vintage: 2025, quantity: 500, legalBasis: 'batch 1' }, token: t.registry }, 400, 'INVALID_INPUT');
      expect(noProject.fields).toHaveProperty('project');
      await expectError(issuances, { body: { instrument: 'CCER', vintage: 2025, quantity: 500, legalBasis: 'batch 1', project: 'CCER-NONE' }, token: t.registry }, 422, 'UNKNOWN_CCER_PROJECT');
    });
    await approvedBy(await call(issuances, { body: { instrument: 'CCER', vintage: 2025, quantity: 500, legalBasis: 'batch 1', project: 'CCER-GD-2025-0101' }, token: t.registry }), t.registry2);
    await expectNothingChanged(() =>
      expectError(allocations, { body: { accountId: a.accountId, instrument: 'CCER', vintage: 2025, quantity: 501, legalBasis: 'to owner', project: 'CCER-GD-2025-0101' }, token: t.registry }, 409, 'INSUFFICIENT_HOLDING'));
    expect((await call(allocations, { body: { accountId: a.accountId, instrument: 'CCER', vintage: 2025, quantity: 300, legalBasis: 'to owner', project: 'CCER-GD-2025-0101' }, token: t.registry })).status).toBe(201);

    const list = ccerProjectListSchema.parse((await call(listProjects, { path: '/api/v1/registry/ccer-projects?year=2025', token: t.b })).body);
    expect(list.items.find((p) => p.code === 'CCER-GD-2025-0101')).toMatchObject({ issued: 500, cancelled: 0, ownerCovered: true, year: 2025 });
    const held = holdingsResponseSchema.parse((await call(holdings, { params: id(a.accountId), token: t.a })).body);
    expect(held.ccerProjects).toEqual([expect.objectContaining({ vintage: 2025, code: 'CCER-GD-2025-0101', quantity: 300, eligible: false })]);
  });
});

describe('oversight', () => {
  it('the ledger verifies after everything above', async () => {
    const res = await call(verify, { token: t.registry });
    expect(res.status).toBe(200);
    const report = ledgerReportSchema.parse(res.body);
    expect(report.ok).toBe(true);
    expect((await call(verify, { token: t.mee })).status).toBe(200);
    await expectError(verify, { token: t.regGD }, 403, 'FORBIDDEN');
  });

  it('pages the audit trail and filters it by action', async () => {
    const first = auditPageSchema.parse((await call(audit, { path: '/api/v1/audit?limit=3', token: t.registry })).body);
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = auditPageSchema.parse((await call(audit, { path: `/api/v1/audit?limit=3&cursor=${first.nextCursor}`, token: t.registry })).body);
    expect(Number(second.items[0]!.id)).toBeLessThan(Number(first.items.at(-1)!.id));
    const filtered = auditPageSchema.parse((await call(audit, { path: '/api/v1/audit?action=non_trade_transfer.&limit=200', token: t.mee })).body);
    expect(filtered.items.length).toBeGreaterThan(0);
    expect(filtered.items.every((x) => x.action.startsWith('non_trade_transfer.'))).toBe(true);
    await expectError(audit, { token: t.regHB }, 403, 'FORBIDDEN');
  });

  it('filters the audit trail by the Beijing day its records were written, bounds included', async () => {
    const newest = auditPageSchema.parse((await call(audit, { path: '/api/v1/audit?limit=1', token: t.registry })).body).items[0]!;
    const beijing = (iso: string, days = 0) => new Date(Date.parse(iso) + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const ids = async (query: string) => auditPageSchema.parse((await call(audit, { path: `/api/v1/audit?limit=5&${query}`, token: t.registry })).body).items.map((x) => x.id);
    expect(await ids(`from=${beijing(newest.at)}&to=${beijing(newest.at)}`)).toContain(newest.id);
    expect(await ids(`to=${beijing(newest.at, -1)}`)).not.toContain(newest.id);
    expect(await ids(`from=${beijing(newest.at, 1)}`)).toEqual([]);
    const bad = await call(audit, { path: '/api/v1/audit?from=2026-13-01', token: t.registry });
    expect(bad.status).toBe(400);
  });

  it('gives the provincial overview in scope: own province, national all, other province 403', async () => {
    const gdView = provinceOverviewResponseSchema.parse((await call(overview, { token: t.regGD })).body);
    expect(new Set(gdView.items.map((o) => o.provinceCode))).toEqual(new Set(['GD']));
    expect(gdView.items.find((o) => o.accountId === a.accountId)?.cea).toBeGreaterThan(0);
    await expectError(overview, { path: '/api/v1/regulator/organisations?province=HB', token: t.regGD }, 403, 'FORBIDDEN');

    const national = provinceOverviewResponseSchema.parse((await call(overview, { token: t.mee })).body);
    expect(new Set(national.items.map((o) => o.provinceCode))).toEqual(new Set(['GD', 'HB']));
    const hbOnly = provinceOverviewResponseSchema.parse((await call(overview, { path: '/api/v1/regulator/organisations?province=HB', token: t.mee })).body);
    expect(hbOnly.items.map((o) => o.accountId)).toEqual([hb.accountId]);
  });
});

describe('registry lists are paged', () => {
  it('pages accounts, freezes and transfers with ?limit and nextCursor, without duplicates', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: number }[]; nextCursor: string | null } } = await call(listAccounts, {
        path: `/api/v1/registry/accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        token: t.registry,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.slice(2)).toEqual([]); // at most 2 per page
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await call(listAccounts, { path: '/api/v1/registry/accounts?limit=200', token: t.registry });
    expect(seen).toEqual(all.body.items.map((i: { id: number }) => i.id));
    for (const list of [listFreezes, listPledges, listTransfers]) {
      const first = await call(list, { path: '/api/v1/registry/x?limit=1', token: t.registry });
      expect(first.status).toBe(200);
      expect(first.body.items.slice(1)).toEqual([]); // at most 1 per page
      if (first.body.nextCursor) {
        const second = await call(list, { path: `/api/v1/registry/x?limit=1&cursor=${first.body.nextCursor}`, token: t.registry });
        expect(second.body.items[0]?.id).not.toBe(first.body.items[0].id);
      }
    }
  });
});

describe('the account search (?q=)', () => {
  const ids = async (q: string, token = t.registry, kind?: string) => {
    const res = await call(listAccounts, { path: `/api/v1/registry/accounts?${new URLSearchParams({ q, ...(kind ? { kind } : {}) })}`, token });
    expect(res.status).toBe(200);
    return accountListResponseSchema.parse(res.body).items.map((i) => i.id);
  };

  it('finds accounts by ID, by part of the number or of the organisation name in any case, within the reader\'s scope', async () => {
    expect(await ids('alpha CEM')).toEqual([a.accountId]);
    expect(await ids(String(b.accountId))).toContain(b.accountId);
    const { number } = await db().registryAccount.findUniqueOrThrow({ where: { id: hb.accountId } });
    expect(await ids(number.slice(-6))).toContain(hb.accountId);
    expect(await ids('hubei steel', t.regGD)).toEqual([]); // another province's account is not found
    expect(await ids('hubei steel', t.regHB)).toEqual([hb.accountId]);
    expect(await ids('no such organisation')).toEqual([]);
  });

  it('keeps to the accounts of compliance entities or of investors with ?kind=', async () => {
    const entity = await createParticipant(reg, { province: 'GD', name: 'Kindred Power' });
    const investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR', name: 'Kindred Capital' });
    expect((await ids('kindred')).sort((x, y) => x - y)).toEqual([entity.accountId, investor.accountId]);
    expect(await ids('kindred', t.registry, 'COMPLIANCE_ENTITY')).toEqual([entity.accountId]);
    expect(await ids('kindred', t.regGD, 'INVESTOR')).toEqual([investor.accountId]);
    const bad = await call(listAccounts, { path: '/api/v1/registry/accounts?q=kindred&kind=REGULATOR', token: t.registry });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('query.kind');
  });

  it('refuses an empty search', async () => {
    const res = await call(listAccounts, { path: '/api/v1/registry/accounts?q=%20', token: t.registry });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('query.q');
  });
});
