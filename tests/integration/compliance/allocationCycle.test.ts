import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { loadActor, type Actor } from '@/server/identity/actor';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { complianceStatusOf, surrender } from '@/server/compliance/surrenders';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { allocationsOf, confirmRun, discardRun, getRun, listRuns, prepareRun } from '@/server/compliance/allocation';
import { allocationPlan, distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity, expireTransitions, listCoveredEntities, removeCoveredEntity } from '@/server/compliance/coveredEntities';
import { marketDate } from '@/server/compliance/cycle';
import { verifyLedger } from '@/server/registry/verify';
import { inTransaction } from '@/server/tx';
import { addDays } from '@/domain/trading/calendar';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { bootstrapRegistry, createParticipant, holdingOf, TEST_PASSWORD, type Participant, type Registry } from '../../support/fixtures';
import { expectRefused } from '../../support/trading';

/**
 * A full compliance cycle with allocation, on real PostgreSQL, for four entities in two provinces:
 * the cap and budgets distributed; the covered-entity list; 2024 closed with a shortfall scheduled
 * for deduction; the 2025 pre-allocation (from 2024 output, the deduction netted off, an entity
 * without output refused as a problem), confirmed by a second regulator (four-eyes); the 2025
 * reports verified; the true-up (issue the difference, take back an excess, a stale preview
 * refused); surrenders (complete, partial, CCER over the cap refused, a future vintage refused);
 * the deadline, penalties and the 2026 deduction; a removal whose transition ends in an expiry —
 * with every vintage conserved at the end.
 */
let reg: Registry;
let gdReg2: Actor;
let hbReg2: Actor;
let power: Participant; // GD coal power, a 2024 shortfall deducted from 2025
let cement: Participant; // GD clinker: output capped, paid share; taken back at true-up; partial
let late: Participant; // GD power without 2024 output: no pre-allocation; CCER and vintage refusals
let wuhan: Participant; // HB power: its run exceeds the budget until the budget is raised

const cycle = (year: number, report: string, surrenderBy: string) =>
  db().complianceCycle.upsert({
    where: { year },
    update: { reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) },
    create: { year, reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) },
  });

