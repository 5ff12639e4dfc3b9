import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, connectionUrl, releaseSignalHandlers, startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded';

/**
 * The benchmark's own PostgreSQL: a fresh embedded cluster in <dataDir>/pg (removed and
 * initialised anew on every run), or the throwaway database named by BENCH_DATABASE_URL.
 * Durability is PostgreSQL's default (fsync on), as under `npm start`.
 */
export interface BenchDatabase {
  /** The app database the market is built in. */
  url: string;
  /** Where CREATE/DROP DATABASE for the pgbench scratch databases run (same server). */
  maintenanceUrl: string;
  host: string;
  port: number;
  user: string;
  password: string;
  embedded: boolean;
  /** pg_stat_statements is loaded (always for the embedded cluster; if preloaded for an external one). */
  statements: boolean;
  stop(): Promise<void>;
}

export const BENCH_DATABASE = 'carbon_bench';

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection fails the query in flight; nothing more to do
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function enableStatementStats(url: string): Promise<boolean> {
  try {
    await withClient(url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
    await withClient(url, (c) => c.query('SELECT 1 FROM pg_stat_statements LIMIT 1'));
    return true;
  } catch {
    return false; // not in shared_preload_libraries: the report goes without per-statement figures
  }
}

export async function startBenchDatabase(opts: { dataDir: string; pgPort: number; externalUrl?: string; say: (line: string) => void; reuse?: boolean }): Promise<BenchDatabase> {
  if (opts.externalUrl) {
    const u = new URL(opts.externalUrl);
    const maintenance = new URL(opts.externalUrl);
    maintenance.pathname = '/postgres';
    const statements = await enableStatementStats(opts.externalUrl);
    return {
      url: opts.externalUrl,
      maintenanceUrl: maintenance.toString(),
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      embedded: false,
      statements,
      stop: async () => undefined,
    };
  }

  const dataDir = path.resolve(opts.dataDir, 'pg');
  if (opts.reuse) {
    // The cluster of an earlier run, kept with its data (bench:scale's BENCH_REUSE).
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`No cluster to reuse in ${dataDir}: run once without BENCH_REUSE.`);
    const kept = await startEmbeddedPostgres({ dataDir, port: opts.pgPort, database: BENCH_DATABASE, quiet: true });
    releaseSignalHandlers();
    opts.say(`the PostgreSQL cluster of the last run, in ${path.relative(process.cwd(), dataDir)} on 127.0.0.1:${opts.pgPort}`);
    return {
      url: kept.url, maintenanceUrl: connectionUrl(kept.port, 'postgres'), host: '127.0.0.1', port: kept.port, user: EMBEDDED_PG_USER, password: EMBEDDED_PG_PASSWORD,
      embedded: true, statements: await enableStatementStats(kept.url), stop: () => kept.stop(),
    };
  }
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A cluster from an earlier run: start it once so that a postmaster left behind by a killed run
    // is stopped cleanly (startEmbeddedPostgres does that), then throw the cluster away.
    try {
      const old = await startEmbeddedPostgres({ dataDir, port: opts.pgPort, quiet: true });
      releaseSignalHandlers();
      await old.stop();
    } catch (error) {
      const message = (error as Error).message;
      if (/in use/.test(message)) throw error; // someone else's server: never remove its data
    }
  }
  rmSync(dataDir, { recursive: true, force: true });

  let cluster: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, port: opts.pgPort, database: BENCH_DATABASE, quiet: true });
  releaseSignalHandlers();
  try {
    // Per-statement timings for the report: pg_stat_statements must be preloaded, so restart once.
    await withClient(cluster.adminUrl, (c) => c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"));
    await cluster.stop();
    cluster = await startEmbeddedPostgres({ dataDir, port: opts.pgPort, database: BENCH_DATABASE, quiet: true });
    releaseSignalHandlers();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  opts.say(`fresh PostgreSQL cluster in ${path.relative(process.cwd(), dataDir)} on 127.0.0.1:${opts.pgPort}`);
  const statements = await enableStatementStats(cluster.url);
  const running = cluster;
  return {
    url: running.url,
    maintenanceUrl: connectionUrl(running.port, 'postgres'),
    host: '127.0.0.1',
    port: running.port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    embedded: true,
    statements,
    stop: () => running.stop(),
  };
}

/** Creates (dropping first if left over) a scratch database on the benchmark's server; returns its URL. */
export async function scratchDatabase(db: BenchDatabase, name: string): Promise<string> {
  await withClient(db.maintenanceUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)}`);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  const u = new URL(db.maintenanceUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(db: BenchDatabase, name: string): Promise<void> {
  await withClient(db.maintenanceUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

/** The server's durability settings, reported beside the figures. */
export async function serverSettings(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level')`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  });
}
