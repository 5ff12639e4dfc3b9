import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET } from '@/app/api/v1/compliance/[year]/overview/route';
import { complianceOverviewResponseSchema } from '@/schemas/overviewApi';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { complianceOverview } from '@/server/compliance/overview';
import { fileReport, listReports, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { loadActor, type Actor } from '@/server/identity/actor';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectRefused } from '../../support/trading';

/**
 * The regulators' compliance overview of 2025 on real PostgreSQL, built through the services:
 * a plan (cap and budgets) distributed, true-up runs confirmed by a second regulator (one rule
 * with a paid share), reports filed and verified, surrenders with CCER — then the figures by
 * industry and province, the compliance rate and statuses before and after the deadline, offset
 * usage, and the scopes: Hubei's regulator sees Hubei only, an entity is refused.
 *
 *   entity     province industry  allocated (free + paid)  verified  surrendered (CCER)
 *   gdPower    GD       POWER     300,000                  280,000   280,000 (14,000)  COMPLIANT
 *   gdCement   GD       CEMENT    90,000 + 10,000          120,000    60,000           IN_PROGRESS → PARTIAL
 *   hbPower    HB       POWER     80,000                    60,000         0           IN_PROGRESS → DEFAULTED
 *   gdSteel    GD       STEEL     (not covered)            filed, not verified         NOT_DUE
 */
const YEAR = 2025;
let reg: Registry;
let gdPower: Participant;
let gdCement: Participant;
let gdSteel: Participant;
let hbPower: Participant;

async function setDeadlines(report: string, surrenderBy: string) {
  const data = { reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) };
  await db().complianceCycle.upsert({ where: { year: YEAR }, update: data, create: { year: YEAR, ...data } });
}

/** A second regulator of the same authority (allocation runs are confirmed four-eyes). */
async function secondRegulator(first: Actor): Promise<Actor> {
  const user = await db().user.create({
    data: { email: `second-${first.userId}@test.cn`, name: 'Second regulator', passwordHash: 'x', organisationId: first.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  return loadActor(user.id);
}

const rule = (industry: string, paidShare = '0') => ({
  industry, name: `${industry} (historical emissions)`, nameZh: `${industry}历史法`, method: 'HISTORICAL_EMISSIONS' as const, outputUnit: 't',
  declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare,
});

async function cover(regulator: Actor, p: Participant, industry: string, base: number) {
  await db().organisation.update({ where: { id: p.organisationId }, data: { industry } });
  await saveInstallation(regulator, { organisationId: p.organisationId, code: `I-${p.organisationId}`, name: 'Main line', ruleCode: `${industry}_HIST`, baseEmissions: [base], active: true });
  await addCoveredEntity(regulator, { organisationId: p.organisationId, fromYear: 2021, basisYear: 2020, annualEmissions: base });
}

async function fileAndVerify(p: Participant, regulator: Actor, co2: number) {
  const report = await fileReport(p.actor, YEAR, { lines: [{ source: 'Boilers', gas: 'CO2', quantity: String(co2) }], outputs: {} });
  await verifyReport(regulator, YEAR, report.id, { decision: 'CONFIRM' });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gdPower = await createParticipant(reg, { province: 'GD', ccer: { 2023: 20_000 } });
  gdCement = await createParticipant(reg, { province: 'GD' });
  gdSteel = await createParticipant(reg, { province: 'GD' });
  hbPower = await createParticipant(reg, { province: 'HB' });
  await setDeadlines('2099-03-31', '2099-12-31');

  await saveIndustryRule(reg.mee, YEAR, 'POWER_HIST', rule('POWER'));
  await saveIndustryRule(reg.mee, YEAR, 'CEMENT_HIST', rule('CEMENT', '0.1'));
  await saveIndustryRule(reg.mee, YEAR, 'STEEL_HIST', rule('STEEL'));
  await cover(reg.regulators.GD, gdPower, 'POWER', 300_000);
  await cover(reg.regulators.GD, gdCement, 'CEMENT', 100_000);
  await cover(reg.regulators.HB, hbPower, 'POWER', 80_000);
  await db().organisation.update({ where: { id: gdSteel.organisationId }, data: { industry: 'STEEL' } });

  await setAllocationPlan(reg.mee, YEAR, { nationalCap: 1_500_000, budgets: [{ provinceCode: 'GD', budget: 800_000 }, { provinceCode: 'HB', budget: 300_000 }] });
  await distributePlan(reg.mee, YEAR);
  for (const province of ['GD', 'HB'] as const) {
    const run = await prepareRun(reg.regulators[province], YEAR, { provinceCode: province, kind: 'TRUE_UP' });
    expect(run.lines.every((l) => l.problem === null)).toBe(true);
    await confirmRun(await secondRegulator(reg.regulators[province]), run.id);
  }
  // 2026: a plan for Guangdong only, no run yet.
  await setAllocationPlan(reg.mee, 2026, { nationalCap: 1_000, budgets: [{ provinceCode: 'GD', budget: 1_000 }] });

  await fileAndVerify(gdPower, reg.regulators.GD, 280_000);
  await fileAndVerify(gdCement, reg.regulators.GD, 120_000);
  await fileAndVerify(hbPower, reg.regulators.HB, 60_000);
  await fileReport(gdSteel.actor, YEAR, { lines: [{ source: 'Furnace', gas: 'CO2', quantity: '50000' }], outputs: {} });
  expect((await listReports(reg.regulators.GD, YEAR)).filter((r) => r.status === 'VERIFIED')).toHaveLength(2);

  await surrender(gdPower.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 14_000 }, { instrument: 'CEA', vintage: YEAR, quantity: 270_000 }] });
  await surrender(gdCement.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 60_000 }] });
});

