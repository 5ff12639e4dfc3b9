import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as SUPPLY } from '@/app/api/v1/analytics/[year]/supply/route';
import { GET as FUEL_SWITCH } from '@/app/api/v1/analytics/fuel-switch/route';
import { supplyResponseSchema } from '@/schemas/analytics';
import { auctionRevenue, setRevenueEarmarks } from '@/server/analytics/auctionRevenue';
import { complianceBehaviour } from '@/server/analytics/complianceBehaviour';
import { fuelPriceSeries, recordFuelPrices, theoreticalCarbonPrice } from '@/server/analytics/fuelPrices';
import { offsetUsage } from '@/server/analytics/offsets';
import { primaryVsSecondary } from '@/server/analytics/primarySecondary';
import { supplyAndScarcity } from '@/server/analytics/supply';
import { takeSupplySnapshots } from '@/server/analytics/supplySnapshot';
import { saveIndustryRule } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import type { Actor } from '@/server/identity/actor';
import { registerCcerProject } from '@/server/registry/ccerProjects';
import { allocate, distributeToProvince, issue } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { verifyLedger } from '@/server/registry/verify';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { TEST_MARKET_START } from '../../support/clock';
import { expectRefused, listInstrument, nextDay, openMarket } from '../../support/trading';

/**
 * The market analysis read models on a made-up market built through the services, with every
 * figure computed by hand. The test clock starts on Monday 2026-11-16 (TEST_MARKET_START); the
 * 2025 cycle runs from the day after the 2024 deadline (Friday 2026-11-13) to Friday 2026-12-18,
 * so its last month starts on 2026-11-19 (the day after 2026-11-18).
 *
 *   entity  prov. group      CEA-2025  trades (sold)            verified  surrendered
 *   gdA     GD    POWER      100,000   1,000 (d1), 3,000 (d4)   90,000    50,000 CEA (d1)
 *   gdB     GD    POWER       50,000     500 (d3)               40,000    —
 *   gdD     GD    STEEL           —    —                         —        —          (covered, never traded)
 *   hbC     HB    CEMENT      80,000   2,000 (d2)               60,000    20,000 CEA + 2,000 CCER (d4)
 *   gdI     GD    investor        —    bought all 6,500          —        —
 *
 * Trading days d1–d4 are 2026-11-16 … 2026-11-19; everything trades at 50.00.
 */
const YEAR = 2025;
const DEADLINE = '2026-12-18';
let reg: Registry;
let gdA: Participant;
let gdB: Participant;
let gdD: Participant;
let hbC: Participant;
let gdI: Participant;
let symbol: string;

async function sell(seller: Participant, quantity: number) {
  const l = await placeListing(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity });
  await take(gdI.actor, { listingId: l.id, quantity });
}

async function setIndustry(p: Participant, industry: string) {
  await db().organisation.update({ where: { id: p.organisationId }, data: { industry } });
}

