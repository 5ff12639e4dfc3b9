import { afterAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, signInAs, withAppDb, type BrowserSession } from '../setup/e2e';

/**
 * Issue 13 §3 in the browser: a holder asks for a non-trade transfer to an account that is not on
 * its trusted list; a registry operator approves it, and it waits its delay (DELAYED) instead of
 * moving; the destination's holder cancels it during the delay, and the units are back at the
 * source. The database is read with pg to find ids and check the holding (reads never write).
 */
const available = await e2eAvailable();


const accountOf = (email: string) =>
  withAppDb(async (c) => (await c.query<{ id: number }>(`SELECT a.id FROM registry_account a JOIN app_user u ON u.organisation_id = a.organisation_id WHERE u.email = $1`, [email])).rows[0]!.id);
const holding = (accountId: number) =>
  withAppDb(async (c) => {
    const { rows } = await c.query<{ available: string; locked: string }>(`SELECT available::text, locked::text FROM holding WHERE account_id = $1 AND instrument = 'CEA' AND vintage = 2025`, [accountId]);
    return { available: Number(rows[0]?.available ?? 0), locked: Number(rows[0]?.locked ?? 0) };
  });

describe.skipIf(!available)('a delayed transfer to an account outside the trusted list, cancelled during its delay', () => {
  const sessions: BrowserSession[] = [];
  const session = async () => {
    const s = await openBrowserSession();
    sessions.push(s);
    return s.page;
  };
  afterAll(async () => {
    for (const s of sessions) await s.close();
  });

  it('requests, approves into a delay, and cancels: the units come back', async () => {
    const source = await accountOf('gd.power@demo.cn');
    const destination = await accountOf('xy.power@demo.cn');
    const before = await holding(source);
    const reason = `E2E donation ${Date.now()}`;

    // The holder asks for the transfer: 123 t of CEA-2025 are locked.
    const holder = await session();
    await signInAs(holder, 'gd.power@demo.cn', '/transfers', '/transfers');
    await holder.fill('[data-testid=transfer-to]', String(destination));
    await holder.selectOption('[data-testid=transfer-instrument]', 'CEA');
    await holder.selectOption('[data-testid=transfer-vintage]', '2025');
    await holder.fill('[data-testid=transfer-quantity]', '123');
    await holder.selectOption('select[name=kind]', 'DONATION');
    await holder.fill('textarea[name=reason]', reason);
    await holder.fill('input[name=documentsRef]', 'E2E-DOC-1');
    await holder.click('[data-testid=transfer-submit]');
    const requestIdOf = () => withAppDb(async (c) => (await c.query<{ id: number }>(`SELECT id FROM non_trade_transfer WHERE reason = $1`, [reason])).rows[0]?.id ?? 0);
    await expect.poll(requestIdOf, { timeout: 30_000 }).toBeGreaterThan(0);
    const requestId = await requestIdOf();
    expect(await holding(source)).toEqual({ available: before.available - 123, locked: before.locked + 123 });

    // The registry operator approves: the destination is not trusted, so the transfer waits.
    const operator = await session();
    await signInAs(operator, 'registry2@demo.cn', '/transfers', '/transfers');
    await operator.click(`[data-testid=transfer-approve-${requestId}]`);
    await operator.fill(`[data-testid=transfer-approve-${requestId}-text]`, 'Donation agreement checked');
    await operator.click(`[data-testid=transfer-approve-${requestId}-confirm]`);
    await expect.poll(() => operator.textContent(`[data-testid=transfer-status-${requestId}]`), { timeout: 30_000 }).toBe('Delayed');
    expect(await holding(source)).toEqual({ available: before.available - 123, locked: before.locked + 123 });

    // The destination's holder sees when it would move, and cancels it.
    const receiver = await session();
    await signInAs(receiver, 'xy.power@demo.cn', '/transfers', '/transfers');
    expect(await receiver.textContent(`[data-testid=transfer-delay-${requestId}]`)).toMatch(/^Moves \d{4}-\d{2}-\d{2} \d{2}:\d{2} unless cancelled$/);
    await receiver.click(`[data-testid=transfer-cancel-${requestId}]`);
    await receiver.fill(`[data-testid=transfer-cancel-${requestId}-text]`, 'We did not agree to this donation');
    await receiver.click(`[data-testid=transfer-cancel-${requestId}-confirm]`);
    await expect.poll(() => receiver.textContent(`[data-testid=transfer-status-${requestId}]`), { timeout: 30_000 }).toBe('Cancelled');

    expect(await holding(source)).toEqual(before);
    expect(await withAppDb(async (c) => (await c.query<{ status: string }>(`SELECT status::text FROM non_trade_transfer WHERE id = $1`, [requestId])).rows[0]!.status)).toBe('CANCELLED');
  }, 240_000);
});
