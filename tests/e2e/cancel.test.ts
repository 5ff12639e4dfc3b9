import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * A compliance entity cancels allowances voluntarily (自愿注销) in the browser: the available
 * balance drops by exactly the cancelled quantity and the movement shows up in Movements.
 * Stable selectors only (data-testid); the page language is pinned to English.
 */
const available = await e2eAvailable();
const tonnesOf = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));

describe.skipIf(!available)('voluntary cancellation in the browser', () => {
  let session: BrowserSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('signs in as a demo entity and sees its holdings', async () => {
    await signInAs(page, 'gd.power@demo.cn', '/holdings');
    await page.waitForSelector('[data-testid=holding-CEA-2024]');
    expect(tonnesOf(await page.textContent('[data-testid=available-CEA-2024]'))).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('refuses more than is available before submitting', async () => {
    const before = tonnesOf(await page.textContent('[data-testid=available-CEA-2024]'));
    await page.selectOption('[data-testid=cancel-instrument]', 'CEA');
    await page.selectOption('[data-testid=cancel-vintage]', '2024');
    await page.fill('[data-testid=cancel-quantity]', String(before + 1));
    await expect.poll(() => page.textContent('[data-testid=quantity-error]')).toMatch(/available/);
  }, 60_000);

  it('cancels 10 t of CEA-2024: available drops by exactly 10 and the movement is listed', async () => {
    const before = tonnesOf(await page.textContent('[data-testid=available-CEA-2024]'));
    const reason = `E2E carbon-neutral event ${Date.now()}`;
    await page.selectOption('[data-testid=cancel-vintage]', '2024');
    await page.fill('[data-testid=cancel-quantity]', '10');
    await page.fill('[data-testid=cancel-reason]', reason);
    await page.click('[data-testid=cancel-submit]');
    await page.click('[data-testid=cancel-confirm]');
    await expect.poll(() => page.textContent('[data-testid=cancel-success]'), { timeout: 30_000 }).toMatch(/Cancelled 10 t of CEA-2024/);
    await expect
      .poll(async () => tonnesOf(await page.textContent('[data-testid=available-CEA-2024]')), { timeout: 30_000 })
      .toBe(before - 10);

    await page.goto(url('/movements?type=VOLUNTARY_CANCELLATION&instrument=CEA&vintage=2024'));
    const row = page.locator('tr[data-testid^="movement-"]', { hasText: reason });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.locator('[data-testid=movement-type]').textContent()).toBe('Voluntary cancellation');
    expect(tonnesOf(await row.locator('[data-testid=movement-available]').textContent())).toBe(-10);
  }, 120_000);
});
