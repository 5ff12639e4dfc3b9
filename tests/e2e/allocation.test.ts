import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, type BrowserSession } from '../setup/e2e';

/**
 * Four eyes on an allocation run (双人复核), in the browser: the demo seed leaves Guangdong's 2026
 * pre-allocation prepared by gd.regulator and waiting. Its preparer sees that it waits for a second
 * regulator and has no Confirm button; gd.regulator2 confirms it, and every line's quantity moves
 * (the moved column equals the planned quantity). Stable selectors only; English pinned.
 */
const available = await e2eAvailable();
const tonnesOf = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));

async function openGuangdongRun(page: Page): Promise<string> {
  await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/allocation?year=2026`);
  const link = page.locator('[data-testid^=run-link-]').first();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/allocation\/runs\/\d+/);
  await page.goto(new URL(href!, page.url()).toString());
  await page.waitForSelector('[data-testid=run-decision]');
  return href!;
}

describe.skipIf(!available)('allocation run confirmed by a second regulator', () => {
  let preparer: BrowserSession | undefined;
  let second: BrowserSession | undefined;
  let runHref = '';

  beforeAll(async () => {
    preparer = await openBrowserSession();
    second = await openBrowserSession();
  }, 120_000);

  afterAll(async () => {
    await preparer?.close();
    await second?.close();
  });

  it('the regulator who prepared the run cannot confirm it: it waits for a second one', async () => {
    const page = preparer!.page;
    await signInAs(page, 'gd.regulator@demo.cn', '/allocation', '/allocation?year=2026');
    runHref = await openGuangdongRun(page);
    expect(await page.isVisible('[data-testid=run-waiting]')).toBe(true);
    expect(await page.locator('[data-testid=run-confirm]').count()).toBe(0);
  }, 120_000);

  it('a second Guangdong regulator confirms it and every planned quantity moves', async () => {
    const page = second!.page;
    await signInAs(page, 'gd.regulator2@demo.cn', '/allocation', '/allocation?year=2026');
    expect(await openGuangdongRun(page)).toBe(runHref);
    const ids = await page.$$eval('tr[data-testid^=line-]', (trs) => trs.map((tr) => tr.getAttribute('data-testid')!.slice('line-'.length)));
    expect(ids.length).toBeGreaterThan(0);
    const planned = new Map<string, number>();
    for (const id of ids) planned.set(id, tonnesOf(await page.textContent(`[data-testid=line-${id}-quantity]`)));
    expect([...planned.values()].some((q) => q > 0)).toBe(true);
    await page.click('[data-testid=run-confirm]');
    await page.click('[data-testid=run-confirm-confirm]');
    await expect.poll(() => page.locator('[data-testid=run-confirm]').count(), { timeout: 30_000 }).toBe(0);
    // Each line moved exactly what was planned (a flagged line plans and moves 0).
    for (const [id, q] of planned) {
      await expect.poll(async () => tonnesOf(await page.locator(`[data-testid=line-${id}-moved] .cell-stack > :first-child`).textContent().catch(() => null)), { timeout: 30_000 }).toBe(q);
    }
  }, 120_000);
});
