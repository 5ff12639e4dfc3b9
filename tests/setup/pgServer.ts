/**
 * A PostgreSQL server for a test run: TEST_DATABASE_URL's server when set, otherwise a fresh
 * embedded cluster in a temporary directory on a free port (removed afterwards).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../../src/db/embedded';

export interface TestPgServer {
  /** URL of a maintenance database on the server (CREATE/DROP DATABASE go through it). */
  adminUrl: string;
  /** True when the server is TEST_DATABASE_URL's (shared: use unique database names). */
  external: boolean;
  /** Builds a URL for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function startTestPgServer(label: string): Promise<TestPgServer> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    return { adminUrl: external, external: true, urlFor: (database) => databaseUrl(external, database), stop: async () => undefined };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `cax-${label}-`));
  chmodSync(dir, 0o755); // when run as root, PostgreSQL runs as user postgres and must reach dir/pg
  try {
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await findFreePort(), fast: true, quiet: true });
    return {
      adminUrl: server.adminUrl,
      external: false,
      urlFor: (database) => databaseUrl(server.adminUrl, database),
      stop: async () => {
        try {
          await server.stop();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const id = client.escapeIdentifier(name);
    await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${id}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`);
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
}
