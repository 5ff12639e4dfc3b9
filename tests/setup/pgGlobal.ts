/**
 * Global setup of the `integration` project: one PostgreSQL server for the run and a template
 * database with every migration applied. Each test file clones the template
 * (tests/setup/integrationDb.ts), which takes milliseconds.
 */
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrate';
import { dropDatabase, recreateDatabase, startTestPgServer } from './pgServer';

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
