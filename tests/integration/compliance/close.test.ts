import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { closeComplianceYear, listPenalties, previewClosing, type ClosingLine, type PenaltyView } from '@/server/compliance/penalties';
import { setCycle } from '@/server/compliance/policy';
import { fileReport, listReports, verifyReport } from '@/server/compliance/reports';
import { complianceStatusOf, surrender } from '@/server/compliance/surrenders';
import { loadActor, type Actor } from '@/server/identity/actor';
import { verifyLedger } from '@/server/registry/verify';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, type Participant, type Registry } from '../../support/fixtures';
import { TEST_MARKET_CLOSED_THROUGH, TEST_MARKET_START } from '../../support/clock';
import { expectRefused, listInstrument } from '../../support/trading';

/**
 * Closing the 2025 compliance year, on real PostgreSQL, on a case computed by hand:
 * - Guangdong: Pearl Power owes 100,000 t and surrendered 60,000 t (40,000 t short); Lingnan Power
 *   owes 50,000 t and surrendered them; Jinwan Power is covered but has no verified report.
 * - Hubei: Qingshan Steel owes 30,000 t and surrendered nothing.
 * No CEA traded in the 30 days before the deadline, so the average price is CEA-2025's reference
 * price, 50.00 CNY. Under the interim regulations (the default rule) the fine is 5–10 × 50.00 ×
 * the shortfall, imposed at the minimum: Pearl Power 10,000,000.00–20,000,000.00 CNY, Qingshan
 * Steel 7,500,000.00–15,000,000.00 CNY; each shortfall is deducted from the 2026 allocation.
 *
 * The preview refuses before the deadline, shows each regulator its own scope, and equals what the
 * close then records; closing twice adds nothing; the national regulator closes what is left; and
 * surrenders after the close are corrections: the scheduled deduction goes down by the tonnes
 * credited, never below what the 2026 allocation already deducted, and the fine stands.
 */
const YEAR = 2025;
let reg: Registry;
let gdReg2: Actor;
let pearl: Participant; // GD, 40,000 t short
let lingnan: Participant; // GD, compliant
let jinwan: Participant; // GD, covered, no verified report
let qingshan: Participant; // HB, 30,000 t short

const cycle = (report: string, surrenderBy: string) => {
  const dates = { reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) };
  return db().complianceCycle.upsert({ where: { year: YEAR }, update: dates, create: { year: YEAR, ...dates } });
};

async function verified(p: Participant, by: Actor, tonnes: number) {
  const r = await fileReport(p.actor, YEAR, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: String(tonnes) }], outputs: {} });
  await verifyReport(by, YEAR, r.id, { decision: 'CONFIRM' });
}

/** The fields a close records for a penalty, as the preview shows them. */
const recorded = (x: ClosingLine | PenaltyView) => ({
  organisationId: x.organisationId, rule: x.rule, shortfall: x.shortfall, averagePrice: x.averagePrice,
  fineMin: x.fineMin, fineMax: x.fineMax, fine: x.fine, basis: x.basis,
});

const counts = async () => ({
  penalties: await db().penalty.count(),
  deductions: await db().allocationDeduction.count(),
  closings: await db().complianceYearClosing.count(),
  audits: await db().auditLog.count({ where: { action: { in: ['compliance.close', 'compliance.penalty'] } } }),
});

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const u = await db().user.create({
    data: { email: `second-${reg.regulators.GD.userId}@test.cn`, name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  gdReg2 = await loadActor(u.id);
  pearl = await createParticipant(reg, { province: 'GD', name: 'Pearl Power', cea: { 2025: 95_000 } });
  lingnan = await createParticipant(reg, { province: 'GD', name: 'Lingnan Power', cea: { 2025: 50_001 } });
  jinwan = await createParticipant(reg, { province: 'GD', name: 'Jinwan Power' });
  qingshan = await createParticipant(reg, { province: 'HB', name: 'Qingshan Steel', cea: { 2025: 30_000 } });
  await db().organisation.updateMany({ where: { id: { in: [pearl.organisationId, lingnan.organisationId, jinwan.organisationId] } }, data: { industry: 'POWER' } });
  await listInstrument(reg, YEAR, '50.00');
  await cycle('2099-03-31', '2099-12-31');

  await verified(pearl, reg.regulators.GD, 100_000);
  await verified(lingnan, reg.regulators.GD, 50_000);
  await verified(qingshan, reg.regulators.HB, 30_000);
  await surrender(pearl.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 60_000 }] });
  await surrender(lingnan.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 50_000 }] });
  // Jinwan Power is on the 2025 list only, without a report.
  await db().coveredEntity.create({ data: { organisationId: jinwan.organisationId, provinceCode: 'GD', fromYear: YEAR, basis: 'test', addedById: reg.regulators.GD.userId, toYear: YEAR, endReason: 'CLOSURE', transitionUntil: new Date('2099-06-30T00:00:00Z') } });
}, 120_000);

