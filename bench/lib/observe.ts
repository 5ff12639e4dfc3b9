import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { withClient } from './cluster';

/**
 * Where the time goes during the load: what PostgreSQL's backends are waiting on (pg_stat_activity
 * sampled every few milliseconds), CPU seconds per process group (from /proc), and, after the
 * load, pg_stat_statements' most expensive statements and the statements per request (round trips
 * from the app; COMMIT's own WAL flush is not in pg_stat_statements' times).
 */

/** The app's serialising advisory locks (src/server/trading/locks.ts, the audit_log_chain trigger). */
const ADVISORY_LOCKS = [
  { name: 'instrument lock (takes, per symbol)', classid: 7302613, objsubid: 2 },
  { name: 'audit chain lock (every write, until commit)', classid: 0, objid: 7302611, objsubid: 1 },
] as const;

export interface LockSummary {
  name: string;
  /** Share of samples in which some transaction held it. */
  heldShare: number;
  /** Mean number of transactions waiting for it. */
  meanWaiting: number;
}

export interface ActivitySummary {
  samples: number;
  locks: LockSummary[];
  /** Mean number of backends of the app database in a transaction or running a statement. */
  meanBusyBackends: number;
  /** "<state>: <wait_event_type>/<wait_event>" (CPU = running, no wait event) → share of busy backend samples. */
  waits: { what: string; share: number }[];
}

export function sampleActivity(url: string, database: string, intervalMs = 20): { stop(): Promise<ActivitySummary> } {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let busy = 0;
  let running = true;
  const held = ADVISORY_LOCKS.map(() => 0);
  const waiting = ADVISORY_LOCKS.map(() => 0);
  client.on('error', () => {
    running = false; // the server went away (shutdown): stop sampling quietly
  });
  const loop = (async () => {
    try {
      await client.connect();
      while (running) {
        const { rows } = await client.query<{ state: string; wait: string | null }>(
          `SELECT state, wait_event_type || '/' || wait_event AS wait FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
          [database],
        );
        const locks = await client.query<{ classid: number; objid: number; objsubid: number; granted: boolean; n: number }>(
          `SELECT classid::int8 AS classid, objid::int8 AS objid, objsubid::int AS objsubid, granted, count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = $1) GROUP BY 1, 2, 3, 4`,
          [database],
        );
        ADVISORY_LOCKS.forEach((lock, i) => {
          const mine = locks.rows.filter((r) => Number(r.classid) === lock.classid && r.objsubid === lock.objsubid && (!('objid' in lock) || Number(r.objid) === lock.objid));
          if (mine.some((r) => r.granted)) held[i]! += 1;
          waiting[i]! += mine.filter((r) => !r.granted).reduce((s, r) => s + r.n, 0);
        });
        samples += 1;
        busy += rows.length;
        for (const r of rows) {
          const key = `${r.state}: ${r.wait ?? 'CPU (no wait event)'}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    } catch {
      // connection lost: keep what was sampled
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const waits = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([what, n]) => ({ what, share: Math.round((n / Math.max(busy, 1)) * 1000) / 1000 }));
      const locks = ADVISORY_LOCKS.map((lock, i) => ({
        name: lock.name,
        heldShare: Math.round((held[i]! / Math.max(samples, 1)) * 1000) / 1000,
        meanWaiting: Math.round((waiting[i]! / Math.max(samples, 1)) * 100) / 100,
      }));
      return { samples, locks, meanBusyBackends: Math.round((busy / Math.max(samples, 1)) * 100) / 100, waits };
    },
  };
}

const TICKS_PER_SECOND = 100; // Linux USER_HZ

function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is state (field 3); utime and stime are fields 14 and 15
      table.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

function treeTicks(table: Map<number, { ppid: number; ticks: number }>, rootPid: number): number {
  let ticks = 0;
  const stack = [rootPid];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    ticks += table.get(pid)?.ticks ?? 0;
    for (const [child, p] of table) if (p.ppid === pid) stack.push(child);
  }
  return ticks;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.reduce((s, x) => s + x, 0);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuSummary {
  seconds: number;
  cores: number;
  /** CPU seconds per second of wall time (1.0 = one core fully busy). */
  next: number;
  postgres: number | null;
  loadGenerator: number;
  machineBusyShare: number;
  /** Cores kept busy by everything else on the machine (other people's builds and tests skew the figures). */
  otherProcesses: number | null;
}

export function cpuMeter(nextPid: number, postmasterPid: number | null): { stop(): CpuSummary } {
  const startWall = performance.now();
  const startTable = processTable();
  const startNext = treeTicks(startTable, nextPid);
  const startPg = postmasterPid ? treeTicks(startTable, postmasterPid) : 0;
  const startSelf = process.cpuUsage();
  const startMachine = machineTicks();
  return {
    stop() {
      const seconds = (performance.now() - startWall) / 1000;
      const table = processTable();
      const self = process.cpuUsage(startSelf);
      const machine = machineTicks();
      const per = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) / 100;
      const cores = Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s*:/gm)?.length ?? 0);
      const next = per(treeTicks(table, nextPid) - startNext);
      const postgres = postmasterPid ? per(treeTicks(table, postmasterPid) - startPg) : null;
      const loadGenerator = Math.round(((self.user + self.system) / 1e6 / seconds) * 100) / 100;
      const machineBusyShare = Math.round(((machine.busy - startMachine.busy) / Math.max(machine.total - startMachine.total, 1)) * 1000) / 1000;
      const other = postgres === null ? null : Math.max(0, Math.round((machineBusyShare * cores - next - postgres - loadGenerator) * 100) / 100);
      return { seconds: Math.round(seconds * 10) / 10, cores, next, postgres, loadGenerator, machineBusyShare, otherProcesses: other };
    },
  };
}

