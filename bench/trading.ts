/**
 * Trading load benchmark: `npm run bench:trading` (not part of `npm test`).
 *
 *   1. a fresh embedded PostgreSQL in .data/bench (or BENCH_DATABASE_URL), migrated, with a market
 *      built through the real services: N traders with plenty of CEA and cash, the instrument,
 *      no position limits, the listed session open on the demo clock;
 *   2. the real app: production build (reused when current) served by `next start`;
 *   3. N concurrent traders placing listings and takes over HTTP for BENCH_SECONDS, while
 *      PostgreSQL's waits and every process's CPU are sampled;
 *   4. invariants: the app's ledger verification plus the trading invariants (bench/lib/invariants.ts);
 *   5. PostgreSQL's own ceiling on the same server with pgbench: the DvP script of ../shared/bench
 *      and TPC-B;
 *   6. the report, printed and written to bench/results/trading-<timestamp>.json.
 * Everything it started is stopped at the end, on errors and on Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { applyMigrations } from '../src/db/migrate';
import { BENCH_DATABASE, serverSettings, startBenchDatabase, type BenchDatabase } from './lib/cluster';
import { checkInvariants, type InvariantReport } from './lib/invariants';
import { runFlow, seedBook, sequential, tokensFor, verifyOverHttp, type Flow, type Outcome } from './lib/load';
import { createMarket } from './lib/market';
import { cpuMeter, databaseCounters, postmasterPid, resetStatements, sampleActivity, topStatements, type ActivitySummary, type CpuSummary } from './lib/observe';
import { monotonicMicros, summariseProfile, type ProfileSummary } from './lib/profile';
import { dvpCeiling, findPgbench, INSTALL_HINT, killPgbench, tpcb, type PgbenchRun } from './lib/pgbench';
import { prepareApp, startApp, stopAll, type AppSource, type RunningServer } from './lib/server';
import { summarise, type LatencySummary } from './lib/stats';

const TARGETS = { tradesPerSecond: 500, p99Ms: 50, traders: 50, violations: 0 };

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const configSchema = z.object({
  BENCH_TRADERS: int(50, 1, 1_000),
  BENCH_SECONDS: int(20, 1, 3_600),
  BENCH_WARMUP_SECONDS: int(3, 0, 600),
  BENCH_PROBE_COUNT: int(100, 0, 100_000),
  BENCH_TAKE_SHARE: z.coerce.number().min(0).max(1).default(0.5),
  BENCH_SEED: int(1, 0, 2 ** 31),
  BENCH_PORT: int(3100, 1, 65_535),
  BENCH_PGPORT: int(5444, 1, 65_535),
  BENCH_DATA_DIR: z.string().min(1).default(path.join('.data', 'bench')),
  BENCH_APP: z.enum(['head', 'worktree']).default('head'),
  BENCH_COMMIT: z.string().min(1).default('HEAD'),
  BENCH_DATABASE_URL: z.string().url().optional(),
  BENCH_PGBENCH_SECONDS: int(15, 0, 600),
  BENCH_PGBENCH_CLIENTS: int(8, 1, 100),
  BENCH_PGBENCH_THREADS: int(2, 1, 100),
  BENCH_TPCB_SCALE: int(10, 1, 1_000),
  BENCH_CPU_PROFILE: z.enum(['0', '1']).default('0'),
  DB_POOL_SIZE: int(10, 1, 500),
  BENCH_PROCESSES: int(1, 1, 64),
});
type Config = z.infer<typeof configSchema>;

const say = (line: string) => console.log(`[bench] ${line}`);

let database: BenchDatabase | undefined;
let server: RunningServer | undefined;
let stopping = false;

async function cleanUp(): Promise<void> {
  killPgbench();
  await stopAll({ server, database, say });
}

function installSignalHandlers(): void {
  process.on('uncaughtException', (error) => {
    if (stopping) return; // connections dropping while everything stops
    console.error(error.stack ?? error.message);
    stopping = true;
    void cleanUp().finally(() => process.exit(1));
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping the server and PostgreSQL`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

interface Report {
  benchmark: 'trading';
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverageAtStart: number[] };
  config: Config & { BENCH_DATABASE_URL?: string };
  app: { source: string; build: string };
  postgres: Record<string, string> & { embedded: string };
  market: { symbol: string; referencePrice: string; traders: number; marketTime: string; tradingDay: string };
  load: {
    traders: number;
    seconds: number;
    listings: number;
    takes: number;
    requests: number;
    tradesSettled: number;
    tradedTonnes: number;
    tradesPerSecond: number;
    listingsPerSecond: number;
    takesPerSecond: number;
    requestsPerSecond: number;
    tradesPerTake: number;
    tradesPerSecondSeries: { min: number; median: number; max: number; series: number[] };
    latencyMs: { listings: LatencySummary; takes: LatencySummary; combined: LatencySummary };
    errors: Record<string, number>;
    errorCount: number;
  };
  anatomy: {
    kind: 'listing' | 'take';
    requests: number;
    errors: Record<string, number>;
    latencyMs: LatencySummary;
    sqlStatementsPerRequest: number | null;
    postgresExecutionMsPerRequest: number | null;
    outsidePostgresMsPerRequest: number | null;
    tradesPerRequest: number | null;
    /** What PostgreSQL ran for these requests, most expensive first (per request). */
    statements: { perRequest: number; meanMs: number; query: string }[];
  }[];
  whereTheTimeGoes: {
    cpuPerWallSecond: CpuSummary;
    postgresActivity: ActivitySummary;
    databaseCommitsPerSecond: number;
    databaseRollbacks: number;
    sqlStatementsPerRequest: number | null;
    topStatements: Awaited<ReturnType<typeof topStatements>>['top'];
    appCpuProfile: ProfileSummary | null;
  };
  ceiling: {
    dvp: (PgbenchRun & { scriptSha256: string; scriptDir: string }) | null;
    tpcb: PgbenchRun | null;
    skipped: string | null;
    tradesPerSecondOverDvpCeiling: number | null;
  };
  invariants: InvariantReport;
  targets: { tradesPerSecond: { target: number; met: boolean }; p99Ms: { target: number; met: boolean; atTraders: number }; violations: { target: number; met: boolean } };
}

