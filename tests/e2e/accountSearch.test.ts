import { afterAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, withAppDb, type BrowserSession } from '../setup/e2e';

/**
 * The account pickers find an account by search (a list of every account would be thousands of
 * options at national scale): a registry operator types part of an organisation's Chinese name in
 * the freeze form, picks the match with the keyboard, and the picked account's holdings are read; a
 * search that matches nothing says so, and typing again clears the choice. The same search names a
 * CCER project's owner, and the entity whose balance sheet a regulator reads.
 */
const available = await e2eAvailable();

describe.skipIf(!available)('the account search of the operators\' forms', () => {
  const sessions: BrowserSession[] = [];
  afterAll(async () => {
    for (const s of sessions) await s.close();
  });

  it('finds an account by part of its name, picks it with the keyboard, and reads its holdings', async () => {
    const accountId = await withAppDb(async (c) =>
      (await c.query<{ id: number }>(`SELECT a.id FROM registry_account a JOIN organisation o ON o.id = a.organisation_id WHERE o.name_zh = '广州珠江电力有限公司'`)).rows[0]!.id);
    const session = await openBrowserSession();
    sessions.push(session);
    const { page } = session;
    await signInAs(page, 'registry@demo.cn', '/encumbrances', '/encumbrances');
    const search = '[data-testid=freeze-account]';
    const options = page.locator('[data-testid=freeze-account-options] [role=option]');

    await page.fill(search, '没有这个账户');
    await expect.poll(() => page.textContent('[data-testid=freeze-account-options]'), { timeout: 15_000 }).toContain('No open account matches');

    await page.fill(search, '珠江电力');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(1);
    expect(await options.first().textContent()).toContain(`${accountId} · Guangzhou Pearl River Power Co., Ltd.`);
    await page.press(search, 'Enter');
    expect(await page.inputValue(search)).toBe(`${accountId} · Guangzhou Pearl River Power Co., Ltd. (Active)`);
    // The picked account's holdings are read: its vintages can be chosen.
    const vintages = page.locator('[data-testid=freeze-form] select[name=vintage] option');
    await expect.poll(() => vintages.count(), { timeout: 15_000 }).toBeGreaterThan(1);

    // By account ID too (first among the accounts whose number holds those digits); typing again clears the choice, and the form asks for one.
    await page.fill(search, String(accountId));
    await expect.poll(() => options.first().textContent(), { timeout: 15_000 }).toContain(`${accountId} · Guangzhou Pearl River Power Co., Ltd.`);
    await page.fill(search, 'Guangzhou Pearl');
    await page.click('[data-testid=freeze-form] button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=accountId-error]'), { timeout: 10_000 }).toBeTruthy();
  });

  it('names a CCER project\'s owner by searching its account', async () => {
    const session = await openBrowserSession();
    sessions.push(session);
    const { page } = session;
    await signInAs(page, 'registry@demo.cn', '/ccer-projects', '/ccer-projects');
    const code = `CCER-E2E-${Date.now().toString(36).toUpperCase()}`;
    await page.fill('[data-testid=project-code]', code);
    await page.fill('[data-testid=project-name]', 'Pearl River rooftop solar');
    await page.fill('[data-testid=project-name-zh]', '珠江屋顶光伏');
    await page.selectOption('[data-testid=project-category]', 'SOLAR');
    await page.fill('[data-testid=project-owner]', '珠江电力');
    const options = page.locator('[data-testid=project-owner-options] [role=option]');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(1);
    await options.first().click();
    await page.click('[data-testid=project-submit]');
    await page.waitForSelector('[data-testid=project-success]', { timeout: 20_000 });
    // The owner is a covered entity: the project's CCER are not eligible offsets.
    await expect.poll(() => page.textContent(`[data-testid=project-${code}]`), { timeout: 15_000 }).toContain('Guangzhou Pearl River Power');
    expect(await page.textContent(`[data-testid=eligibility-${code}]`)).toContain('Not eligible');
  });

  it('lets a regulator find the entity whose balance sheet it reads, among compliance entities only', async () => {
    const organisationId = await withAppDb(async (c) =>
      (await c.query<{ id: number }>(`SELECT id FROM organisation WHERE name_zh = '广州珠江电力有限公司'`)).rows[0]!.id);
    const session = await openBrowserSession();
    sessions.push(session);
    const { page } = session;
    await signInAs(page, 'mee@demo.cn', '/balance-sheet', '/balance-sheet');
    const search = '[data-testid=entity-search]';
    const options = page.locator('[data-testid=entity-search-options] [role=option]');
    // An investor is not offered.
    await page.fill(search, 'Green Carbon Capital');
    await expect.poll(() => page.textContent('[data-testid=entity-search-options]'), { timeout: 15_000 }).toContain('No open account matches');
    await page.fill(search, 'Pearl River');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.locator('[data-testid=entity-search-options] [role=option]', { hasText: 'Guangzhou Pearl River Power' }).click();
    await page.waitForURL(`**/balance-sheet?organisationId=${organisationId}`, { timeout: 20_000 });
    await page.waitForSelector('[data-testid=kpi-net]');
    expect(await page.textContent('body')).toContain('Guangzhou Pearl River Power');
  });
});
