import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../setup/pgServer';
import { approveOnApprovalsPage, e2eAvailable, e2eDatabaseUrl, openBrowserSession, signInAs, submittedRequestId, url, type BrowserSession } from '../setup/e2e';

/**
 * The compliance policy page in the browser: the national regulator changes the carry-over
 * discount through the form (checked as typed, confirmed in a dialog); the change waits for a
 * second national regulator (four eyes), who approves it on Approvals; then it is in force and at
 * the top of the history. The same for a year's surrender deadline. A provincial regulator then
 * sees the same policy and history read-only. Everything changed is put back the same way (the
 * other browser tests share the seeded database). Stable selectors only; English pinned.
 */
const available = await e2eAvailable();

const text = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).first().textContent().then((s) => (s ?? '').trim());

/** The second national regulator, signed in once: approves each change (four eyes). */
let approver: BrowserSession | undefined;

/** The second national regulator approves request `id`; the first one's page then shows it in force. */
async function approved(page: Page, id: number): Promise<void> {
  await approveOnApprovalsPage(approver!.page, id, 'Checked against the ministry’s notice');
  await page.goto(url('/compliance/policy'));
  await page.waitForSelector('[data-testid=policy-form]');
}

/** Asks for the discount through the form and its confirmation, has it approved, and waits until the page shows it in force. */
async function saveDiscount(page: Page, value: string): Promise<void> {
  await page.fill('[data-testid=policy-discount]', value);
  await page.click('[data-testid=policy-submit]');
  await page.waitForSelector('[data-testid=policy-confirm]', { state: 'visible' });
  await page.click('[data-testid=policy-confirm]');
  await approved(page, await submittedRequestId(page, '[data-testid=policy-success]'));
  await expect.poll(() => text(page, 'kpi-discount'), { timeout: 30_000 }).toBe(value);
}

/** Asks for a year's deadlines through its dialog, has them approved, and waits until the table shows them. */
async function saveCycle(page: Page, year: string, surrender: string): Promise<void> {
  await page.click(`[data-testid=cycle-${year}-edit]`);
  await page.fill(`[data-testid=cycle-${year}-surrender]`, surrender);
  await page.click(`[data-testid=cycle-${year}-save]`);
  await approved(page, await submittedRequestId(page, '[data-testid=toast]'));
  await expect.poll(() => text(page, `cycle-${year}-surrender-date`), { timeout: 30_000 }).toBe(surrender);
}

