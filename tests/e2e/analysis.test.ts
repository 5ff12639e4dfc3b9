import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * The market analysis and the carbon balance sheet in the browser, on the demo data: the national
 * regulator reads supply and scarcity (a chart and a table, and the table's CSV holds the rows on
 * screen), flags auctions against the market, computes the fuel-switch price as it types; a
 * provincial regulator sees its own province only; an entity reads its balance sheet, costs its gap
 * at a price it types and enters a month's emissions. Stable selectors; English pinned.
 */
const available = await e2eAvailable();
/** A fresh sign-in: the session's cookies go, the language stays English. */
async function signOut(s: BrowserSession) {
  await s.context.clearCookies();
  await s.context.addCookies([{ name: 'lang', value: 'en', url: url('/') }]);
}
const rowsOf = (page: Page, table: string) => page.$$eval(`[data-testid=${table}] tbody tr`, (trs) => trs.map((tr) => tr.getAttribute('data-testid')));

describe.skipIf(!available)('market analysis and the balance sheet', () => {
  let session: BrowserSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('the national regulator sees supply and scarcity with a chart, a table by province, and its CSV', async () => {
    await signInAs(page, 'mee@demo.cn', '/analysis', '/analysis?year=2025');
    await page.waitForSelector('[data-testid=chart-trend] svg');
    expect(await page.textContent('[data-testid=kpi-ratio]')).toMatch(/\d\.\d\d/);
    const provinces = await rowsOf(page, 'supply-provinces');
    expect(provinces).toEqual(['supply-province-GD', 'supply-province-HB']);
    const csv = await page.request.get(url('/api/v1/analytics/2025/supply?format=csv'));
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines.filter((l) => l.startsWith('province,')).map((l) => l.split(',')[1])).toEqual(['GD', 'HB']);
  }, 120_000);

  it('flags auctions whose reserve is above the market close, and shows the cycle’s last month', async () => {
    await page.click('[data-testid=tab-market]');
    await page.waitForSelector('[data-testid=chart-market] svg');
    await page.waitForSelector('[data-testid=auctions-vs-market] tbody tr');
    expect(Number(await page.textContent('[data-testid=kpi-above]'))).toBe((await page.$$('[data-testid^=flag-]')).length);
    await page.click('[data-testid=tab-behaviour]');
    await page.waitForSelector('[data-testid=chart-months] svg');
    expect(await page.textContent('[data-testid=kpi-share]')).toMatch(/%|—/);
  }, 120_000);

  it('computes the fuel-switch price as the regulator types, and refuses an efficiency above 1', async () => {
    await page.click('[data-testid=tab-fuelSwitch]');
    await page.waitForSelector('[data-testid=fuel-calculator]');
    await page.fill('[data-testid=fuel-coalPrice]', '800');
    await page.fill('[data-testid=fuel-gasPrice]', '3.20');
    await expect.poll(() => page.textContent('[data-testid=fuel-result]')).toContain('639.62');
    await page.fill('[data-testid=fuel-coalEfficiency]', '1.5');
    await expect.poll(() => page.textContent('[data-testid=coalEfficiency-error]')).toMatch(/efficiency/i);
    await page.fill('[data-testid=fuel-coalEfficiency]', '0.38');
  }, 120_000);

  it('a provincial regulator sees its own province only', async () => {
    await signOut(session!);
    await signInAs(page, 'hb.regulator@demo.cn', '/analysis', '/analysis?year=2025&province=GD');
    await page.waitForSelector('[data-testid=supply-provinces]');
    expect(await rowsOf(page, 'supply-provinces')).toEqual(['supply-province-HB']);
    expect(await page.$('[data-testid=province-switch]')).toBeNull();
  }, 120_000);

  it('an entity sees its balance sheet, costs its gap at its own price and enters a month', async () => {
    await signOut(session!);
    await signInAs(page, 'gd.power@demo.cn', '/balance-sheet', '/balance-sheet');
    await page.waitForSelector('[data-testid=kpi-net]');
    expect(await page.$('[data-testid=liability-2025]')).not.toBeNull();
    const shortfall = Number(((await page.textContent('[data-testid=liability-2025] td:nth-child(7)')) ?? '').replace(/[^\d]/g, ''));
    if (await page.$('[data-testid=cost-price]')) {
      await page.fill('[data-testid=cost-price]', '100');
      const total = (await page.textContent('[data-testid=cost-at-price]')) ?? '';
      expect(Number(total.split('=')[1]!.replace(/[^\d.]/g, ''))).toBeGreaterThanOrEqual(shortfall * 100);
    }
    await page.fill('[data-testid=forecast-month-1]', '250000');
    await page.click('[data-testid=forecast-save]');
    await expect.poll(() => page.textContent('[data-testid=forecast-result]'), { timeout: 20_000 }).toMatch(/monthly figures/);
  }, 120_000);
});
