import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';
import { csvRecords } from '../support/csv';

/**
 * Exports in the browser: a table's "Download CSV" gives a file with the rows on screen (the API's
 * CSV of the list with the page's filters, or the table's own rows), and the movements page's
 * statement form checks its dates inline and downloads a PDF. Demo data, English pages.
 */
const available = await e2eAvailable();

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

describe.skipIf(!available)('exports in the browser', () => {
  let session: BrowserSession | undefined;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('downloads the movements as CSV with the filters applied: every row on screen is in the file', async () => {
    await signInAs(page, 'gd.power@demo.cn', '/holdings');
    await page.goto(url('/movements?instrument=CEA&limit=10'));
    const shown = await page.locator('tr[data-testid^="movement-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!.slice('movement-'.length)));
    expect(shown.length).toBeGreaterThan(0);
    const link = page.locator('[data-testid=movements-table-csv]');
    expect(await link.textContent()).toBe('Download CSV');
    expect(await link.getAttribute('href')).toMatch(/format=csv/);

    const { download, bytes } = await downloadOf(page, () => link.click());
    expect(download.suggestedFilename()).toMatch(/^accounts-\d+-movements\.csv$/);
    const csv = csvRecords(bytes);
    expect(csv.header).toContain('entryId');
    const ids = new Set(csv.rows.map((r) => r.entryId));
    for (const id of shown) expect(ids.has(id), `movement ${id} on screen`).toBe(true);
    expect(csv.rows.length).toBeGreaterThanOrEqual(shown.length); // every page, not only the 10 on screen
    expect(new Set(csv.rows.map((r) => r.instrument))).toEqual(new Set(['CEA']));
  }, 120_000);

  it('checks the statement period inline, then downloads the statement as a PDF', async () => {
    await page.goto(url('/movements'));
    const form = page.locator('[data-testid=statement-form]');
    await form.waitFor();
    const from = await page.inputValue('[data-testid=statement-from]');
    const to = await page.inputValue('[data-testid=statement-to]');
    expect(from).toMatch(/^\d{4}-\d{2}-01$/);
    expect(to >= from).toBe(true);

    // The end before the start: named inline, and nothing is downloaded.
    await page.fill('[data-testid=statement-to]', '2020-01-01');
    await expect.poll(() => page.textContent('[data-testid=statement-to-error]')).toBe(`Must be at least ${from}.`);
    await page.click('[data-testid=statement-download]');
    expect(page.url()).toMatch(/\/movements$/);

    await page.fill('[data-testid=statement-from]', '2020-01-01');
    await page.fill('[data-testid=statement-to]', to);
    await expect.poll(() => page.locator('[data-testid=statement-to-error]').count()).toBe(0);
    const { download, bytes } = await downloadOf(page, () => page.click('[data-testid=statement-download]'));
    expect(download.suggestedFilename()).toMatch(new RegExp(`^statement-.+-2020-01-01-${to}\\.pdf$`));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('downloads a table without an API list as its own rows (the compliance cycles), in the current order', async () => {
    await session!.context.clearCookies();
    await session!.context.addCookies([{ name: 'lang', value: 'en', url: url('/') }]);
    await signInAs(page, 'mee@demo.cn', '/compliance/policy', '/compliance/policy');
    const rows = page.locator('[data-testid=cycles-table] tbody tr');
    await rows.first().waitFor();
    const onScreen = await rows.evaluateAll((trs) => trs.map((tr) => (tr.querySelector('td')?.textContent ?? '').trim()));
    const button = page.locator('[data-testid=cycles-table-csv]');
    expect(await button.textContent()).toBe('Download CSV');
    const { download, bytes } = await downloadOf(page, () => button.click());
    expect(download.suggestedFilename()).toBe('cycles-table.csv');
    const csv = csvRecords(bytes);
    // Every column but the action buttons, under the headers on screen.
    const headers = (await page.locator('[data-testid=cycles-table] thead th').allTextContents()).map((h) => h.replace(/[▲▼↕]/g, '').trim());
    expect(csv.header).toEqual(headers.slice(0, csv.header.length));
    expect(csv.header.length).toBeGreaterThanOrEqual(4);
    // Every row of the table, in the order on screen; the years as plain numbers.
    expect(csv.rows.length).toBe(onScreen.length);
    for (const [i, text] of onScreen.entries()) expect(csv.rows[i]![csv.header[0]!], `row ${i}`).toBe(text);
    expect(csv.rows.every((r) => /^\d{4}$/.test(r[csv.header[0]!]!))).toBe(true);
  }, 120_000);

  it('downloads the cash balances of every member from the API list (the table shows one page of them)', async () => {
    await session!.context.clearCookies();
    await session!.context.addCookies([{ name: 'lang', value: 'en', url: url('/') }]);
    await signInAs(page, 'exchange@demo.cn', '/cash', '/cash');
    const rows = page.locator('[data-testid=cash-table] tbody tr');
    await rows.first().waitFor();
    const button = page.locator('[data-testid=cash-table-csv]');
    expect(await button.getAttribute('href')).toContain('format=csv');
    const { bytes } = await downloadOf(page, () => button.click());
    const csv = csvRecords(bytes);
    expect(csv.rows.length).toBeGreaterThanOrEqual(await rows.count());
    expect(csv.header).toEqual(expect.arrayContaining(['accountId', 'available', 'locked', 'total']));
    expect(csv.rows.every((r) => /^\d+\.\d{2}$/.test(r.available!))).toBe(true);
  }, 120_000);

  it('reads "下载 CSV" in Chinese', async () => {
    await session!.context.addCookies([{ name: 'lang', value: 'zh', url: url('/') }]);
    await page.goto(url('/cash'));
    expect(await page.locator('[data-testid=cash-table-csv]').textContent()).toBe('下载 CSV');
  }, 60_000);
});
