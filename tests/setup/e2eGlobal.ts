/**
 * Global setup of the `e2e` project: a real browser against the real, built app.
 *
 * Without Chromium the browser tests are skipped with one line of explanation, unless
 * REQUIRE_E2E=1 (CI), which makes that an error. With Chromium: fresh database (embedded
 * PostgreSQL, or TEST_DATABASE_URL's server), migrations + demo seed, `next build` (skipped with
 * E2E_SKIP_BUILD=1 when a build exists), `next start` on a free port, wait until it answers.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../../src/db/embedded';
import { appServerEnv, startAppServer, type AppServer } from './appServer';
import { dropDatabase, recreateDatabase, startTestPgServer, type TestPgServer } from './pgServer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** True when the browser tests cannot run here (no Chromium and REQUIRE_E2E unset). */
    e2eSkip: boolean;
    /** Base URL of the running app, e.g. http://127.0.0.1:41234 ('' when skipped). */
    baseUrl: string;
    /** Database the app under test uses, for assertions on stored state ('' when skipped). */
    e2eDatabaseUrl: string;
    /** Chromium executable ('' when skipped). */
    chromiumPath: string;
  }
}

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const tsxBin = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/** Runs a command to completion, keeping its output for the error message. */
function runQuiet(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`[e2e] ${what} failed (exit code ${code}):\n${output.slice(-8_000)}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const chromium = findChromium();
  if (!chromium) {
    if (process.env.REQUIRE_E2E === '1') {
      throw new Error(
        'e2e: Chromium not found and REQUIRE_E2E=1 — install it with: apt-get install -y chromium (or set CHROMIUM_PATH)',
      );
    }
    console.log('e2e skipped: no Chromium — install with: apt-get install -y chromium (or set CHROMIUM_PATH)');
    project.provide('e2eSkip', true);
    project.provide('baseUrl', '');
    project.provide('e2eDatabaseUrl', '');
    project.provide('chromiumPath', '');
    return undefined;
  }

  let server: TestPgServer | undefined;
  let app: AppServer | undefined;
  const database = process.env.TEST_DATABASE_URL ? `cax_e2e_${process.pid}` : 'cax_e2e';
  const teardown = async () => {
    if (app) await app.stop();
    if (server) {
      if (server.external) await dropDatabase(server.adminUrl, database).catch(() => undefined);
      await server.stop();
    }
  };

  try {
    server = await startTestPgServer('e2e');
    await recreateDatabase(server.adminUrl, database);
    const databaseUrl = server.urlFor(database);
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = appServerEnv(databaseUrl, port);

    // Migrations + demo data, through the same CLI a developer uses.
    await runQuiet([tsxBin, 'scripts/seed.ts'], env, 'migrating and seeding the e2e database');

    const hasBuild = existsSync(path.join(root, '.next', 'BUILD_ID'));
    if (process.env.E2E_SKIP_BUILD === '1' && hasBuild) {
      console.log('[e2e] E2E_SKIP_BUILD=1: using the existing build in .next');
    } else {
      const started = Date.now();
      console.log('[e2e] next build ...');
      await runQuiet([nextBin, 'build'], env, 'next build');
      console.log(`[e2e] next build done in ${Math.round((Date.now() - started) / 1000)} s`);
    }

    app = await startAppServer(env, port);

    project.provide('e2eSkip', false);
    project.provide('baseUrl', baseUrl);
    project.provide('e2eDatabaseUrl', databaseUrl);
    project.provide('chromiumPath', chromium);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