describe('before the surrender deadline', () => {
  it('the preview and the close are refused, saying when the deadline is', async () => {
    const e = await expectRefused(previewClosing(reg.regulators.GD, YEAR), 'DEADLINE_NOT_PASSED', 409);
    expect(e.problem.params).toEqual({ year: YEAR, deadline: '2099-12-31', today: TEST_MARKET_START });
    await expectRefused(closeComplianceYear(reg.regulators.GD, YEAR), 'DEADLINE_NOT_PASSED', 409);
    expect(await counts()).toMatchObject({ penalties: 0, closings: 0 });
  });
});

describe('the preview, after the deadline', () => {
  it('lists each entity of the regulator’s province that would default, with the fine and deduction computed by hand', async () => {
    // The deadline was the last trading day before the test clock's.
    await cycle('2026-03-31', TEST_MARKET_CLOSED_THROUGH);
    const gd = await previewClosing(reg.regulators.GD, YEAR);
    expect(gd).toMatchObject({
      year: YEAR, provinceCode: 'GD', surrenderDeadline: TEST_MARKET_CLOSED_THROUGH, marketDate: TEST_MARKET_START, rule: 'INTERIM_2024', averagePrice: '50.00',
      checked: 2, unverified: 1, provinces: [{ code: 'GD', name: 'Guangdong', nameZh: '广东省', closed: null }],
      totals: { entities: 1, shortfall: 40_000, fines: '10000000.00', deductions: 40_000 },
      recorded: { penalties: 0, shortfall: 0, fines: '0.00' },
    });
    expect(gd.lines).toEqual([
      {
        organisationId: pearl.organisationId, organisationName: 'Pearl Power', organisationNameZh: expect.any(String), provinceCode: 'GD', industry: 'POWER',
        obligation: 100_000, surrendered: 60_000, shortfall: 40_000, rule: 'INTERIM_2024', averagePrice: '50.00',
        fineMin: '10000000.00', fineMax: '20000000.00', fine: '10000000.00', basis: '5–10 × average price 50.00 × shortfall 40000 t',
        basisNote: { code: 'BASIS_PENALTY', params: { rule: 'INTERIM_2024', averagePrice: '50.00', shortfall: 40_000 } },
        deduction: { toYear: 2026, quantity: 40_000 },
      },
    ]);
  });

  it('keeps each provincial regulator to its province; the national regulator sees all, or one', async () => {
    const hb = await previewClosing(reg.regulators.HB, YEAR);
    expect(hb.lines.map((l) => [l.organisationId, l.shortfall, l.fineMin, l.fineMax])).toEqual([[qingshan.organisationId, 30_000, '7500000.00', '15000000.00']]);
    expect(hb.provinces.map((p) => p.code)).toEqual(['HB']);
    // A Hubei regulator sees no Guangdong entity, and cannot ask for Guangdong (403, the province rule); an entity cannot close.
    expect(hb.lines.some((l) => l.provinceCode === 'GD')).toBe(false);
    await expectRefused(previewClosing(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
    await expectRefused(closeComplianceYear(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
    await expectRefused(previewClosing(pearl.actor, YEAR), 'FORBIDDEN', 403);

    const all = await previewClosing(reg.mee, YEAR);
    expect(all.provinceCode).toBeNull();
    expect(all.lines.map((l) => l.organisationId)).toEqual([pearl.organisationId, qingshan.organisationId]);
    expect(all.totals).toEqual({ entities: 2, shortfall: 70_000, fines: '17500000.00', deductions: 70_000 });
    expect(all).toMatchObject({ checked: 3, unverified: 1 });
    const one = await previewClosing(reg.mee, YEAR, { provinceCode: 'hb' });
    expect(one).toMatchObject({ provinceCode: 'HB', totals: { entities: 1, shortfall: 30_000 } });
    await expectRefused(previewClosing(reg.mee, YEAR, { provinceCode: 'XX' }), 'NOT_FOUND', 404);
  });

  it('writes nothing', async () => {
    expect(await counts()).toEqual({ penalties: 0, deductions: 0, closings: 0, audits: 0 });
  });
});

describe('closing', () => {
  it('records what the preview showed: penalties, deductions, the province closed (who, when), audited', async () => {
    const preview = await previewClosing(reg.regulators.GD, YEAR);
    const closing = await closeComplianceYear(reg.regulators.GD, YEAR);
    expect(closing.penalties.map(recorded)).toEqual(preview.lines.map(recorded));
    expect(closing.deductions).toEqual(preview.lines.map((l) => ({ organisationId: l.organisationId, ...l.deduction })));
    expect(closing.totals).toEqual(preview.totals);
    expect(closing.penalties[0]).toMatchObject({ organisationName: 'Pearl Power', provinceCode: 'GD', deduction: { toYear: 2026, scheduled: 40_000, corrected: 0, applied: 0, remaining: 40_000, status: 'SCHEDULED' } });
    const [gd] = closing.provinces;
    expect(gd).toMatchObject({ code: 'GD', closed: { closedBy: { id: reg.regulators.GD.userId }, entities: 2, penalties: 1, shortfall: 40_000, fines: '10000000.00' } });
    // Market time: the test clock's day.
    expect(gd!.closed!.closedAt.slice(0, 10)).toBe(TEST_MARKET_START);

    const audits = await db().auditLog.findMany({ where: { action: { in: ['compliance.close', 'compliance.penalty'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.action, a.targetId])).toEqual([['compliance.penalty', String(pearl.organisationId)], ['compliance.close', `${YEAR}:GD`]]);
    expect(await counts()).toEqual({ penalties: 1, deductions: 1, closings: 1, audits: 2 });

    // The year is closed now: its deadlines stay.
    await expectRefused(setCycle(reg.mee, YEAR, { reportDeadline: '2026-03-31', surrenderDeadline: '2026-12-31' }), 'YEAR_CLOSED', 409);
  });

  it('closing twice adds nothing; the preview then shows the province closed and the penalty recorded', async () => {
    const before = await counts();
    const again = await closeComplianceYear(reg.regulators.GD, YEAR);
    expect(again).toMatchObject({ penalties: [], deductions: [], totals: { entities: 0, shortfall: 0, fines: '0.00', deductions: 0 } });
    expect(await counts()).toEqual(before);
    const preview = await previewClosing(reg.regulators.GD, YEAR);
    expect(preview.lines).toEqual([]);
    expect(preview.recorded).toEqual({ penalties: 1, shortfall: 40_000, fines: '10000000.00' });
    expect(preview.provinces[0]!.closed).toMatchObject({ closedBy: { id: reg.regulators.GD.userId }, penalties: 1 });
  });

  it('the national regulator’s close then closes Hubei alone, and Guangdong keeps its closer', async () => {
    const closing = await closeComplianceYear(reg.mee, YEAR);
    expect(closing.penalties.map((p) => [p.organisationId, p.shortfall, p.fine])).toEqual([[qingshan.organisationId, 30_000, '7500000.00']]);
    expect(closing.provinces.map((p) => [p.code, p.closed?.closedBy.id])).toEqual([['GD', reg.regulators.GD.userId], ['HB', reg.mee.userId]]);
    const before = await counts();
    expect((await closeComplianceYear(reg.mee, YEAR)).penalties).toEqual([]);
    expect(await counts()).toEqual(before);
    // Each regulator lists its own province's penalties; the national one all, or one province.
    expect((await listPenalties(reg.regulators.HB, YEAR)).map((p) => p.organisationId)).toEqual([qingshan.organisationId]);
    expect((await listPenalties(reg.mee, YEAR)).map((p) => p.organisationId)).toEqual([pearl.organisationId, qingshan.organisationId]);
    expect((await listPenalties(reg.mee, YEAR, { provinceCode: 'GD' })).map((p) => p.organisationId)).toEqual([pearl.organisationId]);
    await expectRefused(listPenalties(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
  });
});

describe('correction after the close', () => {
  const rule = (over: Partial<IndustryRuleCommand>): IndustryRuleCommand => ({
    industry: 'POWER', name: 'Coal power (historical)', nameZh: '燃煤发电', method: 'HISTORICAL_EMISSIONS', outputUnit: 'MWh',
    declineFactor: '1', adjustmentFactors: [], preAllocationShare: '1', paidShare: '0', ...over,
  });

  it('a surrender lowers the scheduled deduction by the tonnes credited; the fine stands', async () => {
    const r = await surrender(pearl.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 5_000 }] });
    expect(r.correction).toEqual({
      year: YEAR, credited: 5_000, reducedBy: 5_000, fine: '10000000.00',
      deduction: { toYear: 2026, scheduled: 40_000, corrected: 5_000, applied: 0, remaining: 35_000, status: 'SCHEDULED' },
    });
    const [penalty] = await listPenalties(pearl.actor, YEAR);
    expect(penalty).toMatchObject({ shortfall: 40_000, fine: '10000000.00', deduction: { corrected: 5_000, remaining: 35_000 } });
    expect(await db().auditLog.count({ where: { action: 'compliance.correction' } })).toBe(1);
    expect(await complianceStatusOf(pearl.actor, YEAR)).toMatchObject({ surrendered: 65_000, gap: 35_000, status: 'PARTIAL' });
  });

  it('never below what the 2026 allocation already deducted', async () => {
    // 2026 pre-allocation: Pearl Power 100,000 t base emissions × 0.3 = 30,000 t, all of it deducted (35,000 t are due);
    // Lingnan Power 50,000 t × 0.3 = 15,000 t issued.
    await saveIndustryRule(reg.mee, 2026, 'POWER_HIST', rule({ declineFactor: '0.3' }));
    await setAllocationPlan(reg.mee, 2026, { nationalCap: 1_000_000, budgets: [{ provinceCode: 'GD', budget: 500_000 }] });
    await distributePlan(reg.mee, 2026);
    await saveInstallation(reg.regulators.GD, { organisationId: pearl.organisationId, code: 'PP-U1', name: 'Unit 1', ruleCode: 'POWER_HIST', baseEmissions: [100_000], active: true });
    await saveInstallation(reg.regulators.GD, { organisationId: lingnan.organisationId, code: 'LN-U1', name: 'Unit 1', ruleCode: 'POWER_HIST', baseEmissions: [50_000], active: true });
    for (const p of [pearl, lingnan]) await addCoveredEntity(reg.regulators.GD, { organisationId: p.organisationId, fromYear: YEAR, basisYear: YEAR });
    const run = await prepareRun(reg.regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    expect(run.lines.find((l) => l.organisationId === pearl.organisationId)).toMatchObject({ deduction: 30_000, quantity: 0 });
    expect(run.lines.find((l) => l.organisationId === lingnan.organisationId)).toMatchObject({ deduction: 0, quantity: 15_000 });
    await confirmRun(gdReg2, run.id);
    expect((await listPenalties(pearl.actor, YEAR))[0]!.deduction).toEqual({ toYear: 2026, scheduled: 40_000, corrected: 5_000, applied: 30_000, remaining: 5_000, status: 'SCHEDULED' });

    // 25,000 t credited, but only the 5,000 t not yet deducted can be taken off.
    const r = await surrender(pearl.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 25_000 }] });
    expect(r.correction).toEqual({
      year: YEAR, credited: 25_000, reducedBy: 5_000, fine: '10000000.00',
      deduction: { toYear: 2026, scheduled: 40_000, corrected: 10_000, applied: 30_000, remaining: 0, status: 'APPLIED' },
    });
    // A surrender with nothing left to take off changes no deduction.
    const none = await surrender(pearl.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 5_000 }] });
    expect(none.correction).toMatchObject({ credited: 5_000, reducedBy: 0, deduction: { corrected: 10_000, remaining: 0 } });
    expect(await db().auditLog.count({ where: { action: 'compliance.correction' } })).toBe(2);
  });

  it('a full correction before any allocation leaves nothing to deduct (CORRECTED); the fine stands', async () => {
    const r = await surrender(qingshan.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 30_000 }] });
    expect(r.correction).toMatchObject({ reducedBy: 30_000, fine: '7500000.00', deduction: { scheduled: 30_000, corrected: 30_000, applied: 0, remaining: 0, status: 'CORRECTED' } });
    expect(r.status.status).toBe('COMPLIANT');
    const [penalty] = await listPenalties(reg.regulators.HB, YEAR);
    expect(penalty).toMatchObject({ shortfall: 30_000, fine: '7500000.00' });
    // An entity with no penalty surrenders as before: no correction.
    const plain = await surrender(lingnan.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 1 }] });
    expect(plain).toMatchObject({ excess: 1, correction: null });
  });

  it('keeps the ledger verified and every report where it was', async () => {
    expect((await verifyLedger()).ok).toBe(true);
    expect((await listReports(reg.mee, YEAR)).length).toBe(3);
  });
});