const zeroStatuses = { NOT_DUE: 0, IN_PROGRESS: 0, COMPLIANT: 0, PARTIAL: 0, DEFAULTED: 0 };

describe('the national regulator’s overview', () => {
  it('totals cap, allocated, verified and surrendered, with the compliance rate and offset usage', async () => {
    const o = await complianceOverview(reg.mee, YEAR);
    expect(o).toMatchObject({
      year: YEAR, provinceCode: null, deadlinePassed: false, surrenderDeadline: '2099-12-31',
      nationalCap: 1_500_000, budget: 1_100_000,
      allocated: 480_000, verifiedEmissions: 460_000, surrendered: 340_000, offsetsUsed: 14_000,
    });
    expect(o.compliance).toEqual({
      entities: 4, withObligation: 3, compliant: 1, compliantShare: '0.3333', obligation: 460_000, covered: 340_000, coveredShare: '0.7391',
      byStatus: { ...zeroStatuses, NOT_DUE: 1, IN_PROGRESS: 2, COMPLIANT: 1 },
    });
    // CCER 14,000 of 340,000 surrendered; the policy lets offsets cover 5 % of each obligation.
    expect(o.offsets).toEqual({ offsetsUsed: 14_000, surrendered: 340_000, share: '0.0412', policyShare: '0.05', cap: 14_000 + 6_000 + 3_000 });
  });

  it('splits the figures by industry (allocation includes the paid share) and by province (with the budgets)', async () => {
    const o = await complianceOverview(reg.mee, YEAR);
    expect(o.byIndustry.map((i) => [i.industry, i.allocated, i.verifiedEmissions, i.surrendered, i.offsetsUsed, i.compliance.entities, i.compliance.compliant])).toEqual([
      ['POWER', 380_000, 340_000, 280_000, 14_000, 2, 1],
      ['CEMENT', 100_000, 120_000, 60_000, 0, 1, 0],
      ['STEEL', 0, 0, 0, 0, 1, 0],
    ]);
    expect(o.byProvince.map((p) => [p.provinceCode, p.budget, p.allocated, p.verifiedEmissions, p.surrendered, p.offsetsUsed, p.compliance.coveredShare])).toEqual([
      ['GD', 800_000, 400_000, 400_000, 340_000, 14_000, '0.8500'],
      ['HB', 300_000, 80_000, 60_000, 0, 0, '0.0000'],
    ]);
    expect(o.byProvince[0]).toMatchObject({ provinceName: 'Guangdong', provinceNameZh: '广东省' });
  });

  it('narrows to one province when asked', async () => {
    const hb = await complianceOverview(reg.mee, YEAR, { provinceCode: 'HB' });
    expect(hb).toMatchObject({ provinceCode: 'HB', budget: 300_000, allocated: 80_000, verifiedEmissions: 60_000, surrendered: 0 });
    await expectRefused(complianceOverview(reg.mee, YEAR, { provinceCode: 'XX' }), 'NOT_FOUND', 404);
  });

  it('shows an empty year as zeros, and a year with a plan but no confirmed run as budget only', async () => {
    const empty = await complianceOverview(reg.mee, 2019);
    expect(empty).toMatchObject({ nationalCap: null, budget: null, allocated: 0, verifiedEmissions: 0, surrendered: 0, byIndustry: [] });
    expect(empty.compliance).toMatchObject({ entities: 0, withObligation: 0, compliantShare: null, coveredShare: null, byStatus: zeroStatuses });
    expect(empty.offsets.share).toBeNull();
    // 2024: the three covered entities are counted, with no obligation yet.
    const before = await complianceOverview(reg.mee, 2024);
    expect(before.compliance).toMatchObject({ entities: 3, withObligation: 0, byStatus: { ...zeroStatuses, NOT_DUE: 3 } });
    expect(before.byIndustry.map((i) => i.industry)).toEqual(['POWER', 'CEMENT']);
    const next = await complianceOverview(reg.mee, 2026);
    expect(next).toMatchObject({ nationalCap: 1_000, budget: 1_000, allocated: 0 });
    expect(next.byProvince.map((p) => p.budget)).toEqual([1_000, null]);
  });

  it('counts PARTIAL and DEFAULTED once the deadline has passed', async () => {
    await setDeadlines('2025-03-31', '2026-01-31');
    try {
      const o = await complianceOverview(reg.mee, YEAR);
      expect(o.deadlinePassed).toBe(true);
      expect(o.compliance.byStatus).toEqual({ NOT_DUE: 1, IN_PROGRESS: 0, COMPLIANT: 1, PARTIAL: 1, DEFAULTED: 1 });
    } finally {
      await setDeadlines('2099-03-31', '2099-12-31');
    }
  });
});

