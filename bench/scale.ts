/**
 * National-scale benchmark: `npm run bench:scale` (not part of `npm test`).
 *
 *   1. a fresh embedded PostgreSQL in .data/bench-scale (or BENCH_DATABASE_URL), migrated;
 *   2. the nation (bench/lib/nation.ts): 31 provinces, 4,000 compliance entities, 2,000 investors,
 *      five compliance cycles, 1,000,000 trades, 20 auctions, through the services except the bulk
 *      parts it names; each step timed; the closes of the years and the big province's allocation
 *      runs timed on the way;
 *   3. an auction of 5,000 bidders and 20,000 bids (bids through the services), timed from its
 *      close to its settlement;
 *   4. ledger verification on the whole journal; the database's size;
 *   5. the app (production build) on that database: the server time of every page and every GET
 *      list/analysis endpoint for each role (bench/lib/pages.ts);
 *   6. the report, printed and written to bench/results/scale-<timestamp>.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { applyMigrations } from '../src/db/migrate';
import { startBenchDatabase, withClient, type BenchDatabase } from './lib/cluster';
import { prepareApp, startApp, stopAll, type RunningServer } from './lib/server';
import { seededRandom } from './lib/stats';

const TARGETS = { pageP95Ms: 300, closeSeconds: 60, allocationRunSeconds: 10, auctionSeconds: 10 };

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const configSchema = z.object({
  BENCH_ENTITIES: int(4_000, 10, 100_000),
  BENCH_INVESTORS: int(2_000, 0, 100_000),
  BENCH_TRADES: int(1_000_000, 0, 10_000_000),
  BENCH_AUCTIONS: int(20, 0, 100),
  BENCH_BIG_PROVINCE_INSTALLATIONS: int(500, 1, 100_000),
  BENCH_AUCTION_BIDDERS: int(5_000, 1, 100_000),
  BENCH_AUCTION_BIDS: int(20_000, 1, 1_000_000),
  BENCH_PAGE_REPEATS: int(5, 1, 100),
  BENCH_CONCURRENCY: int(4, 1, 64),
  BENCH_SEED: int(1, 0, 2 ** 31),
  BENCH_PORT: int(3101, 1, 65_535),
  BENCH_PGPORT: int(5445, 1, 65_535),
  BENCH_DATA_DIR: z.string().min(1).default(path.join('.data', 'bench-scale')),
  BENCH_APP: z.enum(['head', 'worktree']).default('head'),
  BENCH_COMMIT: z.string().min(1).default('HEAD'),
  BENCH_DATABASE_URL: z.string().url().optional(),
  BENCH_SKIP_PAGES: z.enum(['0', '1']).default('0'),
  /** 1: measure again on the database the last run built (kept in BENCH_DATA_DIR), without building it. */
  BENCH_REUSE: z.enum(['0', '1']).default('0'),
  /** Build only up to the close of this year and time that close (no big auction, no pages): e.g. 2021 with BENCH_ENTITIES=10000. */
  BENCH_STOP_AFTER_CLOSING: z.coerce.number().int().min(2021).max(2024).optional(),
  /** With BENCH_REUSE=1: time only the pages and endpoints whose path matches this regular expression (no auction, no ledger steps). */
  BENCH_ONLY_PAGES: z.string().min(1).refine((s) => { try { new RegExp(s); return true; } catch { return false; } }, 'not a regular expression').optional(),
});
type Config = z.infer<typeof configSchema>;

const say = (line: string) => console.log(`[scale] ${line}`);
let database: BenchDatabase | undefined;
let server: RunningServer | undefined;

async function cleanUp(): Promise<void> {
  await stopAll({ server, database, say });
}

const seconds = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
  const t0 = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - t0) / 1000 };
};