async function fileAndVerify(p: Participant, regulator: Actor, co2: number) {
  const r = await fileReport(p.actor, YEAR, { lines: [{ source: 'Boilers', gas: 'CO2', quantity: String(co2) }], outputs: {} });
  await verifyReport(regulator, YEAR, r.id, { decision: 'CONFIRM' });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  await db().complianceCycle.createMany({
    data: [
      { year: 2024, reportDeadline: new Date('2025-03-31T00:00:00Z'), surrenderDeadline: new Date('2026-11-13T00:00:00Z') },
      { year: YEAR, reportDeadline: new Date('2026-12-31T00:00:00Z'), surrenderDeadline: new Date(`${DEADLINE}T00:00:00Z`) },
    ],
  });
  gdA = await createParticipant(reg, { province: 'GD', cea: { [YEAR]: 100_000 } });
  gdB = await createParticipant(reg, { province: 'GD', cea: { [YEAR]: 50_000 } });
  gdD = await createParticipant(reg, { province: 'GD' });
  hbC = await createParticipant(reg, { province: 'HB', cea: { [YEAR]: 80_000 } });
  gdI = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR', cash: '1000000.00' });
  await setIndustry(gdA, 'POWER');
  await setIndustry(gdB, 'POWER');
  await setIndustry(gdD, 'STEEL');
  await setIndustry(hbC, 'CEMENT');
  for (const industry of ['POWER', 'CEMENT', 'STEEL']) {
    await saveIndustryRule(reg.mee, YEAR, `${industry}_HIST`, {
      industry, name: `${industry} (historical emissions)`, nameZh: `${industry}历史法`, method: 'HISTORICAL_EMISSIONS', outputUnit: 't',
      declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0',
    });
  }
  for (const [p, regulator] of [[gdA, reg.regulators.GD], [gdB, reg.regulators.GD], [gdD, reg.regulators.GD], [hbC, reg.regulators.HB]] as const) {
    await addCoveredEntity(regulator, { organisationId: p.organisationId, fromYear: 2021, basisYear: 2020, annualEmissions: 50_000 });
  }
  // A Guangdong forestry project's CCER, held by the Hubei cement maker: an offset from another province.
  await registerCcerProject(reg.registry, { code: 'CCER-GD-TEST-0001', name: 'Test forestry sink', nameZh: '测试林业碳汇', category: 'FORESTRY', provinceCode: 'GD' });
  await issue(reg.registry, { instrument: 'CCER', vintage: 2023, quantity: 10_000, legalBasis: 'test CCER issuance', project: 'CCER-GD-TEST-0001' });
  await allocate(reg.registry, { accountId: hbC.accountId, instrument: 'CCER', vintage: 2023, quantity: 10_000, legalBasis: 'test CCER', project: 'CCER-GD-TEST-0001' });

  await fileAndVerify(gdA, reg.regulators.GD, 90_000);
  await fileAndVerify(gdB, reg.regulators.GD, 40_000);
  await fileAndVerify(hbC, reg.regulators.HB, 60_000);

  symbol = await listInstrument(reg, YEAR, '50.00');
  await openMarket(reg);
  await sell(gdA, 1_000); // d1 2026-11-16
  await surrender(gdA.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 50_000 }] });
  await nextDay(reg);
  await sell(hbC, 2_000); // d2 2026-11-17
  await nextDay(reg);
  await sell(gdB, 500); // d3 2026-11-18: the day before the last month
  await nextDay(reg);
  await sell(gdA, 3_000); // d4 2026-11-19: first day of the last month
  await surrender(hbC.actor, YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 2_000 }, { instrument: 'CEA', vintage: YEAR, quantity: 20_000 }] });
});

