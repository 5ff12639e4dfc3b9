import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { seedDemoData } from '@/db/seed';
import { verifyLedger } from '@/server/registry/verify';
import { complianceStatusOf } from '@/server/compliance/surrenders';
import { loadActor } from '@/server/identity/actor';
import { getClock } from '@/server/trading/market';
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
    expect(await complianceStatusOf(await actorOf('gd.cement@demo.cn'), 2025)).toMatchObject({ status: 'COMPLIANT', obligation: 845_000, gap: 0 });
    // 2,400,000 t CO2 + 1,000 t CH4 × 25 (the policy's default GWP table, IPCC AR4) = 2,425,000 tCO2e, 1,000,000 t surrendered.
    expect(await complianceStatusOf(await actorOf('gd.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', obligation: 2_425_000, gap: 1_425_000 });
    expect(await complianceStatusOf(await actorOf('hb.power@demo.cn'), 2025)).toMatchObject({ status: 'IN_PROGRESS', offsetsUsed: 25_000 });
  });
});
