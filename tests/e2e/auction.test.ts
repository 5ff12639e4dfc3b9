import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveOnApprovalsPage, e2eAvailable, openBrowserSession, signInAs, submittedRequestId, url, type BrowserSession } from '../setup/e2e';

/**
 * A one-way auction in the browser: the exchange operator creates one (10,000 t of CEA-2024,
 * reserve 40.00, uniform price, full guarantee, a per-bidder maximum of 8,000 t) whose window
 * opens a minute after the demo clock's time and closes a minute later, announces it and opens it
 * at once; Guangzhou Pearl River Power bids 6,000 t at 45.00 and Wuhan Qingshan 6,000 t at 44.00
 * through the bid form (which shows the cash each bid freezes); the operator moves the demo clock
 * three minutes on (same session) and asks to close the auction; a second exchange operator
 * approves the settlement (four eyes): it clears at 44.00, the first bidder gets 6,000 t and the
 * second the remaining 4,000 t; each sees its result and its new balances.
 * Independent of the other browser tests: its own auction, deltas of balances.
 */
const available = e2eAvailable();
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''));
const text = (page: Page, testId: string) => page.textContent(`[data-testid=${testId}]`).then((s) => (s ?? '').trim());
const figure = (page: Page, testId: string) => text(page, testId).then(number);

/** "2026-11-23 13:00" (market time, Beijing) + minutes → "2026-11-23T13:03" (a datetime-local value, Beijing). */
function plusMinutes(marketTime: string, minutes: number): string {
  const at = Date.parse(`${marketTime.replace(' ', 'T')}:00+08:00`) + minutes * 60_000;
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16);
}

interface Balances {
  cash: number;
  frozen: number;
  units: number;
}
const balances = async (page: Page): Promise<Balances> => ({
  cash: await figure(page, 'kpi-cash-available'),
  frozen: await figure(page, 'kpi-cash-frozen'),
  units: await figure(page, 'kpi-units-available'),
});

/** Runs a button's confirmation dialog. */
async function confirm(page: Page, testId: string): Promise<void> {
  await page.click(`[data-testid=${testId}]`);
  await page.click(`[data-testid=${testId}-confirm]`);
}

