import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eAvailable, openBrowserSession, url, withAppDb, type BrowserSession } from '../setup/e2e';
import { authenticator } from '../support/authenticator';

/**
 * Transaction signing in the browser (issue 13 §4): a user with two-factor sign-in confirms an
 * approval with a fresh one-time code, separate from the sign-in's. The second national regulator
 * (mee2, with two-factor set up here) approves the deadlines mee asked for in the demo: a wrong code
 * is refused by the field and leaves the request pending; a fresh code carries it out, and the
 * audit trail records the approval as signed. Afterwards the user's two-factor columns and the
 * approved deadlines are put back, so that the shared demo data stays as the other tests expect.
 */
const available = e2eAvailable();
const EMAIL = 'mee2@demo.cn';
/** A fixed base32 key: the test plays the authenticator app. */
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const app = authenticator();
const freshCode = () => app.freshCode(SECRET);
const wrongCode = () => app.wrongCode(SECRET);

describe.skipIf(!available)('signing an approval with a one-time code', () => {
  let session: BrowserSession | undefined;
  let request: { id: number; year: number } | undefined;

  beforeAll(async () => {
    await withAppDb((c) => c.query('UPDATE app_user SET totp_enabled = true, totp_secret = $1, totp_last_step = NULL WHERE email = $2', [SECRET, EMAIL]));
    const rows = await withAppDb((c) =>
      c.query<{ id: number; year: number }>(`SELECT id, (payload->>'year')::int AS year FROM approval_request WHERE action = 'compliance.cycle' AND status = 'PENDING' ORDER BY id LIMIT 1`),
    );
    request = rows.rows[0];
    session = await openBrowserSession();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    if (!available) return;
    await withAppDb(async (c) => {
      await c.query('UPDATE app_user SET totp_enabled = false, totp_secret = NULL, totp_last_step = NULL WHERE email = $1', [EMAIL]);
      // The demo's pending deadlines were carried out here: the year goes back to its default dates.
      if (request) await c.query('DELETE FROM compliance_cycle WHERE year = $1', [request.year]);
    });
  });

  it('refuses a wrong code by the field, then a fresh code approves it and the approval is recorded as signed', async () => {
    expect(request, 'the demo leaves a deadlines request waiting').toBeDefined();
    const { id } = request!;
    const page = session!.page;
    await page.goto(url('/login?callbackUrl=%2Fapprovals%3Fview%3Dtasks'));
    await page.fill('[data-testid=login-email]', EMAIL);
    await page.fill('[data-testid=login-password]', 'demo1234');
    await page.fill('[data-testid=login-otp]', await freshCode());
    await page.click('[data-testid=login-submit]');
    await page.waitForURL((u) => u.pathname === '/approvals');

    await page.waitForSelector(`[data-testid=approval-${id}]`);
    await page.click(`[data-testid=approval-approve-${id}]`);
    await page.fill(`[data-testid=approval-approve-${id}-text]`, 'Dates agreed with the provinces');
    // The sign-in's code does not sign anything: the dialog asks for its own.
    await page.waitForSelector(`[data-testid=approval-approve-${id}-signature]`);
    await page.fill(`[data-testid=approval-approve-${id}-signature]`, wrongCode());
    await page.click(`[data-testid=approval-approve-${id}-confirm]`);
    await expect.poll(() => page.locator('[data-testid=signatureCode-error]').count(), { timeout: 30_000 }).toBe(1);
    expect((await withAppDb((c) => c.query('SELECT status FROM approval_request WHERE id = $1', [id]))).rows[0]).toEqual({ status: 'PENDING' });

    await page.fill(`[data-testid=approval-approve-${id}-signature]`, await freshCode());
    await page.click(`[data-testid=approval-approve-${id}-confirm]`);
    await page.waitForSelector(`[data-testid=approval-approve-${id}]`, { state: 'detached', timeout: 30_000 });
    const approved = await withAppDb((c) =>
      c.query<{ status: string; signed: boolean }>(
        `SELECT r.status, a.signed FROM approval_request r JOIN audit_log a ON a.action = 'approval.approve' AND a.target_id = r.id::text WHERE r.id = $1`,
        [id],
      ),
    );
    expect(approved.rows).toEqual([{ status: 'APPROVED', signed: true }]);
  }, 180_000);
});
