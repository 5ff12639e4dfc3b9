import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET } from '@/app/api/v1/public/compliance/[year]/route';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { closeAuction, createAuction, placeBid, scheduleAuction } from '@/server/auction/auctions';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { publicComplianceReport } from '@/server/compliance/publicReport';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { loadActor, type Actor } from '@/server/identity/actor';
import { issue, setAsideForAuction } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { getClock } from '@/server/trading/market';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, type Participant, type Registry } from '../../support/fixtures';
import { TEST_MARKET_CLOSED_THROUGH } from '../../support/clock';
import { call } from '../../support/http';

/**
 * The public compliance report (DOMAIN §7b) of 2025 on a case computed by hand, read without
 * signing in:
 * - Guangdong's true-up of 2025 (historical emissions, 10 % paid share): Pearl Power 100,000 t →
 *   90,000 t free + 10,000 t paid; Lingnan Cement 40,000 t → 36,000 t free + 4,000 t paid.
 * - Pearl Power owes 100,000 t and surrendered 60,000 t of CEA and 5,000 t of CCER (PARTIAL);
 *   Lingnan Cement owes 50,000 t and surrendered 50,000 t of CEA (COMPLIANT).
 * - Hubei: Qingshan Steel owes 30,000 t and surrendered nothing (DEFAULTED).
 * - One CEA-2025 auction: 50,000 t offered at a 50.00 reserve, uniform price; bids 20,000 t at
 *   55.00 and 40,000 t at 52.00 → all sold at 52.00, coverage 1.2000, proceeds 2,600,000.00.
 * A province appears only once its year is closed; the others are named as not closed yet.
 */
const YEAR = 2025;
let reg: Registry;
let gdReg2: Actor;
let pearl: Participant;
let lingnan: Participant;
let qingshan: Participant;

const rule = (industry: string, name: string): IndustryRuleCommand => ({
  industry, name, nameZh: '历史法', method: 'HISTORICAL_EMISSIONS', outputUnit: 't', declineFactor: '1', adjustmentFactors: [], preAllocationShare: '1', paidShare: '0.1',
});

