/**
 * Global setup of the `integration` project: one PostgreSQL server for the run and a template
 * database with every migration applied. Each test file clones the template
 * (tests/setup/integrationDb.ts), which takes milliseconds.
 */
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrate';
import { TEST_MARKET_CLOSED_THROUGH, TEST_MARKET_START } from '../support/clock';
import { dropDatabase, recreateDatabase, startTestPgServer, withClient } from './pgServer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance-database URL of the test PostgreSQL server. */
    pgAdminUrl: string;
    /** Database with all migrations applied, to clone with CREATE DATABASE ... TEMPLATE. */
    pgTemplateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPgServer('integration');
  // A shared TEST_DATABASE_URL server may serve several runs at once: keep their names apart.
  const template = server.external ? `cax_template_${process.pid}` : 'cax_template';
  try {
    await recreateDatabase(server.adminUrl, template);
    await applyMigrations(server.urlFor(template));
    // The test's market clock starts where the suite says, never at today's date.
    await withClient(server.urlFor(template), (client) =>
      client.query(`UPDATE market_clock SET simulated_at = $1::timestamptz, closed_through = $2::date WHERE id = 1`, [
        `${TEST_MARKET_START}T09:00:00+08:00`,
        TEST_MARKET_CLOSED_THROUGH,
      ]),
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplateDatabase', template);
  return async () => {
    try {
      if (server.external) await dropDatabase(server.adminUrl, template);
    } finally {
      await server.stop();
    }
  };
}