export async function postmasterPid(url: string): Promise<number | null> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = rows[0]?.pid;
    if (!backend) return null;
    try {
      const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null; // not on this machine
    }
  });
}

export interface DatabaseCounters {
  commits: number;
  rollbacks: number;
}

export async function databaseCounters(url: string): Promise<DatabaseCounters> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ commits: string; rollbacks: string }>(
      'SELECT xact_commit AS commits, xact_rollback AS rollbacks FROM pg_stat_database WHERE datname = current_database()',
    );
    return { commits: Number(rows[0]?.commits ?? 0), rollbacks: Number(rows[0]?.rollbacks ?? 0) };
  });
}

export interface StatementStat {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  shareOfTime: number;
}

export async function resetStatements(url: string): Promise<void> {
  await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
}

export async function topStatements(url: string, limit = 15): Promise<{ calls: number; totalMs: number; top: StatementStat[] }> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ query: string; calls: string; total: number; mean: number }>(
      `SELECT query, calls, total_exec_time AS total, mean_exec_time AS mean FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pg_stat_activity%' AND query NOT ILIKE '%pg_locks%'
          AND query NOT ILIKE '%pg_stat_database%'
        ORDER BY total_exec_time DESC`,
    );
    // Statements of deferred constraint triggers (they read NEW.) run at COMMIT and are listed as top
    // level: their time counts, but they are not round trips from the app.
    const calls = rows.filter((r) => !/\bNEW\./.test(r.query)).reduce((s, r) => s + Number(r.calls), 0);
    const totalMs = rows.reduce((s, r) => s + r.total, 0);
    const top = rows.slice(0, limit).map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 140),
      calls: Number(r.calls),
      totalMs: Math.round(r.total),
      meanMs: Math.round(r.mean * 1000) / 1000,
      shareOfTime: Math.round((r.total / Math.max(totalMs, 1)) * 1000) / 1000,
    }));
    return { calls, totalMs: Math.round(totalMs), top };
  });
}