async function verified(p: Participant, by: Actor, tonnes: number) {
  const r = await fileReport(p.actor, YEAR, { lines: [{ source: 'Plant', gas: 'CO2', quantity: String(tonnes) }], outputs: {} });
  await verifyReport(by, YEAR, r.id, { decision: 'CONFIRM' });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const u = await db().user.create({
    data: { email: `second-${reg.regulators.GD.userId}@test.cn`, name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  gdReg2 = await loadActor(u.id);
  pearl = await createParticipant(reg, { province: 'GD', name: 'Pearl Power', ccer: { 2023: 5_000 }, cash: '3000000.00' });
  lingnan = await createParticipant(reg, { province: 'GD', name: 'Lingnan Cement', cash: '3000000.00' });
  qingshan = await createParticipant(reg, { province: 'HB', name: 'Qingshan Steel' });
  for (const [p, industry, nameZh] of [[pearl, 'POWER', '珠江电力'], [lingnan, 'CEMENT', '岭南水泥'], [qingshan, 'STEEL', '青山钢铁']] as const) {
    await db().organisation.update({ where: { id: p.organisationId }, data: { industry, nameZh } });
  }
  const dates = { reportDeadline: new Date('2099-03-31T00:00:00Z'), surrenderDeadline: new Date('2099-12-31T00:00:00Z') };
  await db().complianceCycle.create({ data: { year: YEAR, ...dates } });

  // Allocation: Guangdong's 2025 true-up, confirmed by a second regulator.
  await saveIndustryRule(reg.mee, YEAR, 'POWER_HIST', rule('POWER', 'Power (historical)'));
  await saveIndustryRule(reg.mee, YEAR, 'CEMENT_HIST', rule('CEMENT', 'Cement (historical)'));
  await saveIndustryRule(reg.mee, YEAR, 'STEEL_HIST', rule('STEEL', 'Steel (historical)'));
  await setAllocationPlan(reg.mee, YEAR, { nationalCap: 1_000_000, budgets: [{ provinceCode: 'GD', budget: 500_000 }, { provinceCode: 'HB', budget: 100_000 }] });
  await distributePlan(reg.mee, YEAR);
  await saveInstallation(reg.regulators.GD, { organisationId: pearl.organisationId, code: 'PP-U1', name: 'Unit 1', ruleCode: 'POWER_HIST', baseEmissions: [100_000], active: true });
  await saveInstallation(reg.regulators.GD, { organisationId: lingnan.organisationId, code: 'LN-K1', name: 'Kiln 1', ruleCode: 'CEMENT_HIST', baseEmissions: [40_000], active: true });
  for (const p of [pearl, lingnan]) await addCoveredEntity(reg.regulators.GD, { organisationId: p.organisationId, fromYear: YEAR, basisYear: YEAR - 1, annualEmissions: 100_000 });
  await addCoveredEntity(reg.regulators.HB, { organisationId: qingshan.organisationId, fromYear: YEAR, basisYear: YEAR - 1, annualEmissions: 30_000 });
  const run = await prepareRun(reg.regulators.GD, YEAR, { provinceCode: 'GD', kind: 'TRUE_UP' });
  await confirmRun(gdReg2, run.id);

  // A CEA-2025 auction on the next trading day: Lingnan Cement buys what it lacks.
  const day = (await getClock()).nextTradingDay;
  const at = (hhmm: string) => `${day}T${hhmm}:00+08:00`;
  await issue(reg.mee, { instrument: 'CEA', vintage: YEAR, quantity: 50_000, legalBasis: 'paid allocation 2025' });
  await setAsideForAuction(reg.mee, { vintage: YEAR, quantity: 50_000, legalBasis: 'paid allocation 2025' });
  const auction = await createAuction(reg.mee, {
    title: 'Paid allocation 2025, lot 1', titleZh: '2025年度有偿分配第1场', instrument: 'CEA', vintage: YEAR, quantity: 50_000, reservePrice: '50.00',
    opensAt: at('10:30'), closesAt: at('11:30'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null, pricing: 'UNIFORM', tieRule: 'PRO_RATA',
  });
  await scheduleAuction(reg.exchange, auction.id);
  await controlClock(reg.exchange, { action: 'set', at: at('10:30') });
  await placeBid(pearl.actor, auction.id, { price: '55.00', quantity: 20_000 });
  await placeBid(lingnan.actor, auction.id, { price: '52.00', quantity: 40_000 });
  await controlClock(reg.exchange, { action: 'set', at: at('11:30') });
  await closeAuction(reg.exchange, auction.id);

  // Reports and surrenders.
  await verified(pearl, reg.regulators.GD, 100_000);
  await verified(lingnan, reg.regulators.GD, 50_000);
  await verified(qingshan, reg.regulators.HB, 30_000);
  await surrender(pearl.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 60_000 }, { instrument: 'CCER', vintage: 2023, quantity: 5_000 }] });
  await surrender(lingnan.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 50_000 }] });
  await db().complianceCycle.update({ where: { year: YEAR }, data: { reportDeadline: new Date('2026-03-31T00:00:00Z'), surrenderDeadline: new Date(`${TEST_MARKET_CLOSED_THROUGH}T00:00:00Z`) } });
}, 180_000);

const GD = { provinceCode: 'GD', name: 'Guangdong', nameZh: '广东省' };
const HB = { provinceCode: 'HB', name: 'Hubei', nameZh: '湖北省' };