describe('compliance behaviour', () => {
  it('starts from the test clock', async () => {
    expect((await db().trade.findFirstOrThrow({ orderBy: { id: 'asc' } })).tradingDay.toISOString().slice(0, 10)).toBe(TEST_MARKET_START);
  });

  it('measures the pre-deadline share, the entities that traded and when they surrendered, nationally', async () => {
    const b = await complianceBehaviour(reg.mee, YEAR);
    expect(b.window).toEqual({ from: '2026-11-14', to: DEADLINE, lastMonthFrom: '2026-11-19' });
    expect(b.traded).toBe(6_500);
    expect(b.tradedLastMonth).toBe(3_000);
    expect(b.preDeadlineShare).toBe('46.15'); // 3,000 / 6,500
    expect(b.byMonth).toEqual([{ month: '2026-11', tonnes: 6_500, lastMonth: true }, { month: '2026-12', tonnes: 0, lastMonth: true }]);
    expect(b).toMatchObject({ coveredEntities: 4, entitiesThatTraded: 3, tradedShare: '75.00' });
    expect(b.surrenders).toMatchObject({ tonnes: 72_000, tonnesLastMonth: 22_000, tonnesAfterDeadline: 0, lastMonthShare: '30.56' });
    expect(b.surrenders.entities.map((e) => [e.organisationId, e.first, e.daysBeforeDeadline, e.tonnes])).toEqual([
      [gdA.organisationId, '2026-11-16', 32, 50_000],
      [hbC.organisationId, '2026-11-19', 29, 22_000],
    ]);
    expect(b.cycles.map((c) => [c.year, c.traded])).toEqual([[2024, 0], [2025, 6_500]]);
  });

  it('counts for a province the trades with a side in it and its own covered entities', async () => {
    const hb = await complianceBehaviour(reg.regulators.HB, YEAR);
    expect(hb).toMatchObject({ provinceCode: 'HB', traded: 2_000, tradedLastMonth: 0, preDeadlineShare: '0.00', coveredEntities: 1, entitiesThatTraded: 1 });
    expect(hb.surrenders.entities.map((e) => e.organisationId)).toEqual([hbC.organisationId]);
    const gd = await complianceBehaviour(reg.regulators.GD, YEAR);
    expect(gd).toMatchObject({ traded: 6_500, coveredEntities: 3, entitiesThatTraded: 2, tradedShare: '66.67' });
  });

  it('reads the days the day end summarised and the trades after them alike', async () => {
    // d1–d3 were summarised by their day ends; d4 (today) is read from the trades.
    const summarised = await db().tradeDayVolume.findMany({ where: { scope: 'ALL' }, orderBy: { tradingDay: 'asc' } });
    expect(summarised.map((v) => [v.tradingDay.toISOString().slice(0, 10), Number(v.tonnes)])).toEqual([['2026-11-16', 1_000], ['2026-11-17', 2_000], ['2026-11-18', 500]]);
    expect(await db().tradeDayVolume.findMany({ where: { scope: 'GD' } })).toHaveLength(3); // the investor in GD bought on each day
    const views = async () => [await complianceBehaviour(reg.mee, YEAR), await complianceBehaviour(reg.regulators.HB, YEAR), await complianceBehaviour(reg.regulators.GD, YEAR)];
    const withSummary = await views();
    const kept = { volumes: await db().tradeDayVolume.findMany(), traders: await db().tradeDayTrader.findMany() };
    await db().tradeDayVolume.deleteMany();
    await db().tradeDayTrader.deleteMany();
    expect(await views()).toEqual(withSummary);
    await db().tradeDayVolume.createMany({ data: kept.volumes });
    await db().tradeDayTrader.createMany({ data: kept.traders });
  });

  it('refuses another province to a provincial regulator and everyone but regulators', async () => {
    await expectRefused(complianceBehaviour(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
    await expectRefused(complianceBehaviour(gdA.actor, YEAR), 'FORBIDDEN', 403);
    await expectRefused(complianceBehaviour(reg.mee, YEAR, { provinceCode: 'XX' }), 'NOT_FOUND', 404);
  });
});

describe('supply and scarcity', () => {
  it('sets circulation and surrenders against the verified emissions', async () => {
    const s = await supplyAndScarcity(reg.mee, YEAR);
    expect(s).toMatchObject({
      measuredOn: '2026-11-19', final: false, freeAllocated: 230_000, auctioned: 0, verifiedEmissions: 190_000,
      surrenderedCea: 70_000, surrenderedCcer: 2_000, circulation: 160_000, surplusRatio: '1.2211', balance: 'LONG',
    });
    expect(s.byVintage).toEqual([{ vintage: YEAR, tonnes: 160_000 }]);
    expect(s).toMatchObject({ unverifiedReports: 0, unverifiedEmissions: 0 });
    const byProvince = Object.fromEntries(s.byProvince.map((p) => [p.key, [p.circulation, p.surplusRatio]]));
    // GD: 46,000 + 49,500 + 6,500 held; (102,000 + 50,000) / 130,000. HB: (58,000 + 22,000) / 60,000.
    expect(byProvince).toEqual({ GD: [102_000, '1.1692'], HB: [58_000, '1.3333'] });
    const byGroup = Object.fromEntries(s.byGroup.map((g) => [g.key, g.circulation]));
    expect(byGroup).toEqual({ POWER: 95_500, CEMENT: 58_000, INVESTORS: 6_500 });
    expect(s.byGroup.map((g) => g.key)).toEqual(['POWER', 'CEMENT', 'INVESTORS']);
    expect(s.trend.at(-1)).toMatchObject({ year: YEAR, surplusRatio: '1.2211' });
  });

  it('answers over HTTP as JSON and as CSV, and refuses bad input and other provinces', async () => {
    const mee = await tokenFor(reg.mee);
    const json = await call(SUPPLY, { path: `/api/v1/analytics/${YEAR}/supply`, token: mee, params: { year: String(YEAR) } });
    expect(supplyResponseSchema.parse(json.body).surplusRatio).toBe('1.2211');
    const csv = await call(SUPPLY, { path: `/api/v1/analytics/${YEAR}/supply?format=csv`, token: mee, params: { year: String(YEAR) } });
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['dimension', 'key', 'cap']);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['province,GD', 'province,HB', 'industry,POWER', 'industry,CEMENT', 'industry,INVESTORS']);
    expect((await call(SUPPLY, { path: `/api/v1/analytics/1999/supply`, token: mee, params: { year: '1999' } })).status).toBe(400);
    expect((await call(SUPPLY, { path: `/api/v1/analytics/${YEAR}/supply?province=GD`, token: await tokenFor(reg.regulators.HB), params: { year: String(YEAR) } })).status).toBe(403);
    expect((await call(SUPPLY, { path: `/api/v1/analytics/${YEAR}/supply`, token: await tokenFor(gdA.actor), params: { year: String(YEAR) } })).status).toBe(403);
    const fs = await call(FUEL_SWITCH, { path: '/api/v1/analytics/fuel-switch?coalPrice=800&gasPrice=3.20&coalEfficiency=0.40&gasEmission=0.00040', token: mee });
    expect(fs.body).toMatchObject({ theoreticalPrice: '611.40', inputs: { coalEfficiency: '0.40', gasEmission: '0.00040', gasEfficiency: '0.53' } });
    expect((await call(FUEL_SWITCH, { path: '/api/v1/analytics/fuel-switch?coalPrice=800', token: mee })).body.error.fields).toHaveProperty(['query.gasPrice']);
    expect((await call(FUEL_SWITCH, { path: '/api/v1/analytics/fuel-switch?coalPrice=800&gasPrice=3&coalEfficiency=1.5', token: mee })).status).toBe(400);
  });

  it('shows a provincial regulator its province only', async () => {
    const s = await supplyAndScarcity(reg.regulators.HB, YEAR);
    expect(s).toMatchObject({ provinceCode: 'HB', circulation: 58_000, verifiedEmissions: 60_000, surplusRatio: '1.3333' });
    expect(s.byProvince.map((p) => p.key)).toEqual(['HB']);
    expect(s.byGroup.map((g) => g.key)).toEqual(['CEMENT']);
    await expectRefused(supplyAndScarcity(reg.regulators.HB, YEAR, { provinceCode: 'GD' }), 'FORBIDDEN', 403);
  });
});

