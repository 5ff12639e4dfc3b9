import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../setup/pgServer';
import { e2eAvailable, e2eDatabaseUrl, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * Closing a compliance year in the browser, and the public compliance report. The demo data has
 * 2023 and 2024 closed in both provinces (a Hubei entity, Xiangyang Hanshui Power, corrected its
 * 2024 shortfall after the close) and 2025's surrender deadline still ahead of the demo day. So that
 * a regulator can preview a close, the test moves 2025's deadline to the day before the demo
 * clock's date in the shared database, and puts it back afterwards; it opens the confirmation and
 * cancels it, closing nothing. Figures are read from the page and checked against each other.
 * Stable selectors only; English pinned.
 */
const available = await e2eAvailable();

const tonnesOf = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));
const text = (page: Page, selector: string) => page.locator(selector).first().textContent().then((s) => (s ?? '').trim());

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return withClient(e2eDatabaseUrl(), async (client) => (await client.query(query, params)).rows as T[]);
}

describe.skipIf(!available)('closing a compliance year in the browser', () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let deadline: string | undefined;

  beforeAll(async () => {
    const [cycle] = await sql<{ deadline: string; yesterday: string }>(
      `SELECT surrender_deadline::text AS deadline, ((market_now() AT TIME ZONE 'Asia/Shanghai')::date - 1)::text AS yesterday FROM compliance_cycle WHERE year = 2025`,
    );
    deadline = cycle!.deadline;
    expect(cycle!.yesterday < deadline, 'the demo day is before the 2025 deadline').toBe(true);
    await sql('UPDATE compliance_cycle SET surrender_deadline = $1 WHERE year = 2025', [cycle!.yesterday]);
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    if (deadline) await sql('UPDATE compliance_cycle SET surrender_deadline = $1 WHERE year = 2025', [deadline]);
    await session?.close();
  });

  it('the Guangdong regulator previews the 2025 close: each entity that falls short, the totals, and a confirmation it can cancel', async () => {
    await signInAs(page, 'gd.regulator@demo.cn', '/compliance/close', '/compliance/close?year=2025');
    await page.waitForSelector('[data-testid=close-table]');
    const rows = page.locator('[data-testid=close-table] tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    expect(tonnesOf(await text(page, '[data-testid=close-kpi-entities]'))).toBe(n);

    // Each line: shortfall = obligation − surrendered, the fine is the bottom of its range, the deduction is the shortfall.
    let shortfall = 0;
    for (let i = 0; i < n; i++) {
      const cells = (await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim());
      const [, obligation, surrendered, gap, fine, deduction] = cells;
      expect(tonnesOf(gap!)).toBe(tonnesOf(obligation!) - tonnesOf(surrendered!));
      expect(tonnesOf(deduction!)).toBe(tonnesOf(gap!));
      const [imposed, low] = /(¥[\d,.]+)(¥[\d,.]+) – ¥[\d,.]+/.exec(fine!)!.slice(1);
      expect(imposed).toBe(low);
      shortfall += tonnesOf(gap!);
    }
    expect(tonnesOf(await text(page, '[data-testid=close-kpi-shortfall]'))).toBe(shortfall);
    expect(tonnesOf((await page.locator('[data-testid=close-totals] td').allTextContents())[3]!)).toBe(shortfall);
    expect(await text(page, '[data-testid=close-province-GD]')).toContain('Open');

    await page.click('[data-testid=close-year]');
    await page.waitForSelector('[data-testid=close-year-confirm]', { state: 'visible' });
    expect(await text(page, 'dialog[open] .dialog-body')).toContain(`This records ${n} penalties`);
    await page.click('dialog[open] >> text=Cancel');
    await page.waitForSelector('[data-testid=close-year-confirm]', { state: 'hidden' });
    // Cancelled: nothing closed, nothing penalised.
    expect(await sql('SELECT 1 FROM compliance_year_closing WHERE year = 2025 UNION ALL SELECT 1 FROM penalty WHERE year = 2025')).toEqual([]);
  }, 180_000);

  it('a closed year shows when and by whom, and the penalties recorded', async () => {
    await page.goto(url('/compliance/close?year=2024'));
    await page.waitForSelector('[data-testid=close-already]');
    expect(await text(page, '[data-testid=close-province-GD]')).toMatch(/Closed \d{4}-\d{2}-\d{2} \d{2}:\d{2} by /);
  }, 60_000);

  it('the Hubei regulator sees only Hubei', async () => {
    const hubei = await openBrowserSession();
    try {
      await signInAs(hubei.page, 'hb.regulator@demo.cn', '/compliance/close', '/compliance/close?year=2025');
      await hubei.page.waitForSelector('[data-testid=close-province-HB]');
      expect(await hubei.page.locator('[data-testid=close-province-GD]').count()).toBe(0);
      const ids = (await hubei.page.locator('[data-testid=close-table] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).map((id) => Number(id!.replace('close-line-', '')));
      expect(ids.length).toBeGreaterThan(0);
      const provinces = await sql<{ province_code: string }>('SELECT DISTINCT province_code FROM organisation WHERE id = ANY($1::int[])', [ids]);
      expect(provinces).toEqual([{ province_code: 'HB' }]);
    } finally {
      await hubei.close();
    }
  }, 120_000);

  it('the national regulator’s penalties page shows the correction after the 2024 close, and the entity sees its deduction reduced', async () => {
    const [xy] = await sql<{ id: number }>(`SELECT id FROM organisation WHERE name = 'Xiangyang Hanshui Power Co., Ltd.'`);
    const mee = await openBrowserSession();
    try {
      await signInAs(mee.page, 'mee@demo.cn', '/compliance/penalties', '/compliance/penalties?year=2024');
      await mee.page.waitForSelector(`[data-testid=penalty-${xy!.id}]`);
      expect(tonnesOf(await text(mee.page, `[data-testid=penalty-corrected-${xy!.id}]`))).toBeGreaterThan(0);
    } finally {
      await mee.close();
    }
    const entity = await openBrowserSession();
    try {
      await signInAs(entity.page, 'xy.power@demo.cn', '/compliance', '/compliance?year=2024');
      await entity.page.waitForSelector('[data-testid=penalty-card]');
      expect(await text(entity.page, '[data-testid=penalty-corrected]')).toMatch(/the deduction was reduced by [\d,]+ t\. The fine stands\./);
    } finally {
      await entity.close();
    }
  }, 180_000);

  it('the public report answers without sign-in: 2024 published with its entities and a CSV; 2025 not yet closed', async () => {
    const visitor = await openBrowserSession();
    try {
      await visitor.page.goto(url('/public/compliance?year=2024'));
      await visitor.page.waitForSelector('[data-testid=public-entity-table]');
      expect(await visitor.page.locator('[data-testid=public-entity-table] tbody tr').count()).toBeGreaterThan(0);
      for (const p of ['GD', 'HB']) expect(await visitor.page.locator(`[data-testid=public-province-${p}]`).count()).toBe(1);
      const href = await visitor.page.getAttribute('[data-testid=public-csv]', 'href');
      expect(href).toContain('/api/v1/public/compliance/2024?format=csv');
      const csv = await visitor.page.request.get(url(href!));
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const body = await csv.body();
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(body.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^organisationId,name,nameZh,provinceCode/);

      await visitor.page.goto(url('/public/compliance?year=2025'));
      await visitor.page.waitForSelector('[data-testid=public-empty]');
    } finally {
      await visitor.close();
    }
  }, 120_000);
});
