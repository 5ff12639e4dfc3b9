/**
 * Setup file of the `integration` project: runs before each test file's own imports, gives the
 * file a fresh database cloned from the migrated template and points DATABASE_URL at it, so the
 * Prisma client (src/db/client.ts) and everything else connect there.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, expect, inject } from 'vitest';
import { databaseUrl, dropDatabase, withClient } from './pgServer';

const adminUrl = inject('pgAdminUrl');
const template = inject('pgTemplateDatabase');
const name = `cax_t_${process.pid}_${randomBytes(4).toString('hex')}`;

async function cloneTemplate(): Promise<void> {
  // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template (55006).
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withClient(adminUrl, (client) =>
        client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`),
      );
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

await cloneTemplate();
const url = databaseUrl(adminUrl, name);
process.env.DATABASE_URL = url;
// Non-trade transfers move on approval unless a test sets a delay (tests/integration/registry/controls.test.ts does).
process.env.TRANSFER_DELAY_HOURS ??= '0';
// Tests change users and tokens behind the services' back (straight SQL): a token's actor is read every time unless a test
// turns the per-process cache on (tests/integration/http/actorCache.test.ts does).
process.env.ACTOR_CACHE_MS ??= '0';
(globalThis as { __testDatabaseUrl?: string }).__testDatabaseUrl = url;

/**
 * Queries on one transaction's connection must never overlap (pg warns "Calling client.query() when
 * the client is already executing a query", and pg 9 will refuse): a test file that provokes the
 * warning fails.
 */
const overlapping: string[] = [];
process.on('warning', (warning) => {
  if (warning.message.includes('already executing a query')) overlapping.push(warning.stack ?? warning.message);
});

afterAll(async () => {
  expect(overlapping, 'queries overlapped on one connection (a Promise.all inside a transaction?)').toEqual([]);
  try {
    const { disconnectDb } = await import('../../src/db/client');
    await disconnectDb();
  } catch {
    // the file never used the Prisma client
  }
  await dropDatabase(adminUrl, name).catch(() => undefined);
});

/** URL of this test file's own database (also in process.env.DATABASE_URL). */
export function testDatabaseUrl(): string {
  const current = (globalThis as { __testDatabaseUrl?: string }).__testDatabaseUrl;
  if (!current) throw new Error('testDatabaseUrl() is only available in the integration project');
  return current;
}