describe('a report not yet verified', () => {
  it('is counted apart: its holder’s allowances circulate while its emissions are not yet in the ratio', async () => {
    await fileReport(gdD.actor, YEAR, { lines: [{ source: 'Furnace', gas: 'CO2', quantity: '30000' }], outputs: {} });
    const s = await supplyAndScarcity(reg.mee, YEAR);
    expect(s).toMatchObject({ verifiedEmissions: 190_000, surplusRatio: '1.2211', unverifiedReports: 1, unverifiedEmissions: 30_000 });
    expect((await supplyAndScarcity(reg.regulators.HB, YEAR)).unverifiedReports).toBe(0);
  });
});

describe('offsets', () => {
  it('sets CCER against all surrendered and the cap, by type and origin', async () => {
    const o = await offsetUsage(reg.mee, YEAR);
    // cap: 5 % of 90,000 + 40,000 + 60,000 = 9,500 t
    expect(o).toMatchObject({ surrendered: 72_000, ccer: 2_000, share: '2.78', cap: 9_500, capUsed: '21.05', policyShare: '0.0500' });
    expect(o.byCategory).toEqual([{ category: 'FORESTRY', tonnes: 2_000 }]);
    expect(o.byOrigin).toEqual([{ origin: 'OTHER_PROVINCE', tonnes: 2_000 }]);
    expect(o.byProject).toMatchObject([{ code: 'CCER-GD-TEST-0001', tonnes: 2_000 }]);
    const gd = await offsetUsage(reg.regulators.GD, YEAR);
    expect(gd).toMatchObject({ surrendered: 50_000, ccer: 0, share: '0.00', byCategory: [] });
  });
});

