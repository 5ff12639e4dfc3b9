import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { verifyLedger } from '@/server/registry/verify';
import { complianceStatusOf } from '@/server/compliance/surrenders';
import { loadActor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { getClock } from '@/server/trading/market';
import { getAuction, listAuctions } from '@/server/auction/auctions';
import { listInstrumentQuotes } from '@/server/trading/marketData';

/** The demo data every newcomer sees: built through the real services, so it must verify. */
describe('demo seed', () => {
  it('builds the registry and three weeks of market history that verify, and leaves the afternoon session open', async () => {
    await seedDemoData();
    const report = await verifyLedger();
    expect(report.ok, JSON.stringify(report).slice(0, 2000)).toBe(true);

    const clock = await getClock();
    expect(clock).toMatchObject({ phase: 'AFTERNOON', listedOpen: true, blockOpen: true, mode: 'manual' });
    const quotes = await listInstrumentQuotes();
    expect(quotes.map((q) => q.symbol)).toEqual(['CEA-2023', 'CEA-2024', 'CCER-2023']);
    const cea = quotes.find((q) => q.symbol === 'CEA-2024')!;
    expect(cea.bestBid).not.toBeNull();
    expect(cea.bestAsk).not.toBeNull();
    expect(cea.volume).toBeGreaterThan(0);

    expect(await db().dailyBar.count({ where: { symbol: 'CEA-2024' } })).toBeGreaterThanOrEqual(15);
    expect(await db().blockProposal.count({ where: { status: 'PENDING' } })).toBe(2);
    expect(await db().surveillanceAlert.count({ where: { kind: 'RELATED_ACCOUNTS' } })).toBeGreaterThan(0);
    expect(await db().largeHolderReport.count()).toBeGreaterThan(0);

    // The 2025 compliance year: seven verified reports, two waiting, three entities with surrenders.
    expect(await db().emissionReport.count({ where: { year: 2025, status: 'VERIFIED' } })).toBe(7);
    expect(await db().emissionReport.count({ where: { year: 2025, status: 'SUBMITTED' } })).toBe(2);
    expect(await db().surrender.count({ where: { year: 2025 } })).toBe(3);
    const actorOf = async (email: string) => loadActor((await db().user.findUniqueOrThrow({ where: { email } })).id);
    // The registry (in Wuhan) and the exchange are national bodies: no province in their shell.
    for (const email of ['registry@demo.cn', 'exchange@demo.cn', 'mee@demo.cn']) expect((await shellContext(await actorOf(email))).organisation.provinceName, email).toBeNull();
    expect((await shellContext(await actorOf('hb.regulator@demo.cn'))).organisation.provinceName).toBe('Hubei');
    expect(await complianceStatusOf(await actorOf('gd.cement@demo.cn'), 2025)).toMatchObject({ status: 'COMPLIANT', obligation: 845_000, gap: 0 });
    // 2,400,000 t CO2 + 1,000 t CH4 × 25 (the policy's default GWP table, IPCC AR4) = 2,425,000 tCO2e, 1,000,000 t surrendered.
    expect(await complianceStatusOf(await actorOf('gd.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', obligation: 2_425_000, gap: 1_425_000 });
    expect(await complianceStatusOf(await actorOf('hb.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', offsetsUsed: 25_000 });

    // Paid-allocation auctions: two settled during the history (several entities won), one open
    // now and for days ahead (the demo users have not bid yet), one scheduled, one cancelled, a draft.
    const exchange = await actorOf('exchange@demo.cn');
    const auctions = await listAuctions(exchange);
    const byStatus = (s: string) => auctions.filter((a) => a.status === s);
    expect(auctions.map((a) => a.status).sort()).toEqual(['CANCELLED', 'DRAFT', 'OPEN', 'SCHEDULED', 'SETTLED', 'SETTLED']);
    const [second, first] = byStatus('SETTLED');
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
});
