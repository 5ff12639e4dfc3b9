import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * Listed agreement transfer in the browser, two users side by side: a compliance entity lists
 * 1,000 t of CEA-2024 for sale, an investor takes 400 t of it; both see their balances change and
 * the trade appears on the public tape. The demo clock is in the afternoon session (seed).
 */
const available = await e2eAvailable();
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''));

async function signIn(page: Page, email: string): Promise<void> {
  await signInAs(page, email, '/trading', '/trading?symbol=CEA-2024');
  await page.waitForSelector('[data-testid=listing-form]');
}

const units = (page: Page) => page.textContent('[data-testid=kpi-units]').then(number);
const cash = (page: Page) => page.textContent('[data-testid=kpi-cash]').then(number);

describe.skipIf(!available)('listing and taking in the browser', () => {
  let seller: BrowserSession | undefined;
  let buyer: BrowserSession | undefined;
  let listingId = '';
  let price = '';

  beforeAll(async () => {
    seller = await openBrowserSession();
    buyer = await openBrowserSession();
    await signIn(seller.page, 'gd.power@demo.cn');
    await signIn(buyer.page, 'investor@demo.cn');
  }, 180_000);

  afterAll(async () => {
    await seller?.close();
    await buyer?.close();
  });

  it('the entity lists 1,000 t for sale one tick above the band low: its available allowances drop by 1,000', async () => {
    const page = seller!.page;
    const quotes = (await (await page.request.get(url('/api/v1/instruments'))).json()) as { symbol: string; listedBand: { low: string } }[];
    const low = quotes.find((q) => q.symbol === 'CEA-2024')!.listedBand.low;
    price = (Number(low) + 0.01).toFixed(2);
    const before = await units(page);

    await page.click('[data-testid=listing-side-sell]');
    await page.fill('[data-testid=listing-price]', price);
    await page.fill('[data-testid=listing-quantity]', '1000');
    await page.click('[data-testid=listing-submit]');
    await page.waitForSelector('[data-testid=listing-success]');
    await expect.poll(() => units(page), { timeout: 30_000 }).toBe(before - 1000);

    const row = page.locator('[data-testid^="my-listing-remaining-"]').first();
    await row.waitFor();
    listingId = ((await row.getAttribute('data-testid')) ?? '').replace('my-listing-remaining-', '');
    expect(number(await row.textContent())).toBe(1000);
  }, 120_000);

  it('the investor takes 400 t of that listing: 400 t more allowances, less cash', async () => {
    const page = buyer!.page;
    await page.reload();
    await page.waitForSelector(`[data-testid=takeable-${listingId}]`);
    const unitsBefore = await units(page);
    const cashBefore = await cash(page);

    await page.click(`[data-testid=takeable-${listingId}]`);
    await page.fill('[data-testid=take-quantity]', '400');
    await page.click('[data-testid=take-submit]');
    await expect.poll(() => page.textContent('[data-testid=take-result-filled]'), { timeout: 30_000 }).toMatch(/400/);
    expect(await page.textContent('[data-testid=take-result-average]')).toContain(price);

    await expect.poll(() => units(page), { timeout: 30_000 }).toBe(unitsBefore + 400);
    const paid = cashBefore - (await cash(page));
    const value = 400 * Number(price);
    // The value plus the buyer's fee (0.05 %, rounded to the fen).
    expect(paid).toBeCloseTo(value + Math.round(value * 0.0005 * 100) / 100, 2);
    expect(await page.textContent('[data-testid=bought-today]')).toMatch(/400/);
  }, 120_000);

  it('the entity sees 600 t left on its listing and the sale proceeds in its cash', async () => {
    const page = seller!.page;
    const cashBefore = await cash(page);
    await page.reload();
    await expect.poll(async () => number(await page.textContent(`[data-testid=my-listing-remaining-${listingId}]`)), { timeout: 30_000 }).toBe(600);
    const received = (await cash(page)) - cashBefore;
    const value = 400 * Number(price);
    expect(received).toBeCloseTo(value - Math.round(value * 0.0005 * 100) / 100, 2);
  }, 120_000);

  it('the trade is on the public tape', async () => {
    const page = seller!.page;
    await page.goto(url('/market?symbol=CEA-2024'));
    const newest = page.locator('[data-testid=tape-table] tbody tr').first();
    await newest.waitFor();
    const text = (await newest.textContent()) ?? '';
    expect(text).toContain(price);
    expect(text).toContain('400');
  }, 120_000);
});