describe('primary vs secondary market and auction revenue', () => {
  beforeAll(async () => {
    // Two settled auctions of the made-up market (their results only; the read models read nothing else).
    const base = { instrument: 'CEA' as const, vintage: YEAR, eligibility: 'COMPLIANCE_ENTITIES' as const, pricing: 'UNIFORM' as const, tieRule: 'PRO_RATA' as const, status: 'SETTLED' as const, createdById: reg.mee.userId };
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    await db().auction.create({ data: { ...base, title: 'High reserve', quantity: 20_000n, reservePrice: '52.00', clearingPrice: '52.50', quantitySold: 19_047n, proceeds: '999967.50', opensAt: new Date('2026-11-17T01:30:00Z'), closesAt: new Date('2026-11-17T03:00:00Z'), settlementDay: day('2026-11-17') } });
    await db().auction.create({ data: { ...base, title: 'Low reserve', quantity: 10_000n, reservePrice: '45.00', clearingPrice: '48.00', quantitySold: 10_000n, proceeds: '480000.00', opensAt: new Date('2026-11-18T01:30:00Z'), closesAt: new Date('2026-11-18T03:00:00Z'), settlementDay: day('2026-11-18') } });
  });

  it('flags the auction whose reserve is above the close of its day', async () => {
    const m = await primaryVsSecondary(reg.regulators.HB);
    expect(m.symbols).toEqual([symbol]);
    expect(m.daily.map((d) => [d.day, d.close, d.vwap, d.volume])).toEqual([
      ['2026-11-16', '50.00', '50.00', 1_000], ['2026-11-17', '50.00', '50.00', 2_000], ['2026-11-18', '50.00', '50.00', 500],
    ]);
    expect(m.auctions.map((a) => [a.title, a.marketClose, a.reserveGap, a.clearingGap, a.reserveAboveMarket])).toEqual([
      ['High reserve', '50.00', '2.00', '2.50', true],
      ['Low reserve', '50.00', '-5.00', '-2.00', false],
    ]);
  });

  it('totals the revenue per year and earmarks it', async () => {
    await expectRefused(setRevenueEarmarks(reg.regulators.GD, 2026, { earmarks: [] }), 'FORBIDDEN', 403);
    await expectRefused(setRevenueEarmarks(reg.mee, 2026, { earmarks: [{ use: 'LOW_CARBON_FUND', share: '0.7' }, { use: 'PUBLIC_TRANSFERS', share: '0.4' }] }), 'INVALID_INPUT', 400);
    const year = await setRevenueEarmarks(reg.mee, 2026, { earmarks: [{ use: 'LOW_CARBON_FUND', share: '0.6' }, { use: 'PUBLIC_TRANSFERS', share: '0.3' }] });
    expect(year).toMatchObject({
      year: 2026, revenue: '1479967.50', auctions: 2, unassignedShare: '0.1000', unassigned: '147996.75',
      earmarks: [{ use: 'LOW_CARBON_FUND', amount: '887980.50' }, { use: 'PUBLIC_TRANSFERS', amount: '443990.25' }],
    });
    const r = await auctionRevenue(reg.regulators.HB);
    expect(r.total).toBe('1479967.50');
    expect(r.auctions.map((a) => a.proceeds)).toEqual(['999967.50', '480000.00']);
  });
});

