import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '@/i18n/en';
import { e2eAvailable, openBrowserSession, signInAs, url, type BrowserSession } from '../setup/e2e';

/**
 * The exchange operator's dialogs: the surveillance review dialog says what the alert is once, and
 * the Resume dialog of a participant just suspended starts empty. The participant is resumed again
 * (the other browser tests share the seeded database). English pinned.
 */
const available = await e2eAvailable();

const value = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).inputValue();

describe.skipIf(!available)('the exchange operator’s dialogs', () => {
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    session = await openBrowserSession();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('the alert review dialog names the alert’s kind once (“Self-trade: the same account…”, not “Self-trade: Self-trade:”)', async () => {
    const page = session!.page;
    await signInAs(page, 'exchange@demo.cn', '/exchange/surveillance', '/exchange/surveillance');
    // A self-trade alert (the seed has one): its recorded detail starts "Self-trade: the same account…".
    const trigger = page.locator('tr', { hasText: en.alertKinds.SELF_TRADE }).locator('button.sm[data-testid^="alert-review-"]').first();
    await trigger.click();
    await page.waitForSelector('dialog[open]');
    const summary = ((await page.locator('dialog[open] .dialog-body p').first().textContent()) ?? '').trim();
    expect(summary.length).toBeGreaterThan(0);
    for (const label of Object.values(en.alertKinds)) expect(summary.toLowerCase()).not.toContain(`${label}: ${label}`.toLowerCase());
    await page.keyboard.press('Escape');
  }, 120_000);

  it('after a suspension, the Resume dialog starts empty (not with the reason given to suspend)', async () => {
    const page = session!.page;
    await page.goto(url('/exchange/participants'));
    const trigger = page.locator('button.sm[data-testid^="participant-suspend-"]').first();
    const id = ((await trigger.getAttribute('data-testid')) ?? '').replace('participant-suspend-', '');
    await trigger.click();
    await page.fill(`[data-testid=participant-suspend-${id}-text]`, 'Browser test: suspended to check the resume dialog');
    await page.click(`[data-testid=participant-suspend-${id}-confirm]`);
    await page.waitForSelector(`[data-testid=participant-resume-${id}]`);

    expect(await value(page, `participant-resume-${id}-text`)).toBe('');
    await page.click(`[data-testid=participant-resume-${id}]`);
    expect(await value(page, `participant-resume-${id}-text`)).toBe('');

    // Put it back: resume with a reason of its own.
    await page.fill(`[data-testid=participant-resume-${id}-text]`, 'Browser test: resumed');
    await page.click(`[data-testid=participant-resume-${id}-confirm]`);
    await page.waitForSelector(`button.sm[data-testid=participant-suspend-${id}]`);
  }, 120_000);
});