const rate = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
}

function printReport(r: Report): void {
  const l = r.load;
  const lat = (name: string, s: LatencySummary) =>
    `  ${name.padEnd(10)} ${String(s.count).padStart(7)}  ${[s.p50, s.p95, s.p99, s.max, s.mean].map((x) => x.toFixed(1).padStart(8)).join('')}`;
  const yes = (b: boolean) => (b ? 'MET' : 'MISSED');
  const lines = [
    '',
    '='.repeat(86),
    `  Trading benchmark — ${r.startedAt} — app: ${r.app.source} (${r.app.build})`,
    `  machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, node ${r.machine.node}; load average at start ${r.machine.loadAverageAtStart.join(' ')}`,
    `  PostgreSQL ${r.postgres.server_version} (${r.postgres.embedded}), fsync=${r.postgres.fsync}, synchronous_commit=${r.postgres.synchronous_commit}, shared_buffers=${r.postgres.shared_buffers}; app processes ${r.config.BENCH_PROCESSES}, pool DB_POOL_SIZE=${r.config.DB_POOL_SIZE} each`,
    '='.repeat(86),
    `  traders ${l.traders}, duration ${l.seconds.toFixed(1)} s (after ${r.config.BENCH_WARMUP_SECONDS} s warm-up), take share ${r.config.BENCH_TAKE_SHARE}`,
    `  listings placed   ${String(l.listings).padStart(8)}   ${l.listingsPerSecond.toFixed(1).padStart(8)} /s`,
    `  takes             ${String(l.takes).padStart(8)}   ${l.takesPerSecond.toFixed(1).padStart(8)} /s`,
    `  trades settled    ${String(l.tradesSettled).padStart(8)}   ${l.tradesPerSecond.toFixed(1).padStart(8)} /s   (${l.tradesPerTake.toFixed(2)} per take, ${l.tradedTonnes.toLocaleString('en')} t)`,
    `  trades per second over the window: min ${l.tradesPerSecondSeries.min}, median ${l.tradesPerSecondSeries.median}, max ${l.tradesPerSecondSeries.max}`,
    `  order entry latency (ms)   count       p50     p95     p99     max    mean`,
    lat('listings', l.latencyMs.listings),
    lat('takes', l.latencyMs.takes),
    lat('combined', l.latencyMs.combined),
    `  errors: ${l.errorCount === 0 ? 'none' : Object.entries(l.errors).map(([k, v]) => `${k} ×${v}`).join(', ')}`,
  ];
  for (const a of r.anatomy) {
    lines.push(
      `  one ${a.kind} alone (${a.requests} in a row by one trader): p50 ${a.latencyMs.p50} ms, mean ${a.latencyMs.mean} ms; ${a.sqlStatementsPerRequest ?? 'n/a'} SQL statements, ${a.postgresExecutionMsPerRequest ?? 'n/a'} ms executing in PostgreSQL, ${a.outsidePostgresMsPerRequest ?? 'n/a'} ms elsewhere (app server, driver, network)`,
    );
  }
  const w = r.whereTheTimeGoes;
  lines.push(
    '',
    `  CPU during the load (cores busy, of ${w.cpuPerWallSecond.cores}): next ${w.cpuPerWallSecond.next}, postgres ${w.cpuPerWallSecond.postgres ?? 'n/a'}, load generator ${w.cpuPerWallSecond.loadGenerator}, other processes ${w.cpuPerWallSecond.otherProcesses ?? 'n/a'}; machine ${(w.cpuPerWallSecond.machineBusyShare * 100).toFixed(0)} % busy`,
    `  PostgreSQL: ${w.databaseCommitsPerSecond} commits/s, ${w.databaseRollbacks} rollbacks, ${w.sqlStatementsPerRequest ?? 'n/a'} SQL statements per request, ${w.postgresActivity.meanBusyBackends} busy backends on average`,
    `  backend states while busy: ${w.postgresActivity.waits.slice(0, 6).map((x) => `${x.what} ${(x.share * 100).toFixed(0)} %`).join('; ')}`,
    ...w.postgresActivity.locks.map(
      (k) => {
        const holders = k.name.startsWith('instrument') ? { n: r.load.takes, what: 'take' } : { n: r.load.listings + r.load.takes, what: 'write' };
        const perHolder = holders.n > 0 ? ` → ${((k.heldShare * r.load.seconds * 1000) / holders.n).toFixed(1)} ms held per ${holders.what}` : '';
        return `  ${k.name}: held ${(k.heldShare * 100).toFixed(0)} % of the time, ${k.meanWaiting} transactions waiting on average${perHolder}`;
      },
    ),
    `  top statements by total time:`,
    ...w.topStatements.slice(0, 8).map((s) => `    ${(s.shareOfTime * 100).toFixed(1).padStart(5)} %  ${String(s.calls).padStart(7)} calls  ${s.meanMs.toFixed(3).padStart(8)} ms  ${s.query.slice(0, 90)}`),
  );
  const other = w.cpuPerWallSecond.otherProcesses;
  if (other !== null && other > 0.25) {
    lines.push(`  WARNING: other processes kept ${other} of ${w.cpuPerWallSecond.cores} cores busy during the load: these figures are pessimistic; rerun on a quiet machine.`);
  }
  const p = w.appCpuProfile;
  if (p) {
    lines.push(
      `  app server CPU profile (${p.sampledMs} ms sampled in the load window), by package: ${p.byPackage.slice(0, 8).map((x) => `${x.what} ${(x.share * 100).toFixed(0)} %`).join('; ')}`,
      '  top functions by self time:',
      ...p.byFunction.slice(0, 10).map((x) => `    ${(x.share * 100).toFixed(1).padStart(5)} %  ${x.what.slice(0, 100)}`),
    );
  }
  lines.push('');
  const c = r.ceiling;
  if (c.skipped) lines.push(`  pgbench: skipped — ${c.skipped}`);
  if (c.dvp) lines.push(`  DvP ceiling (pgbench, ${c.dvp.command}): ${c.dvp.tps} tps, latency ${c.dvp.latencyMs} ms`);
  if (c.tpcb) lines.push(`  TPC-B (pgbench -s ${r.config.BENCH_TPCB_SCALE}, ${c.tpcb.command}): ${c.tpcb.tps} tps, latency ${c.tpcb.latencyMs} ms`);
  if (c.tradesPerSecondOverDvpCeiling !== null) lines.push(`  trades/s ÷ DvP ceiling tps = ${l.tradesPerSecond} ÷ ${c.dvp?.tps} = ${c.tradesPerSecondOverDvpCeiling}`);
  const inv = r.invariants;
  lines.push(
    '',
    `  invariant violations: ${inv.violations}   (${Object.entries(inv.checks).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `  ledger verification: ${inv.ledger.ok ? 'ok' : 'FAILED'}, ${inv.ledger.holdingsChecked} holdings, audit chain ${inv.ledger.auditChain.records} records ${inv.ledger.auditChain.ok ? 'intact' : 'BROKEN'}; database: ${inv.database.trades} trades, ${inv.database.openListings} of ${inv.database.listings} listings open`,
    '',
    `  targets: ≥ ${r.targets.tradesPerSecond.target} trades/s ${yes(r.targets.tradesPerSecond.met)}; p99 < ${r.targets.p99Ms.target} ms at ${r.targets.p99Ms.atTraders} traders ${yes(r.targets.p99Ms.met)}; ${r.targets.violations.target} invariant violations ${yes(r.targets.violations.met)}`,
    '='.repeat(86),
  );
  console.log(lines.join('\n'));
}

async function main(): Promise<number> {
  const parsed = configSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid benchmark settings:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    return 2;
  }
  const config = parsed.data;
  installSignalHandlers();
  const startedAt = new Date();
  const loadAverage = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const pgbenchBin = findPgbench();
  if (!pgbenchBin) say(`pgbench not found: the ceiling will be skipped. ${INSTALL_HINT}`);

  // 1. the app's sources and build (first: its migrations are the ones applied), then database and market
  const secret = randomBytes(32).toString('base64url');
  const baseUrl = `http://127.0.0.1:${config.BENCH_PORT}`;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: baseUrl,
    APP_MODE: 'demo',
    // The simulated clients stand behind a "proxy": each sends its own X-Forwarded-For address,
    // so that the per-address sign-in limit counts them apart (as a real proxy would).
    TRUST_PROXY: '1',
    PORT: String(config.BENCH_PORT),
    DB_POOL_SIZE: String(config.DB_POOL_SIZE),
    APP_PROCESSES: String(config.BENCH_PROCESSES),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Nothing connects to a database during the build (as in the Dockerfile): a placeholder URL will do.
  const app: AppSource = await prepareApp(config.BENCH_APP, config.BENCH_DATA_DIR, { ...appEnv, DATABASE_URL: 'postgresql://build:build@127.0.0.1:5432/build' }, say, config.BENCH_COMMIT);
  if (stopping) return 130;
  database = await startBenchDatabase({ dataDir: config.BENCH_DATA_DIR, pgPort: config.BENCH_PGPORT, externalUrl: config.BENCH_DATABASE_URL, say });
  if (stopping) return 130;
  const applied = await applyMigrations(database.url, path.join(app.dir, 'prisma', 'migrations'));
  say(`applied ${applied.length} migration(s)`);
  process.env.DATABASE_URL = database.url;
  process.env.APP_MODE = 'demo';
  const market = await createMarket({ traders: config.BENCH_TRADERS, vintage: 2024, unitsPerTrader: 50_000_000, cashPerTrader: '10000000000.00', referencePrice: '50.00', say });
  const { disconnectDb } = await import('../src/db/client');
  await disconnectDb();
  const pgSettings = await serverSettings(database.url);
  const pmPid = database.embedded ? await postmasterPid(database.url) : null;

  // 2. the app on the benchmark's database (optionally CPU-profiled)
  const profileDir = path.resolve(config.BENCH_DATA_DIR, 'profile');
  rmSync(profileDir, { recursive: true, force: true });
  const profiling = config.BENCH_CPU_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  server = await startApp(app, { ...appEnv, DATABASE_URL: database.url }, config.BENCH_PORT, say, profiling);
  const tokens = await tokensFor(server.url, market);
  say(`${tokens.traders.length} trader tokens and an operator token issued over POST /api/v1/auth/token`);

  // 3. load: seed the book, warm up, then the measured window
  const flow: Flow = { baseUrl: server.url, symbol: market.symbol, referencePrice: market.referencePrice, takeShare: config.BENCH_TAKE_SHARE, spreadCents: 50, seed: config.BENCH_SEED };
  const seeded = await seedBook(flow, tokens.traders);
  let clientTrades = 0;
  if (config.BENCH_WARMUP_SECONDS > 0) {
    say(`warm-up: ${config.BENCH_WARMUP_SECONDS} s`);
    const warm = await runFlow(flow, tokens.traders, config.BENCH_WARMUP_SECONDS * 1000, 500_000);
    clientTrades += warm.trades;
  }
  if (database.statements) await resetStatements(database.url);
  const before = await databaseCounters(database.url);
  const activity = sampleActivity(database.url, new URL(database.url).pathname.slice(1) || BENCH_DATABASE, 25);
  const cpu = cpuMeter(server.pid, pmPid);
  say(`load: ${config.BENCH_TRADERS} traders for ${config.BENCH_SECONDS} s`);
  const loadFrom = monotonicMicros();
  const outcome: Outcome = await runFlow(flow, tokens.traders, config.BENCH_SECONDS * 1000, 0);
  const loadTo = monotonicMicros();
  const cpuSummary = cpu.stop();
  const activitySummary = await activity.stop();
  const after = await databaseCounters(database.url);
  const statements = database.statements ? await topStatements(database.url) : null;
  clientTrades += outcome.trades;
  say(`load done: ${outcome.trades} trades, ${outcome.listings} listings, ${outcome.takes} takes`);

  // Anatomy of one request without queueing: one trader alone, listings then takes, with the
  // statements PostgreSQL ran for them — the rest of the latency is the app server and the network.
  const anatomy: Report['anatomy'] = [];
  if (config.BENCH_PROBE_COUNT > 0) {
    for (const kind of ['listing', 'take'] as const) {
      if (database.statements) await resetStatements(database.url);
      const probe = await sequential(flow, tokens.traders[0]!, kind, config.BENCH_PROBE_COUNT, kind === 'take' ? 900_001 : 900_000);
      clientTrades += probe.trades;
      const done = kind === 'take' ? probe.takes : probe.listings;
      const stats = database.statements ? await topStatements(database.url, 40) : null;
      const latency = summarise(kind === 'take' ? probe.takeMs : probe.listingMs);
      const dbMs = stats && done ? Math.round((stats.totalMs / done) * 100) / 100 : null;
      anatomy.push({
        kind,
        requests: done,
        errors: probe.errors,
        latencyMs: latency,
        sqlStatementsPerRequest: stats && done ? Math.round((stats.calls / done) * 10) / 10 : null,
        postgresExecutionMsPerRequest: dbMs,
        outsidePostgresMsPerRequest: dbMs === null ? null : Math.round((latency.mean - dbMs) * 100) / 100,
        tradesPerRequest: kind === 'take' && done ? Math.round((probe.trades / done) * 100) / 100 : null,
        statements: (stats?.top ?? []).map((t) => ({ perRequest: Math.round((t.calls / Math.max(done, 1)) * 100) / 100, meanMs: t.meanMs, query: t.query })),
      });
    }
  }

  // 4. invariants, while the app still runs (its own verification over HTTP)
  say('checking invariants');
  const ledger = await verifyOverHttp(server.url, tokens.operator);
  const invariants = await checkInvariants(database.url, ledger, clientTrades + seeded.trades);
  await server.stop();
  server = undefined;
  const appProfile = config.BENCH_CPU_PROFILE === '1' ? summariseProfile(profileDir, loadFrom, loadTo) : null;

  // 5. PostgreSQL's own ceiling, after the load
  const ceilingOptions = { clients: config.BENCH_PGBENCH_CLIENTS, threads: config.BENCH_PGBENCH_THREADS, seconds: config.BENCH_PGBENCH_SECONDS, tpcbScale: config.BENCH_TPCB_SCALE, say };
  let dvp: Report['ceiling']['dvp'] = null;
  let tpcbRun: PgbenchRun | null = null;
  let skipped: string | null = null;
  if (!pgbenchBin) skipped = `pgbench not found. ${INSTALL_HINT}`;
  else if (config.BENCH_PGBENCH_SECONDS === 0) skipped = 'BENCH_PGBENCH_SECONDS=0';
  else {
    try {
      dvp = await dvpCeiling(pgbenchBin, database, ceilingOptions);
    } catch (error) {
      skipped = `DvP ceiling: ${(error as Error).message}`;
    }
    tpcbRun = await tpcb(pgbenchBin, database, ceilingOptions);
  }

  // 6. report
  const ms = outcome.elapsedMs;
  const tradesPerSecond = rate(outcome.trades, ms);
  const combined = summarise([...outcome.listingMs, ...outcome.takeMs]);
  const requests = outcome.listings + outcome.takes;
  const errorCount = Object.values(outcome.errors).reduce((s, n) => s + n, 0);
  const report: Report = {
    benchmark: 'trading',
    startedAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart: loadAverage },
    config: { ...config, BENCH_DATABASE_URL: config.BENCH_DATABASE_URL ? '(set)' : undefined },
    app: { source: app.label, build: app.build },
    postgres: { ...pgSettings, embedded: database.embedded ? `embedded, ${config.BENCH_DATA_DIR}` : 'BENCH_DATABASE_URL' },
    market: { symbol: market.symbol, referencePrice: market.referencePrice, traders: market.traders.length, marketTime: market.marketTime, tradingDay: market.tradingDay },
    load: {
      traders: config.BENCH_TRADERS,
      seconds: Math.round(ms / 100) / 10,
      listings: outcome.listings,
      takes: outcome.takes,
      requests,
      tradesSettled: outcome.trades,
      tradedTonnes: outcome.tradedTonnes,
      tradesPerSecond,
      listingsPerSecond: rate(outcome.listings, ms),
      takesPerSecond: rate(outcome.takes, ms),
      requestsPerSecond: rate(requests + errorCount, ms),
      tradesPerTake: outcome.takes ? Math.round((outcome.trades / outcome.takes) * 100) / 100 : 0,
      tradesPerSecondSeries: {
        min: outcome.tradesPerSecond.length ? Math.min(...outcome.tradesPerSecond) : 0,
        median: median(outcome.tradesPerSecond),
        max: outcome.tradesPerSecond.length ? Math.max(...outcome.tradesPerSecond) : 0,
        series: outcome.tradesPerSecond,
      },
      latencyMs: { listings: summarise(outcome.listingMs), takes: summarise(outcome.takeMs), combined },
      errors: outcome.errors,
      errorCount,
    },
    anatomy,
    whereTheTimeGoes: {
      cpuPerWallSecond: cpuSummary,
      postgresActivity: activitySummary,
      databaseCommitsPerSecond: rate(after.commits - before.commits, ms),
      databaseRollbacks: after.rollbacks - before.rollbacks,
      sqlStatementsPerRequest: statements && requests + errorCount > 0 ? Math.round((statements.calls / (requests + errorCount)) * 10) / 10 : null,
      topStatements: statements?.top ?? [],
      appCpuProfile: appProfile,
    },
    ceiling: {
      dvp,
      tpcb: tpcbRun,
      skipped,
      tradesPerSecondOverDvpCeiling: dvp ? Math.round((tradesPerSecond / dvp.tps) * 1000) / 1000 : null,
    },
    invariants,
    targets: {
      tradesPerSecond: { target: TARGETS.tradesPerSecond, met: tradesPerSecond >= TARGETS.tradesPerSecond },
      p99Ms: { target: TARGETS.p99Ms, met: combined.p99 < TARGETS.p99Ms && config.BENCH_TRADERS >= TARGETS.traders, atTraders: config.BENCH_TRADERS },
      violations: { target: TARGETS.violations, met: invariants.violations === TARGETS.violations },
    },
  };
  printReport(report);
  const dir = path.join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `trading-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  say(`report written to ${file}`);
  return invariants.violations === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  });
