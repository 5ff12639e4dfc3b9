import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * A page of something that does not exist answers HTTP 404 (not 200 with "Not found" in it), with
 * the not-found message inside the signed-in shell. English pinned.
 */
const available = await e2eAvailable();

describe.skipIf(!available)('missing pages', () => {
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    session = await openBrowserSession();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('answers 404 to a missing auction, allocation run or registry account, and to a public auction page that does not exist', async () => {
    const page = session!.page;
    const missing = async (path: string) => {
      const response = await page.goto(url(path));
      await page.waitForSelector('[data-testid=not-found]');
      return response?.status();
    };
    expect(await missing('/market/auctions/999999')).toBe(404);

    await signInAs(page, 'mee@demo.cn', '/compliance/policy', '/compliance/policy');
    expect(await missing('/auctions/999999')).toBe(404);
    expect(await missing('/auctions/abc')).toBe(404);
    expect(await missing('/allocation/runs/999999')).toBe(404);
    expect(await page.locator('[data-testid=shell-org]').count()).toBe(1); // inside the shell

    const registry = await openBrowserSession();
    try {
      await signInAs(registry.page, 'registry@demo.cn', '/accounts', '/accounts');
      const response = await registry.page.goto(url('/accounts/999999'));
      await registry.page.waitForSelector('[data-testid=not-found]');
      expect(response?.status()).toBe(404);
    } finally {
      await registry.close();
    }
  }, 120_000);
});
