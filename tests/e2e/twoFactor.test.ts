import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, e2eDatabaseUrl, openBrowserSession, url, type BrowserSession } from '../setup/e2e';
import { authenticator } from '../support/authenticator';

/**
 * A provincial regulator turns on two-factor sign-in (TOTP) on the Security page, signs out, and
 * can then sign in only with a valid one-time code; finally turns it off again. Codes come from
 * the same RFC 6238 implementation as the server's (the role of the authenticator app).
 *
 * Uses hb.regulator@demo.cn, whom no other browser test signs in with, and resets the user's
 * two-factor columns afterwards in any case, so the shared demo data stays usable.
 * Stable selectors only (data-testid); the page language is pinned to English.
 */
const available = await e2eAvailable();
const EMAIL = 'hb.regulator@demo.cn';
const PASSWORD = 'demo1234';

const { freshCode, wrongCode } = authenticator();

async function resetTwoFactor(): Promise<void> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    await client.query('UPDATE app_user SET totp_enabled = false, totp_secret = NULL, totp_last_step = NULL WHERE email = $1', [EMAIL]);
  } finally {
    await client.end();
  }
}

async function storedTwoFactor(): Promise<{ enabled: boolean; hasSecret: boolean }> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    const r = await client.query<{ totp_enabled: boolean; totp_secret: string | null }>('SELECT totp_enabled, totp_secret FROM app_user WHERE email = $1', [EMAIL]);
    return { enabled: r.rows[0]!.totp_enabled, hasSecret: r.rows[0]!.totp_secret !== null };
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)('two-factor sign-in in the browser', () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let secret = '';

  const signIn = async (otp?: string) => {
    await page.fill('[data-testid=login-email]', EMAIL);
    await page.fill('[data-testid=login-password]', PASSWORD);
    await page.fill('[data-testid=login-otp]', otp ?? '');
    await page.click('[data-testid=login-submit]');
  };

  beforeAll(async () => {
    await resetTwoFactor();
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (available) await resetTwoFactor();
  });

  it('sends a signed-out visitor of /security to sign-in and back to /security afterwards', async () => {
    await page.goto(url('/security'));
    await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('callbackUrl') === '/security');
    await signIn();
    await page.waitForURL((u) => u.pathname === '/security');
    expect(await page.textContent('[data-testid=two-factor-status]')).toBe('Not enabled');
    expect(await page.locator('[data-testid=nav-security]').count()).toBe(1);
    // the user's own browser sessions (this one marked) and API tokens (issue 13 §4)
    await page.waitForSelector('[data-testid=sessions-card] [data-testid=session-current]');
    await page.waitForSelector('[data-testid=tokens-card]');
  }, 120_000);

  it('sets up two-factor sign-in: key in blocks of four, URI, inline code validation, wrong code refused', async () => {
    await page.click('[data-testid=totp-start]');
    const shown = (await page.locator('[data-testid=totp-secret]').textContent()) ?? '';
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    secret = shown.replace(/\s+/g, '');
    expect(secret).toHaveLength(32);
    const uri = (await page.locator('[data-testid=totp-uri]').textContent()) ?? '';
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(uri).toContain(`secret=${secret}`);
    // the QR code of the URI, drawn on the server as SVG
    expect(await page.getAttribute('[data-testid=totp-qr]', 'src')).toMatch(/^data:image\/svg\+xml/);
    expect(await storedTwoFactor()).toEqual({ enabled: false, hasSecret: true });

    await page.fill('[data-testid=totp-code]', '12');
    await expect.poll(() => page.textContent('[data-testid=otp-error]')).toBe('Enter the 6 digits your app shows.');

    await page.fill('[data-testid=totp-code]', wrongCode(secret));
    await page.click('[data-testid=totp-confirm]');
    await expect.poll(() => page.textContent('[data-testid=otp-error]')).toMatch(/wrong, has expired or was already used/);
    expect(await page.textContent('[data-testid=two-factor-status]')).toBe('Not enabled');

    await page.fill('[data-testid=totp-code]', await freshCode(secret));
    await page.click('[data-testid=totp-confirm]');
    await expect.poll(() => page.textContent('[data-testid=two-factor-status]'), { timeout: 30_000 }).toBe('Enabled');
    await page.waitForSelector('[data-testid=totp-disable-form]');
    expect(await storedTwoFactor()).toEqual({ enabled: true, hasSecret: true });
  }, 120_000);

  it('after signing out, sign-in needs a valid code', async () => {
    await page.click('[data-testid=sign-out]');
    await page.waitForURL((u) => u.pathname === '/login');

    await signIn();
    // (the alert's text starts with its icon)
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toContain('Enter the 6-digit code from your authenticator app.');
    expect(new URL(page.url()).pathname).toBe('/login');

    await signIn(wrongCode(secret));
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toContain('The one-time code is wrong, expired or already used.');
    expect(new URL(page.url()).pathname).toBe('/login');

    await signIn(await freshCode(secret));
    await page.waitForURL((u) => u.pathname === '/organisations');
    expect(await page.textContent('[data-testid=shell-user]')).toContain(EMAIL);
  }, 120_000);

  it('turns two-factor sign-in off again with a current code', async () => {
    await page.goto(url('/security'));
    expect(await page.textContent('[data-testid=two-factor-status]')).toBe('Enabled');
    await page.fill('[data-testid=totp-disable-code]', wrongCode(secret));
    await page.click('[data-testid=totp-disable]');
    await expect.poll(() => page.textContent('[data-testid=otp-error]')).toMatch(/wrong, has expired or was already used/);

    await page.fill('[data-testid=totp-disable-code]', await freshCode(secret));
    await page.click('[data-testid=totp-disable]');
    await expect.poll(() => page.textContent('[data-testid=two-factor-status]'), { timeout: 30_000 }).toBe('Not enabled');
    expect(await storedTwoFactor()).toEqual({ enabled: false, hasSecret: false });
  }, 120_000);
});
