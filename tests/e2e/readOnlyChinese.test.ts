import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { digestsByTable, TABLE_DIGESTS_SQL } from '../support/dbDigest';
import { e2eAvailable, openBrowserSession, signInAs, url, withAppDb, type BrowserSession } from '../setup/e2e';

/**
 * Every page of every demo role, in Chinese, reading only. For each role the `lang` cookie is set
 * to zh before signing in; then every page of the user's left navigation, plus the public /market
 * and /market/auctions, is opened, and each must answer below 400, show no error (the page's error
 * state, Next's "Application error", an exception in the browser), and show none of the English
 * texts the application generates (journal memos, surveillance alert texts, holiday names, auction
 * titles, the generic error) nor a raw enum value where a label belongs (AUCTION_SETTLEMENT, BLOCK…;
 * codes a user reads, such as CEA-2024 or an account number, are fine). Meanwhile nothing may be
 * written: the app's database is fingerprinted (named counts and states, and a digest of every
 * table's content) after the sign-in and again after the walk. A failure names the role, the page
 * and the offending text with its context, for the engineers to fix.
 */
const available = await e2eAvailable();

const ROLES = [
  { email: 'gd.power@demo.cn', role: 'compliance entity (GD, trader + compliance officer)' },
  { email: 'investor@demo.cn', role: 'investor' },
  { email: 'gd.regulator@demo.cn', role: 'provincial regulator (GD)' },
  { email: 'mee@demo.cn', role: 'national regulator' },
  { email: 'registry@demo.cn', role: 'registry operator' },
  { email: 'exchange@demo.cn', role: 'exchange operator' },
] as const;

const PUBLIC_PAGES = ['/market', '/market/auctions'];

/** English the application generates (memos, alert texts, holiday names, auction titles, errors): never on a Chinese page. */
const ENGLISH_TEXTS = [
  // journal memos
  'Take of', 'Sell listing of', 'Buy listing of', 'Listings expired', 'Surrender for', 'Surrendered beyond', 'Block trade', 'Block proposal',
  'Offered in auction', 'settled:', 'Bid guarantee', 'Locked for non-trade', 'national cap', 'budget of', 'Removed from the covered-entity list',
  'pre-allocation of', 'true-up of',
  // legal bases the platform writes
  'Trade settlement, delivery', 'Compliance year', 'allocation plan', 'allocation budget', 'expiry after the transition',
  // surveillance alert texts
  'Self-trade', 'related accounts', 'price band limit', 'list-and-cancel',
  // holiday names
  'Spring Festival', 'National Day', 'New Year',
  // auction titles
  'paid allocation', 'Paid allocation',
  // the generic error
  'Something went wrong',
];

/**
 * Enum values that must be shown with their label. Whole words in upper case only: a value that is
 * part of a longer code (letters, digits, _ or - next to it, e.g. a reference BLOCK-17) is a code a user reads.
 */
const RAW_ENUMS = [
  'AUCTION_SETTLEMENT', 'TRADE_SETTLEMENT', 'VOLUNTARY_CANCELLATION', 'NON_TRADE_TRANSFER', 'PRE_ALLOCATION', 'TRUE_UP', 'COMPLIANCE_ENTITY', 'LISTED', 'BLOCK',
];
const rawEnum = (value: string) => new RegExp(`(?<![A-Za-z0-9_-])${value}(?![A-Za-z0-9_-])`, 'g');

/** Each occurrence of `needle` (string or regex) in `text`, with some context around it. */
function occurrences(text: string, needle: string | RegExp): string[] {
  const out: string[] = [];
  const re = typeof needle === 'string' ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g') : needle;
  for (const m of text.matchAll(re)) {
    const from = Math.max(0, m.index - 40);
    out.push(`…${text.slice(from, m.index + m[0].length + 40).replace(/\s+/g, ' ').trim()}…`);
    if (out.length >= 3) break;
  }
  return out;
}

/** What is wrong with the text of a page: "<offending text>" in "<context>". */
function offendingTexts(text: string): string[] {
  const found: string[] = [];
  for (const phrase of ENGLISH_TEXTS) for (const ctx of occurrences(text, phrase)) found.push(`English "${phrase}" in "${ctx}"`);
  for (const value of RAW_ENUMS) for (const ctx of occurrences(text, rawEnum(value))) found.push(`raw enum ${value} in "${ctx}"`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// The app's database, read with pg: reads never write
// ---------------------------------------------------------------------------------------------


async function dbFingerprint(): Promise<Record<string, string>> {
  return withAppDb(async (client) => {
    const { rows } = await client.query<Record<string, unknown>>(`
      SELECT (SELECT concat_ws(':', count(*), max(id)) FROM journal_entry) AS journal_entries,
             (SELECT concat_ws(':', count(*), max(id)) FROM audit_log) AS audit_log,
             (SELECT string_agg(concat_ws(':', id, status, opened_at, closed_at, settled_at), ',' ORDER BY id) FROM auction) AS auctions,
             (SELECT concat_ws(':', simulated_at, closed_through, updated_at) FROM market_clock) AS market_clock,
             (SELECT string_agg(concat_ws(':', status, n), ',' ORDER BY status) FROM (SELECT status, count(*) AS n FROM listing GROUP BY status) s) AS listings,
             (SELECT string_agg(concat_ws(':', status, n), ',' ORDER BY status) FROM (SELECT status, count(*) AS n FROM block_proposal GROUP BY status) s) AS block_proposals,
             (SELECT concat_ws(':', count(*), count(*) FILTER (WHERE status = 'OPEN')) FROM surveillance_alert) AS surveillance_alerts,
             (SELECT count(*) FROM trade) AS trades,
             (SELECT count(*) FROM daily_bar) AS daily_bars,
             (SELECT sum(available)::text || ':' || sum(locked)::text || ':' || sum(pledged)::text || ':' || sum(frozen)::text FROM holding) AS holdings,
             (SELECT sum(available)::text || ':' || sum(locked)::text FROM cash_account) AS cash`);
    const named = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, String(v)]));
    const tables = digestsByTable((await client.query<{ name: string; digest: string }>(TABLE_DIGESTS_SQL)).rows);
    return { ...named, ...Object.fromEntries(Object.entries(tables).map(([k, v]) => [`table ${k}`, v])) };
  });
}

