import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { verifyLedger } from '@/server/registry/verify';
import { complianceStatusOf } from '@/server/compliance/surrenders';
import { complianceOverview } from '@/server/compliance/overview';
import { listPenalties } from '@/server/compliance/penalties';
import { loadActor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { getClock } from '@/server/trading/market';
import { getAuction, listAuctions } from '@/server/auction/auctions';
import { listInstrumentQuotes } from '@/server/trading/marketData';
import { primaryVsSecondary } from '@/server/analytics/primarySecondary';
import { complianceBehaviour } from '@/server/analytics/complianceBehaviour';
import { offsetUsage } from '@/server/analytics/offsets';
import { fuelPriceSeries } from '@/server/analytics/fuelPrices';
import { auctionRevenue } from '@/server/analytics/auctionRevenue';

const actorOf = async (email: string) => loadActor((await db().user.findUniqueOrThrow({ where: { email } })).id);

/**
 * The demo data every newcomer sees: built through the real services, so it must verify. It tells
 * the story the regulators' analysis needs: three years of allocation, trading and compliance.
 */
describe('demo seed', () => {
  // Three years of history through the real services: more than the default minute on a busy machine.
  it('builds the registry and the market history that verify, and leaves the afternoon session open', { timeout: 240_000 }, async () => {
    await seedDemoData();
    const report = await verifyLedger();
    expect(report.ok, JSON.stringify(report).slice(0, 2000)).toBe(true);

    const clock = await getClock();
    expect(clock).toMatchObject({ phase: 'AFTERNOON', listedOpen: true, blockOpen: true, mode: 'manual', tradingDay: '2026-12-07' });
    const quotes = await listInstrumentQuotes();
    expect(quotes.map((q) => q.symbol)).toEqual(['CEA-2023', 'CEA-2024', 'CEA-2025', 'CCER-2023']);
    const cea = quotes.find((q) => q.symbol === 'CEA-2024')!;
    expect(cea.bestBid).not.toBeNull();
    expect(cea.bestAsk).not.toBeNull();
    expect(cea.volume).toBeGreaterThan(0);

    expect(await db().dailyBar.count({ where: { symbol: 'CEA-2024' } })).toBeGreaterThanOrEqual(15);
    // The last weeks are traded every day: a bar with trades on each of the 15 trading days before the demo day.
    expect(await db().dailyBar.count({ where: { symbol: 'CEA-2024', tradingDay: { gte: new Date('2026-11-16T00:00:00Z') }, volume: { gt: 0 } } })).toBeGreaterThanOrEqual(15);
    expect(await db().blockProposal.count({ where: { status: 'PENDING' } })).toBe(2);
    expect(await db().surveillanceAlert.count({ where: { kind: 'RELATED_ACCOUNTS' } })).toBeGreaterThan(0);
    expect(await db().surveillanceAlert.count({ where: { kind: 'SELF_TRADE' } })).toBeGreaterThan(0);
    expect(await db().largeHolderReport.count()).toBeGreaterThan(0);

    // The 2025 compliance year: seven verified reports, two waiting, three entities with surrenders.
    expect(await db().emissionReport.count({ where: { year: 2025, status: 'VERIFIED' } })).toBe(7);
    expect(await db().emissionReport.count({ where: { year: 2025, status: 'SUBMITTED' } })).toBe(2);
    expect(await db().surrender.count({ where: { year: 2025 } })).toBe(3);
    // The registry (in Wuhan) and the exchange are national bodies: no province in their shell.
    for (const email of ['registry@demo.cn', 'exchange@demo.cn', 'mee@demo.cn']) expect((await shellContext(await actorOf(email))).organisation.provinceName, email).toBeNull();
    expect((await shellContext(await actorOf('hb.regulator@demo.cn'))).organisation.provinceName).toBe('Hubei');
    expect(await complianceStatusOf(await actorOf('gd.cement@demo.cn'), 2025)).toMatchObject({ status: 'COMPLIANT', obligation: 845_000, gap: 0 });
    // 2,400,000 t CO2 + 1,000 t CH4 × 25 (the policy's default GWP table, IPCC AR4) = 2,425,000 tCO2e, 1,000,000 t surrendered.
    expect(await complianceStatusOf(await actorOf('gd.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', obligation: 2_425_000, gap: 1_425_000 });
    expect(await complianceStatusOf(await actorOf('hb.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', offsetsUsed: 25_000 });
    // The browser test surrenders gd.power's gap in CEA-2024: it holds enough.
    const gdAccount = await db().registryAccount.findFirstOrThrow({ where: { organisation: { users: { some: { email: 'gd.power@demo.cn' } } } } });
    const gdCea2024 = await db().holding.findUniqueOrThrow({ where: { accountId_instrument_vintage: { accountId: gdAccount.id, instrument: 'CEA', vintage: 2024 } } });
    expect(Number(gdCea2024.available)).toBeGreaterThanOrEqual(1_425_000);

    // Paid-allocation auctions: two settled during the last weeks (several entities won), one open
    // now and for days ahead (the demo users have not bid yet), one scheduled, one cancelled, a
    // draft; four settled in the years before.
    const exchange = await actorOf('exchange@demo.cn');
    const auctions = await listAuctions(exchange);
    const byStatus = (s: string) => auctions.filter((a) => a.status === s);
    expect(auctions.map((a) => a.status).sort()).toEqual(['CANCELLED', 'DRAFT', 'OPEN', 'SCHEDULED', 'SETTLED', 'SETTLED', 'SETTLED', 'SETTLED', 'SETTLED', 'SETTLED']);
    const [second, first] = byStatus('SETTLED');
    expect(first!.title).toBe('CEA-2024 paid allocation, auction 1');
    expect(first!.result).toMatchObject({ quantitySold: 300_000, unsold: 0, bidQuantity: 370_000, coverageRatio: '1.2333', bidders: 8, winners: 7 });
    expect(second!.result).toMatchObject({ quantitySold: 360_000, unsold: 40_000, coverageRatio: '0.9000', bidders: 6, winners: 6 });
    for (const a of [first!, second!]) expect(Date.parse(a.closesAt)).toBeLessThan(Date.parse(clock.at));
    const gdPower = await getAuction(await actorOf('gd.power@demo.cn'), first!.id);
    expect(gdPower.myBids).toMatchObject([{ status: 'WON', wonQuantity: 50_000 }]);
    const open = byStatus('OPEN')[0]!;
    expect(Date.parse(open.opensAt)).toBeLessThanOrEqual(Date.parse(clock.at));
    expect(Date.parse(open.closesAt) - Date.parse(clock.at)).toBeGreaterThan(3 * 86_400_000);
    expect(open.activity).toEqual({ bids: 4, bidders: 4 });
    expect((await getAuction(await actorOf('gd.power@demo.cn'), open.id)).myBids).toEqual([]);
    expect(Date.parse(byStatus('SCHEDULED')[0]!.opensAt)).toBeGreaterThan(Date.parse(clock.at));
    expect((await listAuctions(null)).map((a) => a.status)).not.toContain('DRAFT');
  });

  it('tells the regulators’ story: closed cycles with defaulters, auctions above the market, the pre-deadline spike, offsets, fuel prices', { timeout: 60_000 }, async () => {
    const mee = await actorOf('mee@demo.cn');

    // 2023 and 2024 closed in both provinces: 2023 with a PARTIAL and a DEFAULTED entity, each with a
    // penalty and a deduction from the next year's allocation (applied by the 2024 true-up);
    // 2024 with a PARTIAL entity that surrendered the rest after the close (its deduction corrected).
    const y2023 = await complianceOverview(mee, 2023);
    expect(y2023).toMatchObject({ deadlinePassed: true, compliance: { byStatus: { PARTIAL: 1, DEFAULTED: 1, COMPLIANT: 8 } } });
    expect(y2023.nationalCap).toBeGreaterThan(0);
    expect(y2023.allocated).toBeGreaterThan(y2023.verifiedEmissions); // oversupplied
    const penalties2023 = await listPenalties(mee, 2023);
    expect(penalties2023.map((p) => p.organisationName).sort()).toEqual(['Jingmen Jingchu Cement Co., Ltd.', 'Zhuhai Jinwan Power Co., Ltd.']);
    for (const p of penalties2023) {
      expect(Number(p.fine)).toBeGreaterThan(0);
      expect(p.deduction).toMatchObject({ toYear: 2024 });
      expect(p.deduction!.applied).toBeGreaterThan(0);
    }
    const y2024 = await complianceOverview(mee, 2024);
    expect(y2024).toMatchObject({ deadlinePassed: true, compliance: { byStatus: { COMPLIANT: 10 } } });
    const [corrected] = await listPenalties(mee, 2024);
    expect(corrected).toMatchObject({ organisationName: 'Xiangyang Hanshui Power Co., Ltd.', deduction: { status: 'CORRECTED', remaining: 0 } });
    expect(await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM compliance_year_closing WHERE year IN (2023, 2024)`).toEqual([{ n: 4n }]);

    // 2025: its cap, budgets and pre-allocation are real figures.
    const y2025 = await complianceOverview(mee, 2025);
    expect(y2025.nationalCap).toBeGreaterThan(0);
    expect(y2025.allocated).toBeGreaterThan(0);
    expect(y2025.deadlinePassed).toBe(false);

    // Auctions: the reserve raised while the market fell — at least one reserve above the day's close.
    const market = await primaryVsSecondary(mee);
    expect(market.auctions.length).toBeGreaterThanOrEqual(6);
    expect(market.auctions.filter((a) => a.reserveAboveMarket).length).toBeGreaterThanOrEqual(1);
    expect(market.symbols).toEqual(['CEA-2023', 'CEA-2024', 'CEA-2025']);
    // The price fell from about 60 to about 40 and recovered.
    const closes = market.daily.filter((d) => d.volume > 0).map((d) => Number(d.close));
    expect(Math.min(...closes)).toBeLessThan(45);
    expect(Math.max(...closes.slice(0, 10))).toBeGreaterThan(55);
    expect(closes.at(-1)!).toBeGreaterThan(55);

    // Compliance behaviour: the last month before each closed deadline carries more than 30 % of its cycle's volume.
    const behaviour = await complianceBehaviour(mee, 2025);
    const cycles = new Map(behaviour.cycles.map((c) => [c.year, c]));
    for (const year of [2023, 2024]) expect(Number(cycles.get(year)!.preDeadlineShare), `cycle ${year}`).toBeGreaterThan(30);
    expect(Number(behaviour.preDeadlineShare)).toBeGreaterThan(0);

    // Offsets: CCER surrendered in both closed years, from projects of two types and two provinces, within the 5 % cap.
    for (const year of [2023, 2024]) {
      const offsets = await offsetUsage(mee, year);
      expect(offsets.ccer, `${year}`).toBeGreaterThan(0);
      expect(offsets.ccer).toBeLessThanOrEqual(offsets.cap);
    }
    const used = [...(await offsetUsage(mee, 2023)).byProject, ...(await offsetUsage(mee, 2024)).byProject];
    expect(new Set(used.map((p) => p.category))).toEqual(new Set(['WIND', 'FORESTRY']));

    // The fuel price series (monthly, 2024 to the demo day) and the earmarks of auction revenue.
    const fuel = await fuelPriceSeries(mee, {});
    expect(fuel.items.length).toBeGreaterThanOrEqual(35);
    expect(fuel.items[0]!.date).toBe('2024-01-01');
    expect(fuel.items.filter((p) => p.marketClose !== null && p.theoreticalPrice !== null).length).toBeGreaterThan(30);
    const revenue = await auctionRevenue(mee);
    for (const year of [2024, 2025, 2026]) {
      const y = revenue.years.find((r) => r.year === year)!;
      expect(Number(y.revenue), `${year}`).toBeGreaterThan(0);
      expect(y.earmarks.length).toBeGreaterThan(0);
    }

    const report = await verifyLedger();
    expect(report.ok).toBe(true);
  });
});
