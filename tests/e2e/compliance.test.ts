import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, type BrowserSession } from '../setup/e2e';

/**
 * A covered entity closes its 2025 compliance gap in the browser (清缴): the demo seed leaves
 * gd.power with a verified 2025 report and a partial surrender, so the status is IN_PROGRESS with
 * a gap G > 0. Surrendering exactly G t of CEA-2024 through the form makes it COMPLIANT with a gap
 * of 0. The gap is read from the page. Stable selectors only; the page language is pinned to English.
 */
const available = await e2eAvailable();
const tonnesOf = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));

const status = (page: Page) => page.textContent('[data-testid=compliance-status]').then((s) => (s ?? '').trim());
const gap = (page: Page) => page.textContent('[data-testid=compliance-gap]').then(tonnesOf);
const surrendered = (page: Page) => page.textContent('[data-testid=compliance-surrendered]').then(tonnesOf);

describe.skipIf(!available)('surrender in the browser', () => {
  let session: BrowserSession | undefined;
  let page: Page;
  let g = 0;

  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('the entity opens its 2025 compliance page: in progress, with a gap to close', async () => {
    await signInAs(page, 'gd.power@demo.cn', '/compliance', '/compliance?year=2025');
    await page.waitForSelector('[data-testid=surrender-form]');
    expect(await page.getAttribute('[data-testid=year-2025]', 'aria-current')).toBe('page');

    expect(await status(page)).toBe('In progress');
    expect(tonnesOf(await page.textContent('[data-testid=compliance-obligation]'))).toBeGreaterThan(0);
    g = await gap(page);
    expect(g).toBeGreaterThan(0);
    expect(g).toBe(tonnesOf(await page.textContent('[data-testid=compliance-obligation]')) - (await surrendered(page)));
  }, 120_000);

  it('refuses more CEA-2024 than is available before submitting', async () => {
    await page.selectOption('[data-testid=surrender-instrument]', 'CEA');
    await page.selectOption('[data-testid=surrender-vintage]', '2024');
    const option = await page.textContent('[data-testid=surrender-vintage] option[value="2024"]');
    const held = Number((/([\d,]+) t available/.exec(option ?? '')?.[1] ?? '').replace(/,/g, ''));
    expect(held).toBeGreaterThanOrEqual(g);
    await page.fill('[data-testid=surrender-quantity]', String(held + 1));
    await expect.poll(() => page.textContent('[data-testid=quantity-error]')).toMatch(/available/);
  }, 60_000);

  it('refuses CCER from its own solar project (a covered entity’s) before submitting', async () => {
    await page.selectOption('[data-testid=surrender-instrument]', 'CCER');
    await page.selectOption('[data-testid=surrender-vintage]', '2023');
    await page.fill('[data-testid=surrender-quantity]', '1');
    await expect.poll(() => page.textContent('[data-testid=quantity-error]')).toMatch(/Only 0 t of this vintage come from projects eligible as offsets/);
    await page.selectOption('[data-testid=surrender-instrument]', 'CEA');
  }, 60_000);

  it('surrenders exactly the gap of CEA-2024: compliant, gap 0', async () => {
    const before = await surrendered(page);
    await page.selectOption('[data-testid=surrender-vintage]', '2024');
    await page.fill('[data-testid=surrender-quantity]', String(g));
    await page.click('[data-testid=surrender-submit]');
    await page.click('[data-testid=surrender-confirm]');
    await expect.poll(() => page.textContent('[data-testid=surrender-success]'), { timeout: 30_000 }).toMatch(/Surrendered [\d,]+ t of CEA-2024 for 2025/);

    await expect.poll(() => status(page), { timeout: 30_000 }).toBe('Compliant');
    expect(await gap(page)).toBe(0);
    expect(await surrendered(page)).toBe(before + g);

    // The same after a fresh load: the page reads the stored status.
    await page.reload();
    await page.waitForSelector('[data-testid=compliance-status]');
    expect(await status(page)).toBe('Compliant');
    expect(await gap(page)).toBe(0);
  }, 120_000);
});