function changes(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => before[k] !== after[k])
    .map((k) => (k.startsWith('table ') ? `${k} changed` : `${k}: ${before[k]} → ${after[k]}`));
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

async function openChineseSession(): Promise<BrowserSession> {
  const session = await openBrowserSession();
  await session.context.addCookies([{ name: 'lang', value: 'zh', url: url('/') }]); // replaces the pinned English
  return session;
}

/** The hrefs of the left navigation, as the page shows them. */
async function navHrefs(page: Page): Promise<string[]> {
  const hrefs = await page.locator('aside nav a[data-testid^="nav-"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter(Boolean))];
}

interface Visit {
  status: number | undefined;
  problems: string[];
}

/** Opens a page and reports what is wrong with it (HTTP status, error states, English or raw enum values). */
async function visit(page: Page, path: string): Promise<Visit> {
  const pageErrors: string[] = [];
  const onError = (e: Error) => pageErrors.push(e.message);
  page.on('pageerror', onError);
  try {
    const response = await page.goto(url(path));
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    const problems: string[] = [];
    const status = response?.status();
    if (status === undefined || status >= 400) problems.push(`HTTP ${status ?? 'no response'}`);
    const text = await page.evaluate(() => document.body.innerText);
    if (text.trim().length < 20) problems.push(`an (almost) empty page: "${text.trim()}"`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'zh-CN') problems.push(`the page is not in Chinese (<html lang="${lang}">)`);
    if (await page.locator('[data-testid=page-error]').count()) problems.push(`the page's error state: "${text.replace(/\s+/g, ' ').slice(0, 200)}"`);
    if (await page.locator('[data-testid=not-found]').count()) problems.push('the not-found state');
    if (await page.locator('nextjs-portal').count()) problems.push('the Next.js error overlay');
    if (/Application error/i.test(text)) problems.push(`"Application error" in "${occurrences(text, /Application error/gi)[0]}"`);
    for (const message of pageErrors) problems.push(`an exception in the browser: ${message.slice(0, 200)}`);
    problems.push(...offendingTexts(text));
    return { status, problems };
  } finally {
    page.off('pageerror', onError);
  }
}

describe.skipIf(!available)('every page of every role, in Chinese, reading only', () => {
  const sessions: BrowserSession[] = [];

  afterAll(async () => {
    for (const s of sessions) await s.close();
  });

  for (const { email, role } of ROLES) {
    it(`${role} (${email}): every page of the navigation and the public market pages — no error, no English generated text, no raw enum value, nothing written`, async () => {
      const session = await openChineseSession();
      sessions.push(session);
      const page = session.page;
      // Signs in asking for the public market page (every role has it in its navigation).
      await signInAs(page, email, '/market', '/market');

      const before = await dbFingerprint();
      const nav = await navHrefs(page);
      expect(nav.length, `${role}: the left navigation has links`).toBeGreaterThan(0);
      const pages = [...new Set([...nav, ...PUBLIC_PAGES])];
      const findings: string[] = [];
      for (const path of pages) {
        const { problems } = await visit(page, path);
        for (const p of problems) findings.push(`[${role} · ${email}] ${path}: ${p}`);
      }
      const after = await dbFingerprint();

      // Soft: the database check below is reported too when pages fail.
      expect.soft(findings, `pages of ${email} showing English generated text, raw enum values or errors`).toEqual([]);
      expect(changes(before, after), `${email}: the database after only reading ${pages.join(', ')}`).toEqual([]);
    }, 300_000);
  }

  it('gd.power: the movement filters EXPIRY and AUCTION_SETTLEMENT are accepted (no filter problem shown)', async () => {
    const session = await openChineseSession();
    sessions.push(session);
    const page = session.page;
    await signInAs(page, 'gd.power@demo.cn', '/market', '/market');
    const before = await dbFingerprint();
    const findings: string[] = [];
    for (const type of ['EXPIRY', 'AUCTION_SETTLEMENT']) {
      const path = `/movements?type=${type}`;
      const { problems } = await visit(page, path);
      for (const p of problems) findings.push(`[gd.power@demo.cn] ${path}: ${p}`);
      const filterProblems = page.locator('[data-testid=movement-filter-problems]');
      if (await filterProblems.count()) findings.push(`[gd.power@demo.cn] ${path}: filter problem shown: "${(await filterProblems.innerText()).trim()}"`);
      const selected = await page.locator('[data-testid=filter-type]').inputValue().catch(() => '(no type filter on the page)');
      if (selected !== type) findings.push(`[gd.power@demo.cn] ${path}: the type filter shows "${selected}", not ${type}`);
    }
    expect.soft(findings).toEqual([]);
    expect(changes(before, await dbFingerprint()), 'gd.power@demo.cn: the database after only reading the filtered movements').toEqual([]);
  }, 180_000);
});

