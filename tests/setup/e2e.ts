/**
 * Helpers for browser tests (tests/e2e/**). Use as:
 *
 *   import { e2eAvailable, launchBrowser, baseUrl } from '../setup/e2e';
 *   describe.skipIf(!e2eAvailable())('login', () => { ... });
 */
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

/** Flags for Debian's chromium in a container (see ENGINEERING.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** False when the e2e global setup found no Chromium (tests should skip). */
export function e2eAvailable(): boolean {
  return !inject('e2eSkip');
}

/** Base URL of the app under test, e.g. http://127.0.0.1:41234 (no trailing slash). */
export function baseUrl(): string {
  const url = inject('baseUrl');
  if (!url) throw new Error('baseUrl() called although the e2e tests are skipped: guard with e2eAvailable()');
  return url;
}

/** Database of the app under test (seeded with the demo data). */
export function e2eDatabaseUrl(): string {
  return inject('e2eDatabaseUrl');
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary profile
 * (its own --user-data-dir) and removes it on close(); close the browser in afterAll.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  if (!executablePath) throw new Error('launchBrowser() called although the e2e tests are skipped: guard with e2eAvailable()');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