async function secondRegulator(of: Actor): Promise<Actor> {
  const u = await db().user.create({
    data: { email: `second-${of.userId}@test.cn`, name: `Second regulator ${of.provinceCode}`, passwordHash: TEST_PASSWORD, organisationId: of.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  return loadActor(u.id);
}

const rule = (over: Partial<IndustryRuleCommand> & Pick<IndustryRuleCommand, 'industry' | 'name' | 'method' | 'outputUnit'>): IndustryRuleCommand => ({
  nameZh: '规则', declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0', ...over,
});

const available = async (p: Participant, vintage: number) => Number((await holdingOf(p.accountId, vintage)).available);

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gdReg2 = await secondRegulator(reg.regulators.GD);
  hbReg2 = await secondRegulator(reg.regulators.HB);
  power = await createParticipant(reg, { province: 'GD', name: 'Pearl Power', cea: { 2024: 850_000, 2025: 200_000 } });
  cement = await createParticipant(reg, { province: 'GD', name: 'Lingnan Cement' });
  late = await createParticipant(reg, { province: 'GD', name: 'Jinwan Power', cea: { 2026: 10_000 }, ccer: { 2023: 50_000 } });
  wuhan = await createParticipant(reg, { province: 'HB', name: 'Qingshan Power' });
  for (const [p, industry] of [[power, 'POWER'], [cement, 'CEMENT'], [late, 'POWER'], [wuhan, 'POWER']] as const) {
    await db().organisation.update({ where: { id: p.organisationId }, data: { industry } });
  }
  await cycle(2024, '2099-03-31', '2025-12-31');
  await cycle(2025, '2099-03-31', '2099-12-31');
});

describe('policy: rules, installations, the list, the plan', () => {
  it('the national regulator sets the rules, cap and budgets, and distributes them; provinces cannot', async () => {
    for (const year of [2025, 2026]) {
      await saveIndustryRule(reg.mee, year, 'POWER_COAL', rule({ industry: 'POWER', name: 'Coal power', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', outputCapMultiple: '1' }));
      await saveIndustryRule(reg.mee, year, 'CEMENT_CLINKER', rule({ industry: 'CEMENT', name: 'Clinker', method: 'BENCHMARK', outputUnit: 't clinker', benchmark: '0.86', outputCapMultiple: '1.3', paidShare: '0.03' }));
    }
    await expectRefused(saveIndustryRule(reg.regulators.GD, 2025, 'X_RULE', rule({ industry: 'POWER', name: 'Mine', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '1' })), 'FORBIDDEN', 403);
    await expectRefused(setAllocationPlan(reg.mee, 2025, { nationalCap: 1_000, budgets: [{ provinceCode: 'GD', budget: 1_001 }] }), 'BUDGETS_EXCEED_CAP', 422);
    await expectRefused(setAllocationPlan(reg.regulators.GD, 2025, { nationalCap: 1_000, budgets: [] }), 'FORBIDDEN', 403);
    await setAllocationPlan(reg.mee, 2025, { nationalCap: 10_000_000, budgets: [{ provinceCode: 'GD', budget: 5_000_000 }, { provinceCode: 'HB', budget: 2_000_000 }] });
    const plan = await distributePlan(reg.mee, 2025);
    expect(plan).toMatchObject({ nationalCap: 10_000_000, unassigned: 3_000_000 });
    expect(plan.budgets.map((b) => [b.provinceCode, b.budget, b.distributed, b.remaining])).toEqual([['GD', 5_000_000, 5_000_000, 5_000_000], ['HB', 2_000_000, 2_000_000, 2_000_000]]);
    // Publishing again moves nothing more.
    const again = await distributePlan(reg.mee, 2025);
    expect(again.budgets.map((b) => b.distributed)).toEqual([5_000_000, 2_000_000]);
  });

  it('the provincial regulator registers installations and keeps the list (threshold, covered industry, scope)', async () => {
    const gd = reg.regulators.GD;
    await saveInstallation(gd, { organisationId: power.organisationId, code: 'PP-U1', name: 'Unit 1', ruleCode: 'POWER_COAL', designCapacity: '1200000', baseEmissions: [], active: true });
    await saveInstallation(gd, { organisationId: cement.organisationId, code: 'LN-K1', name: 'Kiln 1', ruleCode: 'CEMENT_CLINKER', designCapacity: '1000000', baseEmissions: [], active: true });
    await saveInstallation(gd, { organisationId: late.organisationId, code: 'JW-U1', name: 'Unit 1', ruleCode: 'POWER_COAL', designCapacity: '600000', baseEmissions: [], active: true });
    await expectRefused(saveInstallation(reg.regulators.HB, { organisationId: power.organisationId, code: 'PP-U2', name: 'Unit 2', ruleCode: 'POWER_COAL', baseEmissions: [], active: true }), 'FORBIDDEN', 403);
    await saveInstallation(reg.regulators.HB, { organisationId: wuhan.organisationId, code: 'QS-U1', name: 'Unit 11', ruleCode: 'POWER_COAL', designCapacity: '5000000', baseEmissions: [], active: true });

    await expectRefused(addCoveredEntity(gd, { organisationId: power.organisationId, fromYear: 2024, basisYear: 2023, annualEmissions: 25_999 }), 'BELOW_INCLUSION_THRESHOLD', 422);
    await expectRefused(addCoveredEntity(gd, { organisationId: power.organisationId, fromYear: 2024, basisYear: 2023 }), 'EMISSIONS_REQUIRED', 422);
    await expectRefused(addCoveredEntity(reg.regulators.HB, { organisationId: power.organisationId, fromYear: 2024, basisYear: 2023, annualEmissions: 900_000 }), 'FORBIDDEN', 403);
    for (const p of [power, cement, late]) await addCoveredEntity(gd, { organisationId: p.organisationId, fromYear: 2024, basisYear: 2023, annualEmissions: 900_000 });
    await addCoveredEntity(reg.regulators.HB, { organisationId: wuhan.organisationId, fromYear: 2024, basisYear: 2023, annualEmissions: 3_000_000 });
    await expectRefused(addCoveredEntity(gd, { organisationId: power.organisationId, fromYear: 2025, basisYear: 2024, annualEmissions: 900_000 }), 'ALREADY_COVERED', 409);
    const steel = await createParticipant(reg, { province: 'GD', name: 'Uncovered Textiles' });
    await db().organisation.update({ where: { id: steel.organisationId }, data: { industry: 'TEXTILES' } });
    await expectRefused(addCoveredEntity(gd, { organisationId: steel.organisationId, fromYear: 2025, basisYear: 2024, annualEmissions: 90_000 }), 'INDUSTRY_NOT_COVERED', 422);

    const list = await listCoveredEntities(gd, 2025);
    expect(list.filter((c) => c.covered).map((c) => c.organisationId).sort()).toEqual([power, cement, late].map((p) => p.organisationId).sort());
    expect(list.every((c) => c.provinceCode === 'GD')).toBe(true);
  });
});

describe('2024 closes with a shortfall; the 2025 pre-allocation nets it off', () => {
  it('2024: reports with output per installation, a shortfall of 50,000 t scheduled for 2025', async () => {
    await expectRefused(fileReport(power.actor, 2024, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '900000' }], outputs: { 'NOT-MINE': '1' } }), 'INVALID_INPUT', 400);
    const p = await fileReport(power.actor, 2024, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '900000' }], outputs: { 'PP-U1': '1000000' } });
    const c = await fileReport(cement.actor, 2024, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '1250000' }], outputs: { 'LN-K1': '1400000' } });
    const w = await fileReport(wuhan.actor, 2024, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '3300000' }], outputs: { 'QS-U1': '4000000' } });
    await expectRefused(verifyReport(power.actor, 2024, p.id, { decision: 'CONFIRM' }), 'FORBIDDEN', 403);
    // The cement report stays unverified (pre-allocation reads the reported output): no obligation, no penalty.
    expect(c.status).toBe('SUBMITTED');
    for (const [r, by] of [[p, reg.regulators.GD], [w, reg.regulators.HB]] as const) await verifyReport(by, 2024, r.id, { decision: 'CONFIRM' });
    await surrender(power.actor, 2024, { items: [{ instrument: 'CEA', vintage: 2024, quantity: 850_000 }] });
    const closing = await closeComplianceYear(reg.regulators.GD, 2024);
    expect(closing.deductions.find((d) => d.organisationId === power.organisationId)).toEqual({ organisationId: power.organisationId, toYear: 2025, quantity: 50_000 });
  });

  it('a Hubei regulator cannot allocate to Guangdong; the preview shows each calculation and the budget left', async () => {
    await expectRefused(prepareRun(reg.regulators.HB, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }), 'FORBIDDEN', 403);
    await expectRefused(prepareRun(reg.mee, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }), 'FORBIDDEN', 403);
    await expectRefused(prepareRun(power.actor, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }), 'FORBIDDEN', 403);
    const first = await prepareRun(reg.regulators.GD, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    const run = await prepareRun(reg.regulators.GD, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    expect((await getRun(reg.regulators.GD, first.id)).status).toBe('DISCARDED'); // a new preview replaces the old
    const line = (p: Participant) => run.lines.find((l) => l.organisationId === p.organisationId)!;
    // Power: 1,000,000 MWh × 0.8 = 800,000; × 0.7 = 560,000; − 50,000 deducted = 510,000.
    expect(line(power)).toMatchObject({ allocation: 800_000, deduction: 50_000, quantity: 510_000, problem: null });
    expect(line(power).calculation.formula).toBe("560000 pre-allocation − 50000 deducted (last year's shortfall) = 510000");
    // Cement: 1,400,000 t capped at 1.3 × 1,000,000; × 0.86 = 1,118,000; paid 3 % = 33,540; free 1,084,460 × 0.7 = 759,122.
    expect(line(cement)).toMatchObject({ allocation: 1_118_000, paid: 0, quantity: 759_122 });
    expect(line(cement).calculation.installations[0]!.calculation!.inputs).toMatchObject({ output: '1400000', outputCap: '1300000', countedOutput: '1300000' });
    // No 2024 output: nothing, flagged.
    expect(line(late)).toMatchObject({ quantity: 0, problem: expect.stringContaining('No previous year') });
    expect(run).toMatchObject({ status: 'PREVIEW', issued: 1_269_122, takenBack: 0, paid: 0, budget: 5_000_000, allocatedBefore: 0, remainingAfter: 5_000_000 - 1_269_122 });
  });

  it('the same regulator cannot both prepare and confirm; a second one confirms and the units move', async () => {
    const [run] = await listRuns(reg.regulators.GD, 2025);
    // The list counts a run's lines without reading them: the same as the run's own view.
    const full = await getRun(reg.regulators.GD, run!.id);
    const { lines, ...head } = full;
    expect(run).toEqual({ ...head, entities: lines.length, problems: lines.filter((l) => l.problem).length });
    await expectRefused(confirmRun(reg.regulators.GD, run!.id), 'FOUR_EYES_REQUIRED', 403);
    await expectRefused(confirmRun(reg.regulators.HB, run!.id), 'FORBIDDEN', 403);
    await expectRefused(getRun(reg.regulators.HB, run!.id), 'FORBIDDEN', 403);
    const before = { power: await available(power, 2025), cement: await available(cement, 2025) };
    const confirmed = await confirmRun(gdReg2, run!.id);
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', decidedBy: { id: gdReg2.userId } });
    expect(await available(power, 2025)).toBe(before.power + 510_000);
    expect(await available(cement, 2025)).toBe(before.cement + 759_122);
    expect(await db().allocationDeduction.findFirst({ where: { organisationId: power.organisationId, fromYear: 2024 } })).toMatchObject({ applied: 50_000n, status: 'APPLIED' });
    await expectRefused(confirmRun(gdReg2, run!.id), 'RUN_NOT_OPEN', 409);
    // A further pre-allocation run nets off what was issued: nothing is due, so it cannot be confirmed.
    const further = await prepareRun(reg.regulators.GD, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    expect(further.lines.map((l) => l.quantity)).toEqual([0, 0, 0]);
    await expectRefused(confirmRun(gdReg2, further.id), 'NOTHING_TO_MOVE', 409);
    await discardRun(gdReg2, further.id);
    // The entity sees its own calculation; another entity's is refused.
    const mine = await allocationsOf(power.actor, 2025);
    expect(mine.map((a) => [a.kind, a.moved, a.deduction])).toEqual([['PRE_ALLOCATION', 510_000, 50_000]]);
    await expectRefused(allocationsOf(cement.actor, 2025, power.organisationId), 'FORBIDDEN', 403);
    // The budget shows what is used; a rule of a year with a confirmed run cannot change.
    expect((await allocationPlan(reg.regulators.GD, 2025)).budgets[0]).toMatchObject({ provinceCode: 'GD', allocated: 1_269_122, remaining: 5_000_000 - 1_269_122 });
    await expectRefused(saveIndustryRule(reg.mee, 2025, 'POWER_COAL', rule({ industry: 'POWER', name: 'Coal power', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.9' })), 'RULES_IN_USE', 409);
  });

  it('a run over the province budget cannot be confirmed until the budget is raised', async () => {
    // Wuhan: 4,000,000 MWh × 0.8 × 0.7 = 2,240,000 > the 2,000,000 budget.
    const run = await prepareRun(reg.regulators.HB, 2025, { provinceCode: 'HB', kind: 'PRE_ALLOCATION' });
    expect(run).toMatchObject({ issued: 2_240_000, remainingAfter: -240_000 });
    await expectRefused(confirmRun(hbReg2, run.id), 'BUDGET_EXCEEDED', 409);
    await setAllocationPlan(reg.mee, 2025, { nationalCap: 10_000_000, budgets: [{ provinceCode: 'GD', budget: 5_000_000 }, { provinceCode: 'HB', budget: 3_000_000 }] });
    await expectRefused(confirmRun(hbReg2, run.id), 'PROVINCE_ACCOUNT_SHORT', 409);
    await distributePlan(reg.mee, 2025);
    await confirmRun(hbReg2, run.id);
    expect(await available(wuhan, 2025)).toBe(2_240_000);
    await expectRefused(setAllocationPlan(reg.mee, 2025, { nationalCap: 10_000_000, budgets: [{ provinceCode: 'HB', budget: 2_000_000 }] }), 'BUDGET_BELOW_ALLOCATED', 422);
  });
});

describe('2025: verification, true-up, surrenders, deadline, penalties, next-year deduction', () => {
  it('verified output trues up: the difference issued, an excess taken back; a stale preview is refused', async () => {
    const gd = reg.regulators.GD;
    const p = await fileReport(power.actor, 2025, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '1000000' }], outputs: { 'PP-U1': '1100000' } });
    const c = await fileReport(cement.actor, 2025, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '700000' }], outputs: { 'LN-K1': '800000' } });
    const l = await fileReport(late.actor, 2025, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '400000' }], outputs: { 'JW-U1': '500000' } });
    await verifyReport(gd, 2025, p.id, { decision: 'CONFIRM' });
    await verifyReport(gd, 2025, c.id, { decision: 'CORRECT', verifiedEmissions: 720_000, note: 'Kiln meter readings' });
    await verifyReport(gd, 2025, l.id, { decision: 'CONFIRM' });

    const stale = await prepareRun(gd, 2025, { provinceCode: 'GD', kind: 'TRUE_UP' });
    await saveInstallation(gd, { organisationId: late.organisationId, code: 'JW-U2', name: 'Unit 2', ruleCode: 'POWER_COAL', designCapacity: '600000', baseEmissions: [], active: true });
    await expectRefused(confirmRun(gdReg2, stale.id), 'RUN_STALE', 409);
    await saveInstallation(gd, { organisationId: late.organisationId, code: 'JW-U2', name: 'Unit 2', ruleCode: 'POWER_COAL', designCapacity: '600000', baseEmissions: [], active: false });

    const run = await prepareRun(gd, 2025, { provinceCode: 'GD', kind: 'TRUE_UP' });
    const line = (x: Participant) => run.lines.find((r) => r.organisationId === x.organisationId)!;
    // Power: 1,100,000 × 0.8 = 880,000 − 510,000 issued − 50,000 deducted = 320,000.
    expect(line(power)).toMatchObject({ allocation: 880_000, previouslyIssued: 510_000, deduction: 0, quantity: 320_000 });
    // Cement: 800,000 × 0.86 = 688,000; paid 20,640 to auction; free 667,360 − 759,122 = −91,762 (taken back).
    expect(line(cement)).toMatchObject({ allocation: 688_000, paid: 20_640, quantity: -91_762 });
    // Late: 500,000 × 0.8 = 400,000, nothing pre-allocated.
    expect(line(late)).toMatchObject({ allocation: 400_000, quantity: 400_000 });
    const auctionBefore = await db().holding.findFirst({ where: { account: { type: 'AUCTION' }, instrument: 'CEA', vintage: 2025 } });
    const confirmed = await confirmRun(gdReg2, run.id);
    expect(confirmed).toMatchObject({ issued: 720_000, takenBack: 91_762, paid: 20_640 });
    expect(await available(power, 2025)).toBe(200_000 + 510_000 + 320_000);
    expect(await available(cement, 2025)).toBe(759_122 - 91_762);
    expect(await available(late, 2025)).toBe(400_000);
    const auctionAfter = await db().holding.findFirst({ where: { account: { type: 'AUCTION' }, instrument: 'CEA', vintage: 2025 } });
    expect(Number(auctionAfter!.available) - Number(auctionBefore?.available ?? 0n)).toBe(20_640);
    const entries = await db().journalEntry.findMany({ where: { reference: `allocation-run:${run.id}` }, select: { type: true } });
    expect(entries.map((e) => e.type).sort()).toEqual(['ALLOCATION', 'ALLOCATION', 'ALLOCATION', 'DEDUCTION']);
    // After the true-up, no more pre-allocation; a further true-up moves only what is still due (nothing).
    await expectRefused(prepareRun(gd, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' }), 'TRUE_UP_CONFIRMED', 409);
    const again = await prepareRun(gd, 2025, { provinceCode: 'GD', kind: 'TRUE_UP' });
    expect(again.lines.map((l) => [l.quantity, l.paid])).toEqual([[0, 0], [0, 0], [0, 0]]);
    await discardRun(gd, again.id);
  });

  it('surrenders: one complete, one partial, CCER over the cap and a future vintage refused', async () => {
    await surrender(power.actor, 2025, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 1_000_000 }] });
    await surrender(cement.actor, 2025, { items: [{ instrument: 'CEA', vintage: 2025, quantity: 500_000 }] });
    // 5 % of 400,000 = 20,000 t of CCER at most.
    await expectRefused(surrender(late.actor, 2025, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 20_001 }] }), 'OFFSET_CAP_EXCEEDED', 422);
    await expectRefused(surrender(late.actor, 2025, { items: [{ instrument: 'CEA', vintage: 2026, quantity: 10_000 }] }), 'FUTURE_VINTAGE', 422);
    await surrender(late.actor, 2025, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 20_000 }, { instrument: 'CEA', vintage: 2025, quantity: 300_000 }] });
    expect((await complianceStatusOf(power.actor, 2025)).status).toBe('COMPLIANT');
    expect((await complianceStatusOf(cement.actor, 2025)).status).toBe('IN_PROGRESS');
  });

  it('after the deadline: statuses, penalties, and the 2026 pre-allocation deducts the shortfall', async () => {
    await cycle(2025, '2026-03-31', '2026-01-31');
    expect((await complianceStatusOf(cement.actor, 2025))).toMatchObject({ status: 'PARTIAL', gap: 220_000 });
    expect((await complianceStatusOf(late.actor, 2025))).toMatchObject({ status: 'PARTIAL', gap: 80_000 });
    const closing = await closeComplianceYear(reg.regulators.GD, 2025);
    expect(closing.deductions.map((d) => [d.organisationId, d.quantity]).sort()).toEqual([[cement.organisationId, 220_000], [late.organisationId, 80_000]].sort());

    await setAllocationPlan(reg.mee, 2026, { nationalCap: 9_000_000, budgets: [{ provinceCode: 'GD', budget: 4_000_000 }] });
    await distributePlan(reg.mee, 2026);
    const run = await prepareRun(reg.regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    const line = (x: Participant) => run.lines.find((r) => r.organisationId === x.organisationId)!;
    // Cement 2026: 800,000 × 0.86 = 688,000; free 667,360 × 0.7 = 467,152 − 220,000 = 247,152.
    expect(line(cement)).toMatchObject({ deduction: 220_000, quantity: 247_152 });
    // Late 2026: 500,000 × 0.8 × 0.7 = 280,000 − 80,000 = 200,000.
    expect(line(late)).toMatchObject({ deduction: 80_000, quantity: 200_000 });
    await discardRun(reg.regulators.GD, run.id);
    const again = await prepareRun(reg.regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    await confirmRun(gdReg2, again.id);
    const deductions = await db().allocationDeduction.findMany({ where: { fromYear: 2025 }, orderBy: { organisationId: 'asc' } });
    expect(deductions.map((d) => [d.status, Number(d.applied)])).toEqual([['APPLIED', 220_000], ['APPLIED', 80_000]]);
  });
});