describe.skipIf(!available)('the compliance policy page', () => {
  let national: BrowserSession | undefined;
  let provincial: BrowserSession | undefined;
  let discount = '';
  let discountRestored = true;
  let cycle: { year: string; surrender: string } | undefined;
  let cycleRestored = true;

  beforeAll(async () => {
    national = await openBrowserSession();
    provincial = await openBrowserSession();
    approver = await openBrowserSession();
    await signInAs(approver.page, 'mee2@demo.cn', '/approvals', '/approvals?view=tasks');
  }, 120_000);

  afterAll(async () => {
    // A failed step leaves the shared database as it was found, all the same.
    if (!discountRestored || !cycleRestored) {
      await withClient(e2eDatabaseUrl(), async (client) => {
        if (!discountRestored) await client.query('UPDATE compliance_policy SET carry_over_discount = $1 WHERE id = 1', [discount]);
        if (!cycleRestored && cycle) await client.query('UPDATE compliance_cycle SET surrender_deadline = $1 WHERE year = $2', [cycle.surrender, Number(cycle.year)]);
      });
    }
    await national?.close();
    await provincial?.close();
    await approver?.close();
  });

  it('the national regulator changes the carry-over discount: checked as typed, confirmed, approved by a second one, in force and in the history', async () => {
    const page = national!.page;
    await signInAs(page, 'mee@demo.cn', '/compliance/policy', '/compliance/policy');
    await page.waitForSelector('[data-testid=policy-form]');
    discount = await page.inputValue('[data-testid=policy-discount]');
    expect(await text(page, 'kpi-discount')).toBe(discount);
    const next = discount === '0.9' ? '0.8' : '0.9';

    // Refused as typed, before anything reaches the server.
    await page.fill('[data-testid=policy-discount]', '1.5');
    await page.waitForSelector('[data-testid=carryOverDiscount-error]');
    await page.click('[data-testid=policy-submit]');
    expect(await page.isVisible('[data-testid=policy-confirm]')).toBe(false);

    // The confirmation lists the change; saving puts it in force.
    await page.fill('[data-testid=policy-discount]', next);
    expect(await page.locator('[data-testid=carryOverDiscount-error]').count()).toBe(0);
    await page.click('[data-testid=policy-submit]');
    await page.waitForSelector('[data-testid=policy-confirm]', { state: 'visible' });
    expect(await text(page, 'policy-confirm-changes-carryOverDiscount')).toBe(`Carry-over discount: ${discount} → ${next}`);
    discountRestored = false;
    await page.click('[data-testid=policy-confirm]');
    // Four eyes: the change waits for a second national regulator; the policy in force is as it was.
    const id = await submittedRequestId(page, '[data-testid=policy-success]');
    await page.reload();
    await page.waitForSelector(`[data-testid=policy-pending-${id}]`);
    expect(await text(page, 'kpi-discount')).toBe(discount);
    await approved(page, id);
    await expect.poll(() => text(page, 'kpi-discount'), { timeout: 30_000 }).toBe(next);
    expect(await page.inputValue('[data-testid=policy-discount]')).toBe(next);
    expect(await page.locator(`[data-testid=policy-pending-${id}]`).count()).toBe(0);

    // The newest record of the history is this change, by this regulator.
    const newest = page.locator('[data-testid=history-table] tbody tr').first();
    expect(await newest.textContent()).toContain('Wang Lei');
    expect(await newest.locator('[data-testid$=-changes-carryOverDiscount]').textContent()).toBe(`Carry-over discount: ${discount} → ${next}`);
  }, 120_000);

  it('the national regulator moves the next year’s surrender deadline, and it shows in the cycles and the history', async () => {
    const page = national!.page;
    // The newest year listed is the one after the market clock's: never closed.
    const first = page.locator('[data-testid=cycles-table] tbody tr').first();
    const year = ((await first.getAttribute('data-testid')) ?? '').replace('cycle-', '');
    expect(year).toMatch(/^\d{4}$/);
    cycle = { year, surrender: await text(page, `cycle-${year}-surrender-date`) };
    const moved = `${Number(year) + 1}-11-30`;
    expect(cycle.surrender).not.toBe(moved);
    cycleRestored = false;
    await saveCycle(page, year, moved);
    const newest = page.locator('[data-testid=history-table] tbody tr').first();
    expect(await newest.textContent()).toContain(`Deadlines ${year}`);
    expect(await newest.locator('[data-testid$=-changes-surrenderDeadline]').textContent()).toBe(`Surrender deadline: ${cycle.surrender} → ${moved}`);
  }, 120_000);

  it('a provincial regulator sees the policy and its history read-only', async () => {
    const page = provincial!.page;
    await signInAs(page, 'gd.regulator@demo.cn', '/compliance/policy', '/compliance/policy');
    await page.waitForSelector('[data-testid=policy-read-only]');
    expect(await text(page, 'kpi-discount')).toBe(discount === '0.9' ? '0.8' : '0.9');
    expect(await page.isVisible('[data-testid=gwp-CO2]')).toBe(true);
    expect(await page.isVisible('[data-testid=penalty-INTERIM_2024]')).toBe(true);
    // No form, no deadline editing.
    expect(await page.locator('[data-testid=policy-form]').count()).toBe(0);
    expect(await page.locator('[data-testid$=-edit]').count()).toBe(0);
    // The national regulator's changes are in the history.
    expect(await page.locator('[data-testid=history-table] [data-testid$=-changes-carryOverDiscount]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=history-table] [data-testid$=-changes-surrenderDeadline]').count()).toBeGreaterThan(0);
  }, 120_000);

  it('the national regulator puts everything back as it was', async () => {
    const page = national!.page;
    await page.reload();
    await page.waitForSelector('[data-testid=policy-form]');
    await saveDiscount(page, discount);
    discountRestored = true;
    await saveCycle(page, cycle!.year, cycle!.surrender);
    cycleRestored = true;
    expect(await page.inputValue('[data-testid=policy-discount]')).toBe(discount);
  }, 120_000);
});