describe.skipIf(!available)('a one-way auction in the browser', () => {
  let operator: BrowserSession | undefined;
  let gd: BrowserSession | undefined;
  let hb: BrowserSession | undefined;
  let id = 0;
  let now = '';
  const before: Record<'gd' | 'hb', Balances> = { gd: { cash: 0, frozen: 0, units: 0 }, hb: { cash: 0, frozen: 0, units: 0 } };

  beforeAll(async () => {
    operator = await openBrowserSession();
    gd = await openBrowserSession();
    hb = await openBrowserSession();
    await signInAs(operator.page, 'exchange@demo.cn', '/auctions', '/auctions');
  }, 180_000);

  afterAll(async () => {
    await operator?.close();
    await gd?.close();
    await hb?.close();
  });

  it('the exchange operator creates an auction, announces it and opens it', async () => {
    const page = operator!.page;
    const clock = (await (await page.request.get(url('/api/v1/market/clock'))).json()) as { marketTime: string; listedSessionEndsAt: string | null };
    now = clock.marketTime;
    // The test moves the clock three minutes on: it must stay in the session it is in (no day end).
    if (clock.listedSessionEndsAt) expect(plusMinutes(now, 3).replace('T', ' ') < clock.listedSessionEndsAt, `the clock (${now}) is too close to the session end`).toBe(true);

    await page.waitForSelector('[data-testid=auction-form]');
    await page.fill('[data-testid=auction-title]', `Browser test auction ${Date.now()}`);
    await page.selectOption('[data-testid=auction-vintage]', '2024');
    await page.fill('[data-testid=auction-quantity]', '10000');
    await page.fill('[data-testid=auction-reserve]', '40.00');
    await page.fill('[data-testid=auction-opens]', plusMinutes(now, 1));
    await page.fill('[data-testid=auction-closes]', plusMinutes(now, 2));
    // Inline validation: a per-bidder maximum above the quantity offered is refused as typed.
    await page.fill('[data-testid=auction-per-bidder-max]', '12000');
    await page.waitForSelector('[data-testid=perBidderMax-error]');
    await page.fill('[data-testid=auction-per-bidder-max]', '8000');
    expect(await page.isVisible('[data-testid=perBidderMax-error]')).toBe(false);
    await page.click('[data-testid=auction-create-submit]');
    const link = page.locator('[data-testid=auction-created-link]');
    await link.waitFor();
    id = Number(((await link.getAttribute('href')) ?? '').split('/').pop());
    expect(id).toBeGreaterThan(0);

    await link.click();
    await page.waitForURL((u) => u.pathname === `/auctions/${id}`);
    expect(await text(page, 'auction-status')).toBe('Draft');
    await confirm(page, `auction-schedule-${id}`);
    await expect.poll(() => text(page, 'auction-status'), { timeout: 30_000 }).toBe('Announced');
    await confirm(page, `auction-open-${id}`);
    await expect.poll(() => text(page, 'auction-status'), { timeout: 30_000 }).toBe('Open for bids');
    expect(await figure(page, 'auction-activity-bids')).toBe(0);
  }, 120_000);

  it('two entities bid through the bid form; the cash each bid freezes is shown as they type', async () => {
    const bid = async (s: BrowserSession, email: string, who: 'gd' | 'hb', price: string, frozen: string) => {
      const page = s.page;
      await signInAs(page, email, `/auctions/${id}`, `/auctions/${id}`);
      await page.waitForSelector('[data-testid=bid-form]');
      before[who] = await balances(page);
      // Below the reserve and over the per-bidder maximum: refused as typed, nothing sent.
      await page.fill('[data-testid=bid-price]', '39.99');
      await page.fill('[data-testid=bid-quantity]', '9000');
      await page.waitForSelector('[data-testid=price-error]');
      await page.waitForSelector('[data-testid=quantity-error]');
      await page.fill('[data-testid=bid-price]', price);
      await page.fill('[data-testid=bid-quantity]', '6000');
      await expect.poll(() => text(page, 'bid-frozen')).toBe(`¥${frozen}`);
      expect(number(await text(page, 'bid-after'))).toBeCloseTo(before[who].cash - number(frozen), 2);
      await page.click('[data-testid=bid-submit]');
      await page.waitForSelector('[data-testid=bid-success]');
      await expect.poll(() => figure(page, 'kpi-cash-frozen'), { timeout: 30_000 }).toBeCloseTo(before[who].frozen + number(frozen), 2);
      expect(await figure(page, 'kpi-cash-available')).toBeCloseTo(before[who].cash - number(frozen), 2);
      const row = page.locator('[data-testid^="my-bid-status-"]');
      expect(await row.count()).toBe(1);
      expect((await row.first().textContent())?.trim()).toBe('Active');
    };
    await bid(gd!, 'gd.power@demo.cn', 'gd', '45.00', '270,000.00');
    await bid(hb!, 'hb.power@demo.cn', 'hb', '44.00', '264,000.00');

    // The operator sees two bids from two bidders, never their prices.
    const page = operator!.page;
    await page.reload();
    await expect.poll(() => figure(page, 'auction-activity-bids'), { timeout: 30_000 }).toBe(2);
    expect(await figure(page, 'auction-activity-bidders')).toBe(2);
    expect(await page.textContent('main')).not.toContain('45.00');
  }, 120_000);

  it('after the window, the operator asks to close it and a second operator approves: cleared at 44.00, 10,000 t sold, the result published', async () => {
    const page = operator!.page;
    // The window closes at now + 2 min on the demo clock: move it to now + 3 min with the clock control.
    await page.goto(url('/exchange'));
    await page.waitForSelector('[data-testid=clock-set-form]');
    await page.fill('[data-testid=clock-at]', plusMinutes(now, 3));
    await page.click('[data-testid=clock-set]');
    await page.waitForSelector('[data-testid=clock-set-form] [data-testid=form-success]');

    await page.goto(url(`/auctions/${id}`));
    expect(await text(page, 'auction-status')).toBe('Closed, to be settled');
    await confirm(page, `auction-close-${id}`);
    // Four eyes: the settlement waits for another exchange operator; nothing is settled yet.
    const approvalId = await submittedRequestId(page, `[data-testid=auction-settlement-pending-${id}]`);
    expect(await text(page, 'auction-status')).toBe('Closed, to be settled');
    expect(await page.locator(`[data-testid=auction-close-${id}]`).count()).toBe(0);
    const second = await openBrowserSession();
    try {
      await signInAs(second.page, 'exchange2@demo.cn', '/approvals', '/approvals?view=tasks');
      await approveOnApprovalsPage(second.page, approvalId, 'Bids and guarantees checked');
    } finally {
      await second.close();
    }
    await page.reload();
    await expect.poll(() => text(page, 'auction-status'), { timeout: 30_000 }).toBe('Settled');
    expect(await text(page, 'result-clearing-price')).toBe('¥44.00');
    expect(await text(page, 'result-sold')).toBe('10,000 t');
    expect(await text(page, 'result-coverage')).toBe('1.20×');
    expect(await text(page, 'result-bidders')).toBe('2 · 2');
    expect(await text(page, 'result-proceeds')).toBe('¥440,000.00');

    // Published on the public auction page too.
    await page.goto(url('/market/auctions'));
    expect(await text(page, `result-clearing-${id}`)).toBe('44.00');
  }, 120_000);

  it('each entity sees its own result and its new balances', async () => {
    const check = async (s: BrowserSession, who: 'gd' | 'hb', won: number, paid: number, summary: string) => {
      const page = s.page;
      await page.reload();
      await expect.poll(() => text(page, 'my-result'), { timeout: 30_000 }).toContain(summary);
      const after = await balances(page);
      expect(after.cash).toBeCloseTo(before[who].cash - paid, 2);
      expect(after.frozen).toBeCloseTo(before[who].frozen, 2);
      expect(after.units).toBe(before[who].units + won);
      expect((await page.locator('[data-testid^="my-bid-won-"]').first().textContent())?.trim()).toBe(won.toLocaleString('en-US'));
      // The holdings page shows the allowances received.
      await page.click('[data-testid=my-result-holdings]');
      await page.waitForURL((u) => u.pathname === '/holdings');
      expect(number(await page.textContent('[data-testid=available-CEA-2024]'))).toBe(before[who].units + won);
    };
    await check(gd!, 'gd', 6_000, 264_000, 'You won 6,000 t at ¥44.00 and paid ¥264,000.00');
    await check(hb!, 'hb', 4_000, 176_000, 'You won 4,000 t at ¥44.00 and paid ¥176,000.00');
  }, 120_000);
});