describe('removal from the list and expiry after the transition date', () => {
  it('removal needs two verified years below the threshold, or closure; leftover CEA expire once, after the transition date', async () => {
    const today = await marketDate();
    await expectRefused(removeCoveredEntity(reg.regulators.GD, late.organisationId, { reason: 'BELOW_THRESHOLD', lastYear: 2025, transitionUntil: addDays(today, 10) }), 'NOT_DUE_FOR_REMOVAL', 422);
    await expectRefused(removeCoveredEntity(reg.regulators.GD, late.organisationId, { reason: 'CLOSURE', lastYear: 2025, transitionUntil: today }), 'TRANSITION_IN_PAST', 422);
    await expectRefused(removeCoveredEntity(reg.regulators.HB, late.organisationId, { reason: 'CLOSURE', lastYear: 2025, transitionUntil: addDays(today, 10) }), 'FORBIDDEN', 403);
    const until = addDays(today, 10);
    const removed = await removeCoveredEntity(reg.regulators.GD, late.organisationId, { reason: 'CLOSURE', lastYear: 2025, transitionUntil: until, note: 'Plant closed' });
    expect(removed).toMatchObject({ covered: true, toYear: 2025, endReason: 'CLOSURE', transitionUntil: until });
    expect((await listCoveredEntities(reg.regulators.GD, 2026)).find((c) => c.organisationId === late.organisationId)).toMatchObject({ covered: false });

    const held = { 2025: await available(late, 2025), 2026: await available(late, 2026) };
    expect(held[2025] + held[2026]).toBeGreaterThan(0);
    expect(await inTransaction((tx) => expireTransitions(tx, addDays(until, -1)))).toBe(0); // the date itself is still tradable
    expect(await inTransaction((tx) => expireTransitions(tx, until))).toBe(1);
    expect([await available(late, 2025), await available(late, 2026)]).toEqual([0, 0]);
    expect(Number((await holdingOf(late.accountId, 2023, 'CCER')).available)).toBe(30_000); // offsets are not allowances: kept
    const expiry = await db().journalEntry.findFirst({ where: { type: 'EXPIRY' }, include: { unitPostings: true } });
    expect(expiry!.unitPostings.filter((p) => p.quantity > 0n).reduce((s, p) => s + Number(p.quantity), 0)).toBe(held[2025] + held[2026]);
    expect(await inTransaction((tx) => expireTransitions(tx, addDays(until, 5)))).toBe(0); // once
  });

  it('every vintage is conserved and the ledger verifies', async () => {
    const report = await verifyLedger();
    expect(report.ok, JSON.stringify(report).slice(0, 2000)).toBe(true);
  });
});
