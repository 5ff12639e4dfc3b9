import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { loadActor, type Actor } from '@/server/identity/actor';
import { coverageListSchema, planResponseSchema, runListSchema, runResponseSchema, entityAllocationListSchema, installationResponseSchema, industryRuleResponseSchema, coverageResponseSchema } from '@/schemas/allocationApi';
import { reportResponseSchema } from '@/schemas/tradingApi';
import { policySchema } from '@/schemas/compliance';
import { GET as getPlan, PUT as putPlan } from '@/app/api/v1/allocation/[year]/plan/route';
import { POST as distribute } from '@/app/api/v1/allocation/[year]/plan/distribute/route';
import { PUT as putRule } from '@/app/api/v1/allocation/[year]/rules/[code]/route';
import { POST as saveInstallation } from '@/app/api/v1/allocation/installations/route';
import { GET as listRuns, POST as prepareRun } from '@/app/api/v1/allocation/[year]/runs/route';
import { GET as getRun } from '@/app/api/v1/allocation/runs/[id]/route';
import { POST as confirmRun } from '@/app/api/v1/allocation/runs/[id]/confirm/route';
import { GET as calculations } from '@/app/api/v1/allocation/[year]/calculations/route';
import { GET as coveredList, POST as coveredAdd } from '@/app/api/v1/covered-entities/route';
import { POST as fileReport } from '@/app/api/v1/compliance/[year]/reports/route';
import { POST as verifyReport } from '@/app/api/v1/compliance/[year]/reports/[id]/verify/route';
import { bootstrapRegistry, createParticipant, holdingOf, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { approvalSubmittedSchema } from '@/schemas/controls';
import { decideApproval } from '@/server/registry/approvals';
import { call } from '../../support/http';
import { expectRefused } from '../../support/trading';
import { approvedBy, expectError, expectNothingChanged } from './helpers';

/**
 * Allocation and its authorization over the real route handlers: an entity cannot verify its own
 * report; a Hubei regulator cannot allocate to a Guangdong entity (prepare a Guangdong run,
 * register its installation, list it, or confirm or read its run); the regulator who prepared a
 * run cannot confirm it (403 FOUR_EYES_REQUIRED), a second Guangdong regulator can; policy is the
 * national regulator's, each change approved by a second national regulator (four eyes). Every
 * refusal changes nothing; every success body parses with its schema.
 */
let reg: Registry;
let entity: Participant;
const t = {} as Record<'entity' | 'gd' | 'gd2' | 'hb' | 'mee' | 'mee2', string>;
const year = { year: '2025' };

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD', name: 'Guangzhou Power' });
  await db().organisation.update({ where: { id: entity.organisationId }, data: { industry: 'POWER' } });
  const second = await db().user.create({
    data: { email: 'gd-second@test.cn', name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  const gd2: Actor = await loadActor(second.id);
  t.entity = await tokenFor(entity.actor);
  t.gd = await tokenFor(reg.regulators.GD);
  t.gd2 = await tokenFor(gd2);
  t.hb = await tokenFor(reg.regulators.HB);
  t.mee = await tokenFor(reg.mee);
  t.mee2 = await tokenFor(reg.mee2);
  await db().complianceCycle.create({ data: { year: 2024, reportDeadline: new Date('2099-03-31T00:00:00Z'), surrenderDeadline: new Date('2099-12-31T00:00:00Z') } });
});

describe('policy belongs to the national regulator', () => {
  it('a provincial regulator cannot set the plan or a rule; the national regulator can, and distributes', async () => {
    const plan = { nationalCap: 5_000_000, budgets: [{ provinceCode: 'GD', budget: 2_000_000 }, { provinceCode: 'HB', budget: 1_000_000 }] };
    const rule = { industry: 'POWER', name: 'Coal power', nameZh: '燃煤发电', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', outputCapMultiple: '1' };
    await expectNothingChanged(async () => {
      await expectError(putPlan, { method: 'PUT', params: year, body: plan, token: t.gd }, 403, 'FORBIDDEN');
      await expectError(putRule, { method: 'PUT', params: { year: '2025', code: 'POWER_COAL' }, body: rule, token: t.gd }, 403, 'FORBIDDEN');
      const over = await expectError(putPlan, { method: 'PUT', params: year, body: { ...plan, nationalCap: 2_500_000 }, token: t.mee }, 422, 'BUDGETS_EXCEED_CAP');
      expect(over).toMatchObject({ message: 'The provincial budgets add up to 3,000,000 t, more than the national cap of 2,500,000 t.', fields: { nationalCap: 'Must be at least 3,000,000.' } });
      // The same refusal in Chinese for a client that asks for it.
      const zh = await expectError(putPlan, { method: 'PUT', params: year, body: { ...plan, nationalCap: 2_500_000 }, token: t.mee, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }, 422, 'BUDGETS_EXCEED_CAP');
      expect(zh).toMatchObject({ message: '各省预算合计 3,000,000 吨，超过全国配额总量 2,500,000 吨。', fields: { nationalCap: '不得小于 3,000,000。' } });
    });
    // Four eyes: each change is carried out when a second national regulator approves it.
    const set = await call(putPlan, { method: 'PUT', params: year, body: plan, token: t.mee });
    expect(planResponseSchema.parse((await call(getPlan, { params: year, token: t.mee })).body).nationalCap).toBeNull();
    expect(planResponseSchema.parse(await approvedBy(set, t.mee2)).nationalCap).toBe(5_000_000);
    const saved = await call(putRule, { method: 'PUT', params: { year: '2025', code: 'power_coal' }, body: rule, token: t.mee });
    expect(industryRuleResponseSchema.parse(await approvedBy(saved, t.mee2))).toMatchObject({ code: 'POWER_COAL', benchmark: '0.8' });
    const published = await call(distribute, { method: 'POST', params: year, token: t.mee });
    expect(planResponseSchema.parse(await approvedBy(published, t.mee2)).budgets.map((b) => b.distributed)).toEqual([2_000_000, 1_000_000]);
    expect((await call(getPlan, { params: year, token: t.entity })).status).toBe(403);
  });
});

describe('a Hubei regulator cannot allocate to a Guangdong entity', () => {
  it('cannot register its installation, list it, or prepare a Guangdong run; the Guangdong regulator can', async () => {
    const installation = { organisationId: entity.organisationId, code: 'GZ-U1', name: 'Unit 1', ruleCode: 'POWER_COAL', designCapacity: '2000000' };
    const listing = { organisationId: entity.organisationId, fromYear: 2025, basisYear: 2024, annualEmissions: 1_500_000 };
    await expectNothingChanged(async () => {
      await expectError(saveInstallation, { body: installation, token: t.hb }, 403, 'FORBIDDEN');
      // A sub-industry no year has a rule for.
      const unknown = await expectError(saveInstallation, { body: { ...installation, ruleCode: 'NO_SUCH_RULE' }, token: t.gd }, 400, 'INVALID_INPUT');
      expect(unknown.fields).toHaveProperty(['ruleCode']);
      await expectError(coveredAdd, { body: listing, token: t.hb }, 403, 'FORBIDDEN');
      await expectError(prepareRun, { params: year, body: { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }, token: t.hb }, 403, 'FORBIDDEN');
      await expectError(prepareRun, { params: year, body: { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }, token: t.entity }, 403, 'FORBIDDEN');
    });
    const inst = await call(saveInstallation, { body: installation, token: t.gd });
    expect(inst.status, JSON.stringify(inst.body)).toBe(200);
    installationResponseSchema.parse(inst.body);
    const added = await call(coveredAdd, { body: listing, token: t.gd });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(coverageResponseSchema.parse(added.body)).toMatchObject({ covered: true, fromYear: 2025 });
    const list = await call(coveredList, { path: '/api/v1/covered-entities?year=2025', token: t.hb });
    expect(coverageListSchema.parse(list.body).some((c) => c.organisationId === entity.organisationId)).toBe(false);
  });

  it('an entity cannot verify its own report; its regulator can', async () => {
    const filed = await call(fileReport, { params: { year: '2024' }, body: { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '1500000' }], outputs: { 'gz-u1': '1800000' } }, token: t.entity });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const report = reportResponseSchema.parse(filed.body);
    expect(report.outputs).toEqual({ 'GZ-U1': '1800000' });
    const ids = { year: '2024', id: String(report.id) };
    await expectNothingChanged(() => expectError(verifyReport, { params: ids, body: { decision: 'CONFIRM' }, token: t.entity }, 403, 'FORBIDDEN'));
    await expectNothingChanged(() => expectError(verifyReport, { params: ids, body: { decision: 'CONFIRM' }, token: t.hb }, 403, 'FORBIDDEN'));
    expect((await call(verifyReport, { params: ids, body: { decision: 'CONFIRM' }, token: t.gd })).status).toBe(200);
  });
});

describe('four-eyes: the same regulator cannot both prepare and confirm a run', () => {
  it('prepares (201), is refused its own confirmation (403 FOUR_EYES_REQUIRED), and a second regulator confirms', async () => {
    const prepared = await call(prepareRun, { params: year, body: { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }, token: t.gd });
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    const run = runResponseSchema.parse(prepared.body);
    // 1,800,000 MWh × 0.8 × 0.7 = 1,008,000 t.
    expect(run.lines.map((l) => [l.organisationId, l.quantity])).toEqual([[entity.organisationId, 1_008_000]]);
    const id = { id: String(run.id) };
    await expectNothingChanged(async () => {
      await expectError(confirmRun, { params: id, token: t.gd }, 403, 'FOUR_EYES_REQUIRED');
      await expectError(confirmRun, { params: id, token: t.hb }, 403, 'FORBIDDEN');
      await expectError(confirmRun, { params: id, token: t.mee }, 403, 'FORBIDDEN');
      await expectError(getRun, { params: id, token: t.hb }, 403, 'FORBIDDEN');
    });
    const confirmed = await call(confirmRun, { method: 'POST', params: id, token: t.gd2 });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(runResponseSchema.parse(confirmed.body)).toMatchObject({ status: 'CONFIRMED', issued: 1_008_000 });
    expect(Number((await holdingOf(entity.accountId, 2025)).available)).toBe(1_008_000);
    await expectError(confirmRun, { params: id, token: t.gd2 }, 409, 'RUN_NOT_OPEN');
    expect(runListSchema.parse((await call(listRuns, { params: year, token: t.mee })).body)).toHaveLength(1);
    expect(runListSchema.parse((await call(listRuns, { params: year, token: t.hb })).body)).toHaveLength(0);
    // The entity reads its own calculation (inputs, formula, result).
    const mine = entityAllocationListSchema.parse((await call(calculations, { params: year, token: t.entity })).body);
    expect(mine[0]!.calculation.installations[0]!.calculation).toMatchObject({ method: 'BENCHMARK', inputs: { output: '1800000', benchmark: '0.8' }, result: 1_440_000 });
  });
});

describe('compliance policy and cycle dates belong to the national regulator', () => {
  it('a provincial regulator reads but cannot change them; the national regulator can; a closed year keeps its dates', async () => {
    const { GET: getPolicy, PUT: putPolicy } = await import('@/app/api/v1/compliance/policy/route');
    const { PUT: putCycle } = await import('@/app/api/v1/compliance/[year]/cycle/route');
    const policy = { offsetShare: '0.1', phaseStarts: [2026, 2021], carryOverBetweenPhases: false, carryOverDiscount: '0.9', penaltyRule: 'TRIAL_2021' };
    // One shape: what GET answers is what PUT takes (banking fields flat), so a read can be sent back changed.
    const read = await call(getPolicy, { token: t.gd });
    expect(read.body).toMatchObject({ offsetShare: '0.05', phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1', penaltyRule: 'INTERIM_2024' });
    expect(read.body).not.toHaveProperty('banking');
    expect(policySchema.safeParse(read.body).success).toBe(true);
    await expectNothingChanged(async () => {
      await expectError(putPolicy, { method: 'PUT', body: policy, token: t.gd }, 403, 'FORBIDDEN');
      await expectError(putCycle, { method: 'PUT', params: { year: '2026' }, body: { reportDeadline: '2027-03-31', surrenderDeadline: '2027-12-31' }, token: t.gd }, 403, 'FORBIDDEN');
      await expectError(putCycle, { method: 'PUT', params: { year: '2026' }, body: { reportDeadline: '2026-12-31', surrenderDeadline: '2027-12-31' }, token: t.mee }, 422, 'DEADLINE_IN_YEAR');
      await expectError(getPolicy, { token: t.entity }, 403, 'FORBIDDEN');
    });
    const changed = await call(putPolicy, { method: 'PUT', body: policy, token: t.mee });
    const { approvalId } = approvalSubmittedSchema.parse(changed.body);
    // One change of the policy waits at a time; its requester never approves it; the policy in force is unchanged until approved.
    await expectNothingChanged(async () => {
      await expectError(putPolicy, { method: 'PUT', body: { ...policy, offsetShare: '0.2' }, token: t.mee }, 409, 'APPROVAL_ALREADY_REQUESTED');
      await expectRefused(decideApproval(reg.mee, approvalId, 'approve'), 'APPROVAL_NOT_ALLOWED', 403);
      await expectRefused(decideApproval(reg.regulators.GD, approvalId, 'approve'), 'NOT_FOUND', 404);
    });
    expect((await call(getPolicy, { token: t.gd })).body).toMatchObject({ offsetShare: '0.05' });
    expect(await approvedBy(changed, t.mee2)).toMatchObject({ offsetShare: '0.1', phaseStarts: [2021, 2026], carryOverBetweenPhases: false, carryOverDiscount: '0.9', penaltyRule: 'TRIAL_2021' });
    expect((await call(getPolicy, { token: t.gd })).body).toMatchObject({ offsetShare: '0.1' });
    const cycle = await call(putCycle, { method: 'PUT', params: { year: '2026' }, body: { reportDeadline: '2027-03-31', surrenderDeadline: '2027-07-31' }, token: t.mee });
    expect(await approvedBy(cycle, t.mee2)).toEqual({ year: 2026, reportDeadline: '2027-03-31', surrenderDeadline: '2027-07-31' });
    await db().penalty.create({ data: { organisationId: entity.organisationId, year: 2026, rule: 'TRIAL_2021', shortfall: 1n, averagePrice: '50', fineMin: '20000', fineMax: '30000', fine: '20000', basis: 'test', createdById: reg.mee.userId } });
    await expectError(putCycle, { method: 'PUT', params: { year: '2026' }, body: { reportDeadline: '2027-03-31', surrenderDeadline: '2027-12-31' }, token: t.mee }, 409, 'YEAR_CLOSED');
  });
});