describe('the fuel-switch price', () => {
  it('computes it with defaults, echoes the inputs, and refuses factors no price can equalise', async () => {
    const r = theoreticalCarbonPrice(reg.regulators.GD, { coalPrice: '800', gasPrice: '3.20' });
    expect(r.theoreticalPrice).toBe('639.62');
    expect(r.inputs).toMatchObject({ coalPrice: '800', gasPrice: '3.20', coalEfficiency: '0.38', gasHeatValue: '8000' });
    await expectRefused(Promise.resolve().then(() => theoreticalCarbonPrice(reg.mee, { coalPrice: '800', gasPrice: '3.2', coalEmission: '0.0004' })), 'INVALID_INPUT', 400);
    await expectRefused(Promise.resolve().then(() => theoreticalCarbonPrice(gdA.actor, { coalPrice: '800', gasPrice: '3.2' })), 'FORBIDDEN', 403);
  });

  it('keeps a dated series and sets each day’s price against the market close', async () => {
    await expectRefused(recordFuelPrices(reg.regulators.GD, { prices: [{ date: '2026-11-17', coalPrice: '800.00', gasPrice: '3.2' }] }), 'FORBIDDEN', 403);
    await recordFuelPrices(reg.mee, { prices: [{ date: '2026-11-17', coalPrice: '800.00', gasPrice: '3.2' }, { date: '2026-11-15', coalPrice: '1000', gasPrice: '2' }] });
    await recordFuelPrices(reg.mee, { prices: [{ date: '2026-11-15', coalPrice: '1000.00', gasPrice: '2.0000', source: 'corrected' }] });
    const s = await fuelPriceSeries(reg.regulators.HB, {});
    expect(s.items.map((i) => [i.date, i.theoreticalPrice, i.marketClose, i.gap, i.source])).toEqual([
      ['2026-11-15', '-11.64', null, null, 'corrected'], // before the first trading day: no close yet
      ['2026-11-17', '639.62', '50.00', '589.62', null],
    ]);
    expect(await db().auditLog.count({ where: { action: 'analysis.fuelPrices' } })).toBe(2);
  });

  it('left the ledger balanced', async () => {
    expect((await verifyLedger()).ok).toBe(true);
  });
});

describe('a year whose surrender deadline has passed', () => {
  it('keeps the figures of its deadline; the snapshot the scheduler takes gives the same figures, once', async () => {
    // Nothing is final before the 2025 deadline; the 2024 cycle (deadline 2026-11-13) already is.
    expect(await takeSupplySnapshots()).toEqual([2024]);
    const before = await supplyAndScarcity(reg.mee, YEAR);
    // Past the end of the deadline's day, then movements that must not count: a sale and an allocation.
    await controlClock(reg.exchange, { action: 'set', at: `${DEADLINE}T23:00:00+08:00` });
    await nextDay(reg);
    await sell(gdB, 700);
    await issue(reg.mee, { instrument: 'CEA', vintage: YEAR, quantity: 5_000, legalBasis: 'after the deadline' });
    await distributeToProvince(reg.mee, { provinceCode: 'GD', vintage: YEAR, quantity: 5_000, legalBasis: 'after the deadline' });
    await allocate(reg.regulators.GD, { accountId: gdB.accountId, instrument: 'CEA', vintage: YEAR, quantity: 5_000, legalBasis: 'after the deadline' });
    const live = await supplyAndScarcity(reg.mee, YEAR);
    expect(live).toMatchObject({ final: true, measuredOn: DEADLINE, circulation: before.circulation, freeAllocated: before.freeAllocated });
    expect(await takeSupplySnapshots()).toEqual([YEAR]);
    expect(await takeSupplySnapshots()).toEqual([]);
    expect(await supplyAndScarcity(reg.mee, YEAR)).toEqual(live);
    expect(await supplyAndScarcity(reg.regulators.HB, YEAR)).toEqual(await supplyAndScarcity(reg.regulators.HB, YEAR));
    // The snapshot is the record of that instant: it cannot be changed.
    await expect(db().$executeRaw`UPDATE supply_snapshot_line SET quantity = quantity + 1`).rejects.toThrow();
    expect((await verifyLedger()).ok).toBe(true);
  });
});