describe('scope', () => {
  it('a Hubei regulator sees only Hubei', async () => {
    const o = await complianceOverview(reg.regulators.HB, YEAR);
    expect(o).toMatchObject({ provinceCode: 'HB', budget: 300_000, allocated: 80_000, verifiedEmissions: 60_000, surrendered: 0, offsetsUsed: 0 });
    expect(o.byProvince.map((p) => p.provinceCode)).toEqual(['HB']);
    expect(o.byIndustry.map((i) => [i.industry, i.allocated, i.verifiedEmissions])).toEqual([['POWER', 80_000, 60_000]]);
    expect(o.compliance).toMatchObject({ entities: 1, withObligation: 1, compliant: 0, byStatus: { ...zeroStatuses, IN_PROGRESS: 1 } });
    expect(await complianceOverview(reg.regulators.HB, YEAR, { provinceCode: 'HB' })).toEqual(o);
    await expectRefused(complianceOverview(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
  });

  it('an entity, an operator or an investor gets 403', async () => {
    await expectRefused(complianceOverview(gdPower.actor, YEAR), 'FORBIDDEN', 403);
    await expectRefused(complianceOverview(reg.registry, YEAR), 'FORBIDDEN', 403);
  });
});

describe('GET /api/v1/compliance/{year}/overview', () => {
  it('answers the regulator with the documented shape, and an entity with 403', async () => {
    const ok = await call(GET, { path: `/api/v1/compliance/${YEAR}/overview`, token: await tokenFor(reg.regulators.GD), params: { year: String(YEAR) } });
    expect(ok.status).toBe(200);
    const body = complianceOverviewResponseSchema.parse(ok.body);
    expect(body).toMatchObject({ provinceCode: 'GD', budget: 800_000, allocated: 400_000, surrendered: 340_000 });
    expect(body.byProvince.map((p) => p.provinceCode)).toEqual(['GD']);

    const mee = await tokenFor(reg.mee);
    const hubei = await call(GET, { path: `/api/v1/compliance/${YEAR}/overview?province=HB`, token: mee, params: { year: String(YEAR) } });
    expect(hubei.status).toBe(200);
    expect(hubei.body).toMatchObject({ provinceCode: 'HB', budget: 300_000, allocated: 80_000 });
    expect((await call(GET, { path: `/api/v1/compliance/${YEAR}/overview?province=XX`, token: mee, params: { year: String(YEAR) } })).status).toBe(404);
    const outside = await call(GET, { path: `/api/v1/compliance/${YEAR}/overview?province=HB`, token: await tokenFor(reg.regulators.GD), params: { year: String(YEAR) } });
    expect(outside.status).toBe(403);

    const refused = await call(GET, { path: `/api/v1/compliance/${YEAR}/overview`, token: await tokenFor(gdPower.actor), params: { year: String(YEAR) } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });
});
