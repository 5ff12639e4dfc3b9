import pg from 'pg';
/**
 * Helpers for browser tests (tests/e2e/**). Use as:
 *
 *   import { e2eAvailable, launchBrowser, baseUrl } from '../setup/e2e';
 *   describe.skipIf(!e2eAvailable())('login', () => { ... });
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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

/** The app URL of a path, e.g. url('/login'). */
export function url(path: string): string {
  return `${baseUrl().replace(/\/$/, '')}${path}`;
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A browser with one page in a desktop viewport, the app language pinned to English. */
export async function openBrowserSession(): Promise<BrowserSession> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addCookies([{ name: 'lang', value: 'en', url: url('/') }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

/**
 * Signs a demo user in (password demo1234) through the login form, asking to land on `path`
 * (default: the role's home page), and waits until the browser is at `landing`.
 */
export async function signInAs(page: Page, email: string, landing: string, path?: string): Promise<void> {
  await page.goto(url(path ? `/login?callbackUrl=${encodeURIComponent(path)}` : '/login'));
  await page.fill('[data-testid=login-email]', email);
  await page.fill('[data-testid=login-password]', 'demo1234');
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((u) => u.pathname === landing);
}

/** Runs `fn` with a pg client on the app's database (tests read it to find ids and check outcomes; they never write). */
export async function withAppDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A second person approves a four-eyes request on the Approvals page (the page must be signed in
 * as an approver of the rule): its task row, the Approve dialog with a note, and the request shown
 * approved.
 */
export async function approveOnApprovalsPage(page: Page, approvalId: number, note: string): Promise<void> {
  await page.goto(url('/approvals?view=tasks'));
  await page.waitForSelector(`[data-testid=approval-${approvalId}]`);
  await page.click(`[data-testid=approval-approve-${approvalId}]`);
  await page.fill(`[data-testid=approval-approve-${approvalId}-text]`, note);
  await page.click(`[data-testid=approval-approve-${approvalId}-confirm]`);
  // Decided, the request leaves the task list.
  await page.waitForSelector(`[data-testid=approval-approve-${approvalId}]`, { state: 'detached', timeout: 30_000 });
  await page.goto(url('/approvals?view=all'));
  await page.waitForSelector(`[data-testid=approval-status-${approvalId}]`);
  const status = await page.textContent(`[data-testid=approval-status-${approvalId}]`);
  if ((status ?? '').trim() !== 'Approved') throw new Error(`request #${approvalId} is ${status} after approval`);
}

/** The request number a four-eyes submission's success message names ("Request #12 is waiting …"). */
export async function submittedRequestId(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).first().textContent({ timeout: 30_000 })) ?? '';
  const m = /#(\d+)/.exec(text);
  if (!m) throw new Error(`no request number in "${text}"`);
  return Number(m[1]);
}
