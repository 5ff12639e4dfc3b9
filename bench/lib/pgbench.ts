import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dropDatabase, scratchDatabase, withClient, type BenchDatabase } from './cluster';

/**
 * PostgreSQL's own ceiling on the benchmark's server, measured after the HTTP load: the DvP
 * settlement script of ../shared/bench (one trade in plain SQL) and standard TPC-B, each with
 * pgbench in a throwaway database dropped afterwards.
 */
const PGBENCH_CANDIDATES = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/17/bin/pgbench', '/usr/bin/pgbench'];
export const INSTALL_HINT = 'pgbench ships with PostgreSQL\'s server package: apt-get update && apt-get install -y postgresql-15 (then /usr/lib/postgresql/15/bin/pgbench)';

export function findPgbench(): string | null {
  if (process.env.PGBENCH && existsSync(process.env.PGBENCH)) return process.env.PGBENCH;
  return PGBENCH_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The ceiling scripts live in ../shared/bench beside the repository (or BENCH_CEILING_DIR). */
export function ceilingScripts(): { dir: string; setup: string; script: string; sha256: string } {
  const candidates = [process.env.BENCH_CEILING_DIR, path.resolve('..', 'shared', 'bench')].filter((d): d is string => !!d);
  const dir = candidates.find((d) => existsSync(path.join(d, 'dvp-ceiling.pgbench.sql')) && existsSync(path.join(d, 'dvp-ceiling.setup.sql')));
  if (!dir) throw new Error(`dvp-ceiling.{setup,pgbench}.sql not found in ${candidates.join(', ')}`);
  const script = path.join(dir, 'dvp-ceiling.pgbench.sql');
  return {
    dir,
    setup: path.join(dir, 'dvp-ceiling.setup.sql'),
    script,
    sha256: createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 12),
  };
}

export interface PgbenchRun {
  tps: number;
  latencyMs: number | null;
  transactions: number | null;
  failed: number | null;
  command: string;
}

const running = new Set<ChildProcess>();

export function killPgbench(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGINT');
}

function pgbench(bin: string, db: BenchDatabase, database: string, args: string[]): Promise<string> {
  const full = ['-h', db.host, '-p', String(db.port), '-U', db.user, ...args, database];
  return new Promise((resolve, reject) => {
    const child = spawn(bin, full, { env: { ...process.env, PGPASSWORD: db.password }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      running.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`pgbench ${full.join(' ')} failed (exit ${code}):\n${out.slice(-2000)}`));
    });
  });
}

function parseRun(out: string, command: string): PgbenchRun {
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`no tps in the pgbench output:\n${out.slice(-1000)}`);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const tx = /number of transactions actually processed: (\d+)/.exec(out);
  const failed = /number of failed transactions: (\d+)/.exec(out);
  return { tps: Math.round(Number(tps[1]) * 10) / 10, latencyMs: latency ? Number(latency[1]) : null, transactions: tx ? Number(tx[1]) : null, failed: failed ? Number(failed[1]) : null, command };
}

export interface CeilingOptions {
  clients: number;
  threads: number;
  seconds: number;
  tpcbScale: number;
  say: (line: string) => void;
}

export async function dvpCeiling(bin: string, db: BenchDatabase, o: CeilingOptions): Promise<PgbenchRun & { scriptSha256: string; scriptDir: string }> {
  const scripts = ceilingScripts();
  const name = 'bench_ceiling';
  const url = await scratchDatabase(db, name);
  try {
    // psql is not needed: the setup file is plain SQL, run through the pg client.
    await withClient(url, (c) => c.query(readFileSync(scripts.setup, 'utf8')));
    const args = ['-n', '-f', scripts.script, '-c', String(o.clients), '-j', String(o.threads), '-T', String(o.seconds)];
    o.say(`pgbench ${args.join(' ')} (DvP ceiling, ${scripts.dir})`);
    const run = parseRun(await pgbench(bin, db, name, args), `pgbench ${args.join(' ')}`);
    return { ...run, scriptSha256: scripts.sha256, scriptDir: scripts.dir };
  } finally {
    await dropDatabase(db, name);
  }
}

export async function tpcb(bin: string, db: BenchDatabase, o: CeilingOptions): Promise<PgbenchRun> {
  const name = 'bench_tpcb';
  await scratchDatabase(db, name);
  try {
    o.say(`pgbench -i -s ${o.tpcbScale} (TPC-B tables)`);
    await pgbench(bin, db, name, ['-i', '-q', '-s', String(o.tpcbScale)]);
    const args = ['-c', String(o.clients), '-j', String(o.threads), '-T', String(o.seconds)];
    o.say(`pgbench ${args.join(' ')} (TPC-B)`);
    return parseRun(await pgbench(bin, db, name, args), `pgbench ${args.join(' ')}`);
  } finally {
    await dropDatabase(db, name);
  }
}
