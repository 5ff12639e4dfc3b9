import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../bench/lib/invariants';
import { runFlow, seedBook, tokensFor, verifyOverHttp, type Flow, type Outcome } from '../../bench/lib/load';
import { createMarket, type BenchMarket } from '../../bench/lib/market';
import { disconnectDb } from '@/db/client';
import { findFreePort } from '@/db/embedded';
import { applyMigrations } from '@/db/migrate';
import { e2eAvailable, e2eDatabaseUrl } from '../setup/e2e';
import { appServerEnv, startAppServer, type AppServer } from '../setup/appServer';
import { dropDatabase, recreateDatabase } from '../setup/pgServer';

/**
 * Several app processes on one PostgreSQL (issue 14 §2): two app servers of the built app on a
 * fresh database of their own, both running their scheduler. Traders send listings and takes
 * through both at once — every trader through both — then the invariants the trading benchmark
 * checks must hold (the app's ledger verification, locks equal to open orders, listings equal to
 * their trades, conservation, every trade reported). Then the exchange moves the clock past 15:00
 * through one server while the other's scheduler ticks too: the day end runs once, and expires
 * every listing with its lock released.
 */
const available = e2eAvailable();
const DATABASE = `cax_two_servers_${process.pid}`;

describe.skipIf(!available)('two app servers on one database', () => {
  let url = '';
  let servers: AppServer[] = [];
  let market: BenchMarket;
  let tokens: { traders: string[]; operator: string };
  /** Trades the servers reported to the traders. */
  let reported = 0;

  beforeAll(async () => {
    const base = new URL(e2eDatabaseUrl());
    await recreateDatabase(base.toString(), DATABASE);
    base.pathname = `/${DATABASE}`;
    url = base.toString();
    await applyMigrations(url, 'prisma/migrations');
    // The market through the real services, in this process, as the benchmark builds it.
    const saved = { DATABASE_URL: process.env.DATABASE_URL, APP_MODE: process.env.APP_MODE };
    process.env.DATABASE_URL = url;
    process.env.APP_MODE = 'demo';
    try {
      market = await createMarket({ traders: 8, vintage: 2024, unitsPerTrader: 2_000_000, cashPerTrader: '1000000000.00', referencePrice: '50.00', say: () => undefined });
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = saved.DATABASE_URL;
      process.env.APP_MODE = saved.APP_MODE;
    }
    const ports = [await findFreePort(), await findFreePort()];
    servers = await Promise.all(ports.map((port) => startAppServer(appServerEnv(url, port), port)));
    tokens = await tokensFor(servers[0]!.url, market);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (url) await dropDatabase(e2eDatabaseUrl(), DATABASE).catch(() => undefined);
  });

  const flowOn = (server: AppServer, seed: number): Flow => ({ baseUrl: server.url, symbol: market.symbol, referencePrice: market.referencePrice, takeShare: 0.5, spreadCents: 50, seed });
  const serverErrors = (o: Outcome) => Object.keys(o.errors).filter((k) => !/^4\d\d /.test(k));

  it('concurrent listings and takes through both servers keep every invariant', async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const seeded = await seedBook(flowOn(a, 1), tokens.traders);
    const [viaA, viaB] = await Promise.all([runFlow(flowOn(a, 2), tokens.traders, 8_000, 0), runFlow(flowOn(b, 3), tokens.traders, 8_000, 1_000)]);
    for (const o of [viaA, viaB]) {
      expect(o.listings).toBeGreaterThan(10);
      expect(o.takes).toBeGreaterThan(10);
      expect(o.trades).toBeGreaterThan(0);
      expect(serverErrors(o)).toEqual([]);
    }
    reported = seeded.trades + viaA.trades + viaB.trades;
    const ledger = await verifyOverHttp(b.url, tokens.operator);
    const report = await checkInvariants(url, ledger, reported);
    expect(report.checks).toEqual(Object.fromEntries(Object.keys(report.checks).map((k) => [k, 0])));
    expect(report.violations).toBe(0);
    expect(report.database.openListings).toBeGreaterThan(0);
  }, 120_000);

  it('the day end runs once: closed through one server while both schedulers tick, every listing expires with its lock released', async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const res = await fetch(`${a.url}/api/v1/admin/clock`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' },
      // Past the listed session's 15:00 close of the trading day: the day end falls due.
      body: JSON.stringify({ action: 'set', at: `${market.tradingDay}T15:05:00+08:00` }),
    });
    expect(res.status).toBe(200);
    // Both schedulers tick every 5 s: give the other one two ticks.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const ledger = await verifyOverHttp(b.url, tokens.operator);
    const report = await checkInvariants(url, ledger, reported);
    expect(report.database.openListings).toBe(0);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = 'market.day_end' AND target_id = $1`, [market.tradingDay]);
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      await client.end();
    }
    expect(report.checks).toEqual(Object.fromEntries(Object.keys(report.checks).map((k) => [k, 0])));
    expect(report.violations).toBe(0);
  }, 60_000);
});