async function main(): Promise<number> {
  const parsed = configSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid benchmark settings:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    return 2;
  }
  const config: Config = parsed.data;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
  const startedAt = new Date();
  const secret = randomBytes(32).toString('base64url');
  const baseUrl = `http://127.0.0.1:${config.BENCH_PORT}`;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env, AUTH_SECRET: secret, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: baseUrl, APP_MODE: 'demo', TRUST_PROXY: '1',
    PORT: String(config.BENCH_PORT), NEXT_TELEMETRY_DISABLED: '1',
  };
  const closeOnly = config.BENCH_STOP_AFTER_CLOSING !== undefined;
  const onlyPages = config.BENCH_ONLY_PAGES ? new RegExp(config.BENCH_ONLY_PAGES) : undefined;
  if (onlyPages && config.BENCH_REUSE !== '1') {
    console.error('BENCH_ONLY_PAGES needs BENCH_REUSE=1 (it measures pages on the database the last run built).');
    return 2;
  }
  const app = config.BENCH_SKIP_PAGES === '1' || closeOnly ? null
    : await prepareApp(config.BENCH_APP, config.BENCH_DATA_DIR, { ...appEnv, DATABASE_URL: 'postgresql://build:build@127.0.0.1:5432/build' }, say, config.BENCH_COMMIT);
  const reuse = config.BENCH_REUSE === '1';
  database = await startBenchDatabase({ dataDir: config.BENCH_DATA_DIR, pgPort: config.BENCH_PGPORT, externalUrl: config.BENCH_DATABASE_URL, say, reuse });
  await applyMigrations(database.url, path.join(app?.dir ?? process.cwd(), 'prisma', 'migrations'));
  process.env.DATABASE_URL = database.url;
  process.env.APP_MODE = 'demo';
  // Imported after DATABASE_URL is set: the services connect on first use.
  const { buildNation, holdAuction, loadNation, NATION_PASSWORD } = await import('./lib/nation');
  const { takeLedgerCheckpoint, verifyLedger } = await import('../src/server/registry/verify');
  const { sealAuditLog } = await import('../src/server/audit/audit');
  const { getClock } = await import('../src/server/trading/market');

  // 2. the nation (or the one the last run built)
  const built = reuse
    ? { value: { ...(await loadNation()), steps: [], closes: [], allocationRuns: [], trades: 0, auctions: 0 }, seconds: 0 }
    : await seconds(() => buildNation({
      entities: config.BENCH_ENTITIES, investors: config.BENCH_INVESTORS, trades: config.BENCH_TRADES, auctions: config.BENCH_AUCTIONS,
      bigProvinceInstallations: config.BENCH_BIG_PROVINCE_INSTALLATIONS, seed: config.BENCH_SEED, concurrency: config.BENCH_CONCURRENCY, say,
      stopAfterClosing: config.BENCH_STOP_AFTER_CLOSING,
    }));
  const nation = built.value;
  if (!reuse) say(`the nation was built in ${built.seconds.toFixed(0)} s`);

  // 3. the big auction, on the trading day after the clock's
  const compliance = nation.entities.filter((e) => e.kind === 'COMPLIANCE_ENTITY');
  const bidders = Math.min(config.BENCH_AUCTION_BIDDERS, compliance.length);
  const bidsEach = Math.max(1, Math.round(config.BENCH_AUCTION_BIDS / bidders));
  const auctionDay = (await getClock()).nextTradingDay;
  const bigAuction = closeOnly || onlyPages ? { value: { bids: 0, closeSeconds: 0 }, seconds: 0 } : await seconds(() => holdAuction(nation.actors, compliance, 2026, '60.00', auctionDay, seededRandom(config.BENCH_SEED + 7), config.BENCH_CONCURRENCY, bidders, bidsEach));
  say(`auction of ${bidders} bidders and ${bigAuction.value.bids} bids: bidding ${bigAuction.seconds.toFixed(0)} s in all, close to settlement ${bigAuction.value.closeSeconds.toFixed(2)} s`);
  await sealAuditLog();

  // 4. ledger verification: from the first entry; a checkpoint (the scheduler takes one every 50,000 entries); from the checkpoint
  const full = onlyPages ? { value: await verifyLedger(), seconds: 0 } : await seconds(() => verifyLedger({ full: true }));
  say(`ledger verification from the first entry: ${full.value.ok ? 'ok' : 'FAILED'} in ${full.seconds.toFixed(1)} s (${full.value.holdingsChecked} holdings, audit chain ${full.value.auditChain.ok ? 'intact' : 'BROKEN'}, ${full.value.auditChain.records} records)`);
  if (!full.value.ok) say(JSON.stringify({ ...full.value, vintages: undefined }).slice(0, 2_000));
  const checkpoint = await seconds(() => takeLedgerCheckpoint());
  say(`ledger checkpoint: ${checkpoint.value ? `${checkpoint.value.entries} entries since the last one` : 'none taken'} in ${checkpoint.seconds.toFixed(1)} s`);
  const verification = await seconds(() => verifyLedger());
  const ledger = verification.value;
  say(`ledger verification from the checkpoint: ${ledger.ok ? 'ok' : 'FAILED'} in ${verification.seconds.toFixed(2)} s`);
  const size = await withClient(database.url, async (c) => {
    const total = await c.query<{ bytes: string }>(`SELECT pg_database_size(current_database())::text AS bytes`);
    const tables = await c.query<{ name: string; rows: string; bytes: string }>(
      `SELECT c.relname AS name, c.reltuples::bigint::text AS rows, pg_total_relation_size(c.oid)::text AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12`);
    return { bytes: Number(total.rows[0]!.bytes), tables: tables.rows.map((r) => ({ name: r.name, rows: Number(r.rows), megabytes: Math.round(Number(r.bytes) / 1_048_576) })) };
  });
  const { disconnectDb } = await import('../src/db/client');
  await disconnectDb();

  // 5. the pages and lists of every role
  let pages: unknown[] = [];
  if (app) {
    server = await startApp(app, { ...appEnv, DATABASE_URL: database.url }, config.BENCH_PORT, say);
    const { measurePages } = await import('./lib/pages');
    pages = await measurePages({
      baseUrl: server.url, logins: nation.logins.map((l) => ({ ...l, password: NATION_PASSWORD })), year: 2025, repeats: config.BENCH_PAGE_REPEATS, say,
      only: onlyPages,
    });
  }

  // 6. the report
  const report = {
    benchmark: 'scale' as const,
    startedAt: startedAt.toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    config: { ...config, BENCH_DATABASE_URL: config.BENCH_DATABASE_URL ? '(set)' : undefined },
    app: app ? { source: app.label, build: app.build } : null,
    reused: reuse,
    build: { seconds: Math.round(built.seconds), steps: nation.steps, trades: nation.trades, auctions: nation.auctions, entities: compliance.length, investors: nation.entities.length - compliance.length },
    closes: nation.closes,
    allocationRuns: nation.allocationRuns,
    bigAuction: { bidders, bids: bigAuction.value.bids, closeToSettlementSeconds: bigAuction.value.closeSeconds },
    ledgerVerification: {
      ok: ledger.ok && full.value.ok, seconds: verification.seconds, fullSeconds: full.seconds, checkpointSeconds: checkpoint.seconds, checkpointEntries: checkpoint.value?.entries ?? 0,
      holdingsChecked: ledger.holdingsChecked, auditChain: full.value.auditChain,
    },
    database: { megabytes: Math.round(size.bytes / 1_048_576), tables: size.tables },
    pages,
    targets: TARGETS,
  };
  mkdirSync(path.join('bench', 'results'), { recursive: true });
  const file = path.join('bench', 'results', `scale-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  say(`report written to ${file}`);
  return 0;
}

interface PageRow {
  role: string;
  kind: string;
  path: string;
  status: number;
  p95Ms: number;
  skipped?: string;
}

function printReport(r: {
  build: { seconds: number; trades: number; auctions: number; entities: number; investors: number };
  closes: { year: number; seconds: number; entities: number }[];
  allocationRuns: { year: number; kind: string; installations: number; prepareSeconds: number; confirmSeconds: number }[];
  bigAuction: { bidders: number; bids: number; closeToSettlementSeconds: number };
  ledgerVerification: { ok: boolean; seconds: number; fullSeconds: number; checkpointSeconds: number; checkpointEntries: number };
  database: { megabytes: number; tables: { name: string; rows: number; megabytes: number }[] };
  pages: unknown[];
}): void {
  const mark = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  const lines = [
    '', '='.repeat(86),
    `  National-scale benchmark: ${r.build.entities} entities, ${r.build.investors} investors, ${r.build.trades.toLocaleString('en')} trades, ${r.build.auctions} auctions`,
    '='.repeat(86),
    `  build                              ${String(r.build.seconds).padStart(8)} s`,
    `  database size                      ${String(r.database.megabytes).padStart(8)} MB   (${r.database.tables.slice(0, 5).map((t) => `${t.name} ${t.megabytes} MB`).join(', ')})`,
    ...r.closes.map((c) => `  close of ${c.year} (${c.entities} entities)     ${c.seconds.toFixed(2).padStart(8)} s   target < ${TARGETS.closeSeconds} s: ${mark(c.seconds < TARGETS.closeSeconds)}`),
    ...r.allocationRuns.map((a) => `  ${a.kind.toLowerCase()} ${a.year} (${a.installations} inst.)  prepare ${a.prepareSeconds.toFixed(2)} s, confirm ${a.confirmSeconds.toFixed(2)} s   target < ${TARGETS.allocationRunSeconds} s: ${mark(a.prepareSeconds + a.confirmSeconds < TARGETS.allocationRunSeconds)}`),
    ...(r.bigAuction.bids > 0
      ? [`  auction ${r.bigAuction.bidders} bidders / ${r.bigAuction.bids} bids: close to settlement ${r.bigAuction.closeToSettlementSeconds.toFixed(2)} s   target < ${TARGETS.auctionSeconds} s: ${mark(r.bigAuction.closeToSettlementSeconds < TARGETS.auctionSeconds)}`]
      : []),
    `  ledger verification from the first entry ${r.ledgerVerification.fullSeconds.toFixed(2).padStart(8)} s   ${r.ledgerVerification.ok ? 'ok' : 'FAILED'}`,
    `  ledger checkpoint (${r.ledgerVerification.checkpointEntries} entries)     ${r.ledgerVerification.checkpointSeconds.toFixed(2).padStart(8)} s`,
    `  ledger verification from the checkpoint  ${r.ledgerVerification.seconds.toFixed(2).padStart(8)} s`,
  ];
  const pages = r.pages as PageRow[];
  const measured = pages.filter((p) => !p.skipped);
  if (measured.length) {
    const over = measured.filter((p) => p.p95Ms >= TARGETS.pageP95Ms);
    lines.push(`  pages and lists: ${measured.length} measured, ${over.length} at or over ${TARGETS.pageP95Ms} ms p95; slowest:`);
    for (const p of [...measured].sort((a, b) => b.p95Ms - a.p95Ms).slice(0, 15)) {
      lines.push(`    ${p.p95Ms.toFixed(0).padStart(7)} ms  ${String(p.status).padStart(3)}  ${p.role.padEnd(20)} ${p.kind.padEnd(4)} ${p.path}`);
    }
  }
  lines.push('='.repeat(86));
  console.log(lines.join('\n'));
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    await cleanUp();
    process.exit(1);
  });
