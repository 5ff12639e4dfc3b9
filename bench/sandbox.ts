/**
 * The policy sandbox at national scale (issue 15: a national scenario for 4,000 entities computes
 * in under 2 s). On the database `npm run bench:scale` built (.data/bench-scale, reused as it is),
 * it replays a recorded year for every province, BENCH_SANDBOX_RUNS times per scenario:
 *
 *   1. read the recorded year (loadRecordedYear: entities, installations, reports, runs, banked
 *      allowances and CCER, budgets, policy, auctions, prices);
 *   2. compute the scenario and the policy in force (replay), for the unchanged policy and for a
 *      scenario that changes a bit of everything;
 *   3. the whole run as the API does it (POST /api/v1/sandbox/scenarios/{id}/run: read, compute,
 *      store the result on the scenario), timed around the service call.
 *
 * Prints each step's median and slowest run against the target. Needs the national-scale database:
 * run `npm run bench:scale` once (about 45 minutes) if .data/bench-scale does not exist.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { applyMigrations } from '../src/db/migrate';
import { startBenchDatabase, type BenchDatabase } from './lib/cluster';

const TARGET_SECONDS = 2;
const config = z.object({
  BENCH_SANDBOX_RUNS: z.coerce.number().int().min(1).max(100).default(5),
  BENCH_SANDBOX_YEAR: z.coerce.number().int().min(2000).max(2100).default(2024),
  BENCH_PGPORT: z.coerce.number().int().min(1).max(65_535).default(5445),
  BENCH_DATA_DIR: z.string().min(1).default(path.join('.data', 'bench-scale')),
  BENCH_DATABASE_URL: z.string().url().optional(),
}).parse(process.env);

const say = (line: string) => console.log(`[sandbox] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<{ value: T; ms: number[] }> {
  const ms: number[] = [];
  let value: T | undefined;
  await fn(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await fn();
    ms.push(performance.now() - t);
  }
  return { value: value!, ms };
}

async function main(): Promise<number> {
  let database: BenchDatabase | undefined;
  try {
    database = await startBenchDatabase({ dataDir: config.BENCH_DATA_DIR, pgPort: config.BENCH_PGPORT, externalUrl: config.BENCH_DATABASE_URL, say, reuse: true });
    await applyMigrations(database.url, path.join(process.cwd(), 'prisma', 'migrations'));
    process.env.DATABASE_URL = database.url;
    process.env.APP_MODE = 'demo';
    // Imported after DATABASE_URL is set: the services connect on first use.
    const { db } = await import('../src/db/client');
    const { loadRecordedYear } = await import('../src/server/sandbox/recordedYear');
    const { replay } = await import('../src/domain/sandbox/scenario');
    const { createScenario, deleteScenario, runScenarioOf } = await import('../src/server/sandbox/scenarios');
    const { loadActor } = await import('../src/server/identity/actor');

    const year = config.BENCH_SANDBOX_YEAR;
    const runs = config.BENCH_SANDBOX_RUNS;
    const load = await timed(runs, () => loadRecordedYear(year, null));
    const recorded = load.value;
    const rule = recorded.rules[0]!;
    const changes = {
      cap: { mode: 'PERCENT' as const, percent: '-10' },
      rules: { [rule.code]: { declineFactor: '0.97', paidShare: '0.05' } },
      offsets: { share: '0.03', outsideProvinceShare: '0.01' },
      banking: { carryOverDiscount: '0.8' },
      auction: { reservePrice: '60.00' },
      price: { kind: 'FUEL_SWITCH' as const },
    };
    const unchanged = await timed(runs, async () => replay(recorded, {}));
    const changed = await timed(runs, async () => replay(recorded, changes));

    const regulator = await db().user.findFirst({ where: { roles: { has: 'NATIONAL_REGULATOR' } }, orderBy: { id: 'asc' } });
    if (!regulator) throw new Error('no national regulator in the database: build it with npm run bench:scale');
    const actor = await loadActor(regulator.id);
    const scenario = await createScenario(actor, { name: 'bench: a bit of everything', year, changes });
    const whole = await timed(runs, () => runScenarioOf(actor, scenario.id));
    await deleteScenario(actor, scenario.id);

    const r = changed.value;
    const row = (what: string, ms: number[]) => `  ${what.padEnd(52)} ${median(ms).toFixed(0).padStart(6)} ms  ${Math.max(...ms).toFixed(0).padStart(6)} ms`;
    const total = median(whole.ms) / 1000;
    console.log('='.repeat(86));
    console.log(`  Policy sandbox: ${recorded.entities.length} entities of ${Object.keys(recorded.budgets).length} provinces, year ${year}, ${runs} runs each (after a warm-up)`);
    console.log('='.repeat(86));
    console.log(`  ${'step'.padEnd(52)} ${'median'.padStart(9)}  ${'slowest'.padStart(9)}`);
    console.log(row('read the recorded year', load.ms));
    console.log(row('compute: the policy in force (twice: both sides)', unchanged.ms));
    console.log(row('compute: a scenario changing a bit of everything', changed.ms));
    console.log(row('the whole run (POST …/run: read, compute, store)', whole.ms));
    console.log(`  result: ${r.scenario.totals.short} entities short (${r.baseline.totals.short} under the policy in force), deficit ${r.scenario.totals.deficit} t, scarcity ${r.scenario.market.scarcityRatio} (${r.baseline.market.scarcityRatio})`);
    console.log(`  target: a national scenario in < ${TARGET_SECONDS} s: ${total.toFixed(2)} s = ${(total / TARGET_SECONDS).toFixed(2)} × the target, ${total < TARGET_SECONDS ? 'MET' : 'MISSED'}`);
    console.log('='.repeat(86));
    await db().$disconnect();
    return 0;
  } finally {
    await database?.stop();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