describe('the read model', () => {
  it('publishes nothing before a province closes the year, and says which are not closed', async () => {
    const r = await publicComplianceReport(YEAR);
    expect(r).toMatchObject({ year: YEAR, published: [], notYetClosed: [GD, HB], entities: [], byProvince: [], byIndustry: [] });
    expect(r.totals).toEqual({ entities: 0, freeAllocation: 0, paidAllocation: 0, allocation: 0, verifiedEmissions: 0, surrenderedCea: 0, surrenderedCcer: 0, compliant: 0 });
    // The year's auction results are public already.
    expect(r.auctions).toEqual([expect.objectContaining({
      title: 'Paid allocation 2025, lot 1', titleZh: '2025年度有偿分配第1场', vintage: YEAR, quantity: 50_000, reservePrice: '50.00', pricing: 'UNIFORM',
      clearingPrice: '52.00', quantitySold: 50_000, coverageRatio: '1.2000', bidders: 2, winners: 2, proceeds: '2600000.00',
    })]);
  });

  it('once Guangdong closed 2025: its entities with the figures computed by hand, totals per province and industry; Hubei not yet', async () => {
    await closeComplianceYear(reg.regulators.GD, YEAR);
    const r = await publicComplianceReport(YEAR);
    expect(r.published).toEqual([{ ...GD, closedAt: expect.any(String) }]);
    expect(r.notYetClosed).toEqual([HB]);
    expect(r.entities).toEqual([
      {
        organisationId: pearl.organisationId, name: 'Pearl Power', nameZh: '珠江电力', provinceCode: 'GD', provinceName: 'Guangdong', provinceNameZh: '广东省', industry: 'POWER',
        freeAllocation: 90_000, paidAllocation: 10_000, allocation: 100_000, verifiedEmissions: 100_000, surrenderedCea: 60_000, surrenderedCcer: 5_000, status: 'PARTIAL',
      },
      {
        organisationId: lingnan.organisationId, name: 'Lingnan Cement', nameZh: '岭南水泥', provinceCode: 'GD', provinceName: 'Guangdong', provinceNameZh: '广东省', industry: 'CEMENT',
        freeAllocation: 36_000, paidAllocation: 4_000, allocation: 40_000, verifiedEmissions: 50_000, surrenderedCea: 50_000, surrenderedCcer: 0, status: 'COMPLIANT',
      },
    ]);
    const gd = { entities: 2, freeAllocation: 126_000, paidAllocation: 14_000, allocation: 140_000, verifiedEmissions: 150_000, surrenderedCea: 110_000, surrenderedCcer: 5_000, compliant: 1 };
    expect(r.byProvince).toEqual([{ ...GD, ...gd }]);
    expect(r.byIndustry).toEqual([
      { industry: 'POWER', entities: 1, freeAllocation: 90_000, paidAllocation: 10_000, allocation: 100_000, verifiedEmissions: 100_000, surrenderedCea: 60_000, surrenderedCcer: 5_000, compliant: 0 },
      { industry: 'CEMENT', entities: 1, freeAllocation: 36_000, paidAllocation: 4_000, allocation: 40_000, verifiedEmissions: 50_000, surrenderedCea: 50_000, surrenderedCcer: 0, compliant: 1 },
    ]);
    expect(r.totals).toEqual(gd);
    expect(r.entities.some((e) => e.provinceCode === 'HB')).toBe(false);
  });
});

describe('over HTTP, without signing in', () => {
  const path = `/api/v1/public/compliance/${YEAR}`;

  it('answers the report as JSON to anyone', async () => {
    const res = await call(GET, { path, params: { year: String(YEAR) } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(await publicComplianceReport(YEAR))));
    const other = await call(GET, { path: '/api/v1/public/compliance/2024', params: { year: '2024' } });
    expect(other.body).toMatchObject({ year: 2024, published: [], entities: [] });
    expect((await call(GET, { path: '/api/v1/public/compliance/19', params: { year: '19' } })).status).toBe(400);
  });

  it('answers CSV for ?format=csv and for Accept: text/csv: UTF-8 with a byte order mark, a header row, the entity rows', async () => {
    const raw = async (url: string, headers: Record<string, string> = {}) => {
      const res = await GET(new NextRequest(new URL(url, 'http://localhost:3000'), { headers }), { params: Promise.resolve({ year: String(YEAR) }) });
      return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const csv = await raw(`${path}?format=csv`);
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.subarray(3).toString('utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('organisationId,name,nameZh,provinceCode,provinceName,provinceNameZh,industry,freeAllocation,paidAllocation,allocation,verifiedEmissions,surrenderedCea,surrenderedCcer,status');
    expect(lines.slice(1)).toEqual([
      `${pearl.organisationId},Pearl Power,珠江电力,GD,Guangdong,广东省,POWER,90000,10000,100000,100000,60000,5000,PARTIAL`,
      `${lingnan.organisationId},Lingnan Cement,岭南水泥,GD,Guangdong,广东省,CEMENT,36000,4000,40000,50000,50000,0,COMPLIANT`,
    ]);
    const accepted = await raw(path, { accept: 'text/csv' });
    expect(accepted.bytes.equals(csv.bytes)).toBe(true);
  });

  it('publishes Hubei once the national regulator closes it', async () => {
    await closeComplianceYear(reg.mee, YEAR);
    const res = await call(GET, { path, params: { year: String(YEAR) } });
    expect(res.body.notYetClosed).toEqual([]);
    expect(res.body.entities.map((e: { organisationId: number; status: string }) => [e.organisationId, e.status])).toEqual([
      [pearl.organisationId, 'PARTIAL'], [lingnan.organisationId, 'COMPLIANT'], [qingshan.organisationId, 'DEFAULTED'],
    ]);
    expect(res.body.byIndustry.map((i: { industry: string }) => i.industry)).toEqual(['POWER', 'CEMENT', 'STEEL']);
  });
});
