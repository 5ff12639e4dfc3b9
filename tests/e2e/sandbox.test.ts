import { afterAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, url, withAppDb, type BrowserSession } from '../setup/e2e';

/**
 * The policy sandbox in the browser (issue 15), on the demo's recorded year 2024: the national
 * regulator creates a scenario with a 10 % lower cap, which runs at once; its page shows the deficit
 * and the cost grown against the policy in force, with the charts by province, industry and size and
 * the entities' CSV. A field the rules refuse is told beside it; a colleague reads the scenario but
 * is offered neither run nor delete; the creator deletes it. Scenarios of one year and scope compare
 * side by side.
 */
const available = await e2eAvailable();
const kpi = (text: string | null) => Number((text ?? '').split('/')[0]!.replace(/[^\d.]/g, ''));

describe.skipIf(!available)('the policy sandbox', () => {
  const sessions: BrowserSession[] = [];
  afterAll(async () => {
    for (const s of sessions) await s.close();
  });

  it('a 10 % lower cap: the regulator sees the deficit and its cost change, shares it read-only, and deletes it', async () => {
    const session = await openBrowserSession();
    sessions.push(session);
    const { page } = session;
    await signInAs(page, 'mee@demo.cn', '/sandbox', '/sandbox');
    const name = `Cap −10 % ${Date.now()}`;
    await page.fill('[data-testid=scenario-name]', name);
    await page.selectOption('[data-testid=scenario-year]', '2024');
    // A cut of more than 100 % is refused beside the field, before anything is sent.
    await page.fill('[data-testid=scenario-cap]', '-150');
    await page.click('[data-testid=scenario-submit]');
    await expect.poll(() => page.textContent('[data-testid="cap.value-error"]'), { timeout: 10_000 }).toBeTruthy();
    await page.fill('[data-testid=scenario-cap]', '-10');
    await page.click('[data-testid=scenario-submit]');
    await page.waitForURL(/\/sandbox\/\d+$/, { timeout: 30_000 });
    const id = Number(/\/sandbox\/(\d+)$/.exec(page.url())![1]);
    await page.waitForSelector('[data-testid=kpi-deficit]');
    for (const chart of ['chart-province', 'chart-industry', 'chart-size']) await page.waitForSelector(`[data-testid=${chart}] svg`);
    // The deficit and its cost beside the policy in force: both grew.
    const deficit = await page.textContent('[data-testid=figure-deficit]');
    const cells = (await page.$$eval('[data-testid=figure-deficit] td', (tds) => tds.map((td) => td.textContent ?? ''))).map((c) => Number(c.replace(/[^\d]/g, '')));
    expect(cells[2]!, deficit ?? '').toBeGreaterThan(cells[1]!);
    const cost = (await page.$$eval('[data-testid=figure-cost] td', (tds) => tds.map((td) => td.textContent ?? ''))).map((c) => Number(c.replace(/[^\d.]/g, '')));
    expect(cost[2]!).toBeGreaterThan(cost[1]!);
    expect(kpi(await page.textContent('[data-testid=kpi-deficit]'))).toBe(cells[2]);
    expect(await page.textContent('[data-testid=scenario-changes]')).toContain('-10 %');
    // The entities' CSV: one line per entity of the year.
    const csv = await page.request.get(url(`/api/v1/sandbox/scenarios/${id}/result?format=csv`));
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).trim().split(/\r\n/).length).toBeGreaterThan(5);

    // Another national regulator reads it, without the creator's buttons.
    const colleague = await openBrowserSession();
    sessions.push(colleague);
    await signInAs(colleague.page, 'mee2@demo.cn', `/sandbox/${id}`, `/sandbox/${id}`);
    await colleague.page.waitForSelector('[data-testid=scenario-read-only]');
    expect(await colleague.page.$('[data-testid=scenario-run]')).toBeNull();
    expect(await colleague.page.$('[data-testid=scenario-delete]')).toBeNull();

    // The creator deletes it (after confirming); the list no longer has it.
    await page.click('[data-testid=scenario-delete]');
    await page.click('[data-testid=scenario-delete-confirm]');
    await page.waitForURL(/\/sandbox$/, { timeout: 20_000 });
    await expect.poll(async () => page.$(`[data-testid=scenario-${id}]`), { timeout: 10_000 }).toBeNull();
  }, 180_000);

  it('compares scenarios side by side with the policy in force and what happened, of one year and scope', async () => {
    const demo = await withAppDb(async (c) => (await c.query<{ id: number; name: string }>(`SELECT id, name FROM sandbox_scenario WHERE ran_at IS NOT NULL ORDER BY id LIMIT 2`)).rows);
    expect(demo).toHaveLength(2);
    const ids = demo.map((d) => d.id);
    const session = await openBrowserSession();
    sessions.push(session);
    const { page } = session;
    await signInAs(page, 'mee@demo.cn', '/sandbox', '/sandbox');
    for (const id of ids) await page.check(`[data-testid=compare-pick-${id}]`);
    await page.click('[data-testid=compare-submit]');
    await page.waitForURL(/\/sandbox\/compare\?/, { timeout: 20_000 });
    await page.waitForSelector('[data-testid=compare-chart] svg');
    // Figure, what happened, the policy in force, and the first scenario; the other, national where the
    // first is Guangdong's (or the reverse), is left out: the policy in force and what happened differ.
    expect(await page.$$eval('[data-testid=compare-table] thead th', (ths) => ths.length)).toBe(4);
    const heads = (await page.textContent('[data-testid=compare-table] thead')) ?? '';
    const leftOut = (await page.textContent('[data-testid=compare-left-out]')) ?? '';
    expect(demo.filter((d) => heads.includes(d.name))).toHaveLength(1);
    expect(demo.filter((d) => leftOut.includes(d.name))).toHaveLength(1);
    expect(await page.textContent('[data-testid=compare-issued] td:nth-child(2)')).toMatch(/\d/);
  }, 120_000);
});
