/**
 * Serves the app with APP_PROCESSES app processes (default 1) on one port:
 *
 *   node scripts/cluster.mjs start -p 3000 -H 0.0.0.0     (the arguments of `next start`)
 *
 * Each process is a Node cluster worker running `next start`; the workers share the listening
 * port and the primary hands connections to them in turn. Every process is a whole app server —
 * its own scheduler, matching queue and connection pool (DB_POOL_SIZE each) — against the one
 * PostgreSQL: everything the processes share is in the database (rate limits, sessions, the
 * actor cache's invalidation, the instrument locks that serialise matching, the scheduler's
 * idempotent steps). Several machines behind a load balancer work the same way.
 *
 * SIGINT / SIGTERM stop every worker, then the primary. A worker that dies on its own stops the
 * others and the primary exits with its code, so that whatever supervises the app restarts it.
 */
import cluster from 'node:cluster';
import path from 'node:path';

const count = Number(process.env.APP_PROCESSES ?? 1);
if (!Number.isInteger(count) || count < 1 || count > 64) {
  console.error(`[cluster] APP_PROCESSES must be a whole number from 1 to 64 (got ${process.env.APP_PROCESSES})`);
  process.exit(1);
}
const nextBin = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
cluster.setupPrimary({ exec: nextBin, args: process.argv.slice(2) });

let stopping = false;
let exitCode = 0;
const stop = (code) => {
  if (!stopping) exitCode = code;
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
};
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    console.error(`[cluster] app process ${worker.process.pid} exited (${signal ?? `code ${code}`}); stopping the others`);
    stop(code || 1);
  }
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
});
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (let i = 0; i < count; i++) cluster.fork();
if (count > 1) console.log(`[cluster] ${count} app processes share the port`);
