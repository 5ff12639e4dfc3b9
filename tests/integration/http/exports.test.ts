import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { movementsPageSchema } from '@/schemas/api';
import { GET as movements } from '@/app/api/v1/accounts/[id]/movements/route';
import { GET as openapi } from '@/app/api/v1/openapi.json/route';
import { GET as audit } from '@/app/api/v1/audit/route';
import { GET as instruments } from '@/app/api/v1/instruments/route';
import { GET as statementRoute } from '@/app/api/v1/accounts/[id]/statement/route';
import { extractText, getDocumentProxy } from 'unpdf';
import { db } from '@/db/client';
import { getClock } from '@/server/trading/market';
import { accountStatement, type StatementHolding } from '@/server/registry/statement';
import { endpoints, type EndpointSpec } from '@/server/http/openapi';
import { cancelVoluntarily, freeze, requestNonTradeTransfer } from '@/server/registry/movements';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { listInstrument } from '../../support/trading';
import { controlClock } from '@/server/schedule/dueWork';
import { expectError, expectNothingChanged } from './helpers';
import { csvRecords } from '../../support/csv';

/**
 * Exports (API.md: every list and report answers CSV for `?format=csv` or `Accept: text/csv`):
 * the CSV of a paged list holds every row that matches the filters, across pages; and the
 * account statement as a PDF.
 */

type Handler = typeof movements;

/** A route's raw answer: status, headers and bytes (the shared `call` reads text or JSON). */
async function fetchRaw(handler: Handler, path: string, opts: { token?: string; params?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const req = new NextRequest(new URL(path, 'http://localhost:3000'), { method: 'GET', headers });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

let reg: Registry;
let gd: Participant;
let other: Participant;
const t = {} as Record<'gd' | 'other' | 'regGD' | 'regHB' | 'registry', string>;
const CANCELLATIONS = 205; // more than one page of the largest page size (200)

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gd = await createParticipant(reg, { province: 'GD', cea: { 2023: 100, 2024: 1_000 }, name: 'Guangdong Cement' });
  other = await createParticipant(reg, { province: 'GD', cea: { 2024: 10 } });
  t.gd = await tokenFor(gd.actor);
  t.other = await tokenFor(other.actor);
  t.regGD = await tokenFor(reg.regulators.GD);
  t.regHB = await tokenFor(reg.regulators.HB);
  t.registry = await tokenFor(reg.registry);
  const reasons = ['=HYPERLINK("http://evil","click")', 'Retired, for the "green" report', '自愿注销，用于碳中和', '-5'];
  for (let i = 0; i < CANCELLATIONS; i++) {
    await cancelVoluntarily(gd.actor, { instrument: 'CEA', vintage: 2024, quantity: 1, reason: reasons[i] ?? `Retirement ${i + 1}` });
  }
  await cancelVoluntarily(gd.actor, { instrument: 'CEA', vintage: 2023, quantity: 2, reason: 'Another vintage' });
  await requestNonTradeTransfer(reg.registry, { fromAccountId: gd.accountId, toAccountId: other.accountId, instrument: 'CEA', vintage: 2023, quantity: 3, kind: 'MERGER', reason: 'Merger', documentsRef: 'DOC-1' });
}, 180_000);

const movementsUrl = (accountId: number, query: string) => `/api/v1/accounts/${accountId}/movements?${query}`;

describe('CSV of a paged list', () => {
  it('holds every row that matches the filters, across pages, after a BOM and a header row', async () => {
    const res = await expectNothingChanged(() =>
      fetchRaw(movements, movementsUrl(gd.accountId, 'type=VOLUNTARY_CANCELLATION&vintage=2024&format=csv&limit=5&cursor=999999999'), { token: t.gd, params: { id: String(gd.accountId) } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="accounts-${gd.accountId}-movements.csv"`);
    const { header, rows } = csvRecords(res.bytes);
    expect(header).toEqual(['entryId', 'type', 'createdAt', 'memo', 'reference', 'legalBasis', 'instrument', 'vintage', 'available', 'locked', 'pledged', 'frozen', 'counterparties']);
    expect(rows).toHaveLength(CANCELLATIONS);
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(['VOLUNTARY_CANCELLATION']));
    expect(new Set(rows.map((r) => r.vintage))).toEqual(new Set(['2024']));
    expect(new Set(rows.map((r) => r.available))).toEqual(new Set(['-1']));
    expect(rows[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);

    // The same rows as the JSON pages, followed with their cursor.
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = movementsPageSchema.parse(
        (await call(movements, { path: movementsUrl(gd.accountId, `type=VOLUNTARY_CANCELLATION&vintage=2024&limit=50${cursor ? `&cursor=${cursor}` : ''}`), token: t.gd, params: { id: String(gd.accountId) } })).body,
      );
      ids.push(...page.items.map((m) => m.entryId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(rows.map((r) => r.entryId)).toEqual(ids);

    // Texts as typed, with the formula guard; a negative number stays a number.
    const memos = rows.map((r) => r.memo);
    expect(memos).toContain(`'=HYPERLINK("http://evil","click")`);
    expect(memos).toContain('Retired, for the "green" report');
    expect(memos).toContain('自愿注销，用于碳中和');
    expect(memos).toContain('-5');
  });

  it('answers Accept: text/csv, with generated memos in the asked language', async () => {
    const params = { id: String(gd.accountId) };
    const en = csvRecords((await fetchRaw(movements, movementsUrl(gd.accountId, 'vintage=2023&type=LOCK'), { token: t.gd, params, headers: { accept: 'text/csv' } })).bytes);
    expect(en.rows.map((r) => r.memo)).toEqual([expect.stringMatching(/^Locked for non-trade transfer request \d+$/)]);
    const zh = csvRecords((await fetchRaw(movements, movementsUrl(gd.accountId, 'vintage=2023&type=LOCK&format=csv&lang=zh'), { token: t.gd, params })).bytes);
    expect(zh.rows.map((r) => r.memo)).toEqual([expect.stringMatching(/^非交易过户申请 \d+ 锁定$/)]);
    const byHeader = csvRecords((await fetchRaw(movements, movementsUrl(gd.accountId, 'vintage=2023&type=LOCK'), { token: t.gd, params, headers: { accept: 'text/csv', 'accept-language': 'zh-CN' } })).bytes);
    expect(byHeader.rows[0]!.memo).toBe(zh.rows[0]!.memo);
    expect(zh.rows[0]!.locked).toBe('3');
    expect(zh.rows[0]!.available).toBe('-3');

    // JSON stays the default, and format=json wins over Accept.
    const json = await call(movements, { path: movementsUrl(gd.accountId, 'format=json'), token: t.gd, params, headers: { accept: 'text/csv' } });
    expect(movementsPageSchema.parse(json.body).items.length).toBeGreaterThan(0);
  });

  it('refuses like the JSON read: 404 for another organisation, 403 outside the province, 400 for an unknown format', async () => {
    const params = { id: String(gd.accountId) };
    await expectError(movements, { path: movementsUrl(gd.accountId, 'format=csv'), token: t.other, params }, 404, 'NOT_FOUND');
    await expectError(movements, { path: movementsUrl(gd.accountId, 'format=csv'), token: t.regHB, params }, 403, 'FORBIDDEN');
    const bad = await expectError(movements, { path: movementsUrl(gd.accountId, 'format=xml'), token: t.gd, params }, 400, 'INVALID_INPUT');
    expect(Object.keys(bad.fields ?? {})).toEqual(['query.format']);
    const res = await fetchRaw(movements, movementsUrl(gd.accountId, 'format=csv'), { token: t.regGD, params });
    expect(res.status).toBe(200);
  });

  it('exports other lists and reports the same way: the audit trail (paged, loose rows) and the public instrument list', async () => {
    const trail = csvRecords((await fetchRaw(audit, '/api/v1/audit?action=movement.&format=csv', { token: t.registry })).bytes);
    expect(trail.header.slice(0, 3)).toEqual(['id', 'seq', 'at']);
    expect(trail.rows.length).toBeGreaterThan(CANCELLATIONS);
    expect(trail.rows.every((r) => r.action!.startsWith('movement.'))).toBe(true);

    await listInstrument(reg, 2024, '52.30');
    const list = csvRecords((await fetchRaw(instruments, '/api/v1/instruments?format=csv')).bytes);
    expect(list.header).toEqual(expect.arrayContaining(['symbol', 'previousClose', 'listedBand.low', 'listedBand.high']));
    expect(list.rows.map((r) => r.symbol)).toEqual(['CEA-2024']);
  });
});

describe('the OpenAPI document', () => {
  it('declares text/csv and the format and lang parameters for every endpoint that exports, and only there', async () => {
    const doc = (await call(openapi, { path: '/api/v1/openapi.json' })).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, { content: Record<string, unknown> }> }>>;
    };
    const exporting = (Object.values(endpoints) as EndpointSpec[]).filter((e) => e.csv);
    expect(exporting.length).toBeGreaterThanOrEqual(30);
    for (const e of Object.values(endpoints) as EndpointSpec[]) {
      const op = doc.paths[e.path]![e.method.toLowerCase()]!;
      const content = op.responses[String(e.status ?? 200)]!.content;
      const names = (op.parameters ?? []).map((p) => p.name);
      expect(Boolean(content['text/csv']), `${e.method} ${e.path}`).toBe(Boolean(e.csv));
      expect(names.includes('format'), `${e.method} ${e.path}`).toBe(Boolean(e.csv));
      if (e.csv) expect(e.method).toBe('GET');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The account statement (PDF)
// ---------------------------------------------------------------------------------------------

/** Holdings per instrument and vintage before an instant, straight from the journal (independent of the service). */
async function journalHoldings(accountId: number, marketDayStart: string): Promise<StatementHolding[]> {
  const rows = await db().$queryRaw<{ instrument: 'CEA' | 'CCER'; vintage: number; available: bigint; locked: bigint; pledged: bigint; frozen: bigint }[]>`
    SELECT p.instrument::text AS instrument, p.vintage,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'AVAILABLE'), 0)::bigint AS available,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'LOCKED'), 0)::bigint AS locked,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'PLEDGED'), 0)::bigint AS pledged,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'FROZEN'), 0)::bigint AS frozen
      FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id
     WHERE p.account_id = ${accountId} AND (e.created_at AT TIME ZONE 'Asia/Shanghai') < ${marketDayStart}::timestamp
     GROUP BY p.instrument, p.vintage
     ORDER BY p.instrument, p.vintage`;
  return rows
    .map((r) => {
      const [available, locked, pledged, frozen] = [r.available, r.locked, r.pledged, r.frozen].map(Number) as [number, number, number, number];
      return { instrument: r.instrument, vintage: r.vintage, available, locked, pledged, frozen, total: available + locked + pledged + frozen };
    })
    .filter((h) => h.available || h.locked || h.pledged || h.frozen);
}

async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

describe('the account statement', () => {
  let st: Participant;
  let days: { one: string; two: string; three: string };
  const statementUrl = (accountId: number, query: string) => `/api/v1/accounts/${accountId}/statement?${query}`;

  beforeAll(async () => {
    st = await createParticipant(reg, { province: 'GD', cea: { 2024: 1_000 }, ccer: { 2023: 40 }, name: 'Statement Steel' });
    const one = (await getClock()).tradingDay;
    await controlClock(reg.exchange, { action: 'next-trading-day' });
    const two = (await getClock()).tradingDay;
    await cancelVoluntarily(st.actor, { instrument: 'CEA', vintage: 2024, quantity: 10, reason: 'Retired for a green bond' });
    await freeze(reg.registry, { accountId: st.accountId, instrument: 'CEA', vintage: 2024, quantity: 5, authority: '广州市中级人民法院', orderReference: '(2026) 粤01执 1号', reason: 'Court order' });
    await controlClock(reg.exchange, { action: 'next-trading-day' });
    const three = (await getClock()).tradingDay;
    await cancelVoluntarily(st.actor, { instrument: 'CCER', vintage: 2023, quantity: 7, reason: 'Later retirement' });
    days = { one, two, three };
  }, 120_000);

  it('derives the holdings at the start and at the end from the journal, and lists the period’s movements with running totals', async () => {
    const s = await accountStatement(st.actor, st.accountId, { from: days.two, to: days.two });
    expect(s.opening).toEqual(await journalHoldings(st.accountId, `${days.two} 00:00`));
    expect(s.closing).toEqual(await journalHoldings(st.accountId, `${days.three} 00:00`));
    expect(s.opening).toEqual([
      { instrument: 'CEA', vintage: 2024, available: 1000, locked: 0, pledged: 0, frozen: 0, total: 1000 },
      { instrument: 'CCER', vintage: 2023, available: 40, locked: 0, pledged: 0, frozen: 0, total: 40 },
    ]);
    expect(s.closing).toEqual([
      { instrument: 'CEA', vintage: 2024, available: 985, locked: 0, pledged: 0, frozen: 5, total: 990 },
      { instrument: 'CCER', vintage: 2023, available: 40, locked: 0, pledged: 0, frozen: 0, total: 40 },
    ]);
    expect(s.lines.map((m) => [m.type, `${m.instrument}-${m.vintage}`, m.change, m.balance, m.available, m.frozen])).toEqual([
      ['VOLUNTARY_CANCELLATION', 'CEA-2024', -10, 990, -10, 0],
      ['FREEZE', 'CEA-2024', 0, 990, -5, 5],
    ]);
    // Start + movements = end, per asset, over any period.
    const whole = await accountStatement(st.actor, st.accountId, { from: days.one, to: days.three });
    expect(whole.opening).toEqual([]);
    const totals = new Map<string, number>();
    for (const m of whole.lines) totals.set(`${m.instrument}-${m.vintage}`, (totals.get(`${m.instrument}-${m.vintage}`) ?? 0) + m.change);
    expect(Object.fromEntries(totals)).toEqual(Object.fromEntries(whole.closing.map((h) => [`${h.instrument}-${h.vintage}`, h.total])));
    expect(whole.closing).toEqual(await holdingsNow(st.accountId));
  });

  it('is a PDF in English, with the account, the period, the holdings and the movements', async () => {
    const token = await tokenFor(st.actor);
    const res = await expectNothingChanged(() =>
      fetchRaw(statementRoute, statementUrl(st.accountId, `from=${days.two}&to=${days.two}`), { token, params: { id: String(st.accountId) } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="statement-RA-[0-9A-Z]+-${days.two}-${days.two}\\.pdf"$`));
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.bytes.length).toBeLessThan(200_000); // the font is a subset, not the 10 MB file
    const { pages, text } = await pdfText(res.bytes);
    expect(pages).toBe(1);
    expect(text).toContain('Account statement');
    expect(text).toContain('Statement Steel');
    expect(text).toContain(`${days.two} to ${days.two}`);
    expect(text).toMatch(/CEA-2024 1,000 0 0 0 1,000/); // at the start
    expect(text).toMatch(/CEA-2024 985 0 0 5 990/); // at the end
    expect(text).toContain('Voluntary cancellation');
    expect(text).toContain('Retired for a green bond');
    expect(text).not.toContain('Later retirement'); // the next day is outside the period
  });

  it('is a PDF in Chinese with the embedded CJK font, for ?lang=zh or Accept-Language', async () => {
    const token = await tokenFor(st.actor);
    const params = { id: String(st.accountId) };
    const byParam = await fetchRaw(statementRoute, statementUrl(st.accountId, `from=${days.one}&to=${days.three}&lang=zh`), { token, params });
    expect(byParam.status).toBe(200);
    const { text } = await pdfText(byParam.bytes);
    expect(text).toContain('账户对账单');
    expect(text).toMatch(/机构\d+/); // the holder's Chinese name
    expect(text).toContain('自愿注销');
    expect(text).toContain('冻结');
    const lines = (await accountStatement(st.actor, st.accountId, { from: days.one, to: days.three })).lines.length;
    expect(text).toContain(`期间变动（${lines} 笔）`);
    const fonts = byParam.bytes.toString('latin1').match(/\/BaseFont\s*\/([A-Z]{6}\+[\w-]+)/g) ?? [];
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => /NotoSansSC/.test(f))).toBe(true);

    const byHeader = await fetchRaw(statementRoute, statementUrl(st.accountId, `from=${days.one}&to=${days.three}`), { token, params, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect((await pdfText(byHeader.bytes)).text).toContain('账户对账单');
  });

  it('runs a long period onto more pages, the table header repeated on each, every line once', async () => {
    const res = await fetchRaw(statementRoute, statementUrl(gd.accountId, `from=${days.one}&to=${days.three}`), { token: t.gd, params: { id: String(gd.accountId) } });
    expect(res.status).toBe(200);
    const { pages, text } = await pdfText(res.bytes);
    const lines = (await accountStatement(gd.actor, gd.accountId, { from: days.one, to: days.three })).lines;
    expect(lines.length).toBeGreaterThan(CANCELLATIONS);
    expect(pages).toBeGreaterThan(3);
    expect(text.split('Memo and legal basis').length - 1).toBe(pages);
    expect(text.split('Voluntary cancellation').length - 1).toBe(lines.filter((m) => m.type === 'VOLUNTARY_CANCELLATION').length);
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });

  it('has the readers of the movements: its regulator and operators yes; another organisation 404, another province 403', async () => {
    const params = { id: String(st.accountId) };
    const q = `from=${days.one}&to=${days.three}`;
    for (const token of [t.regGD, t.registry]) expect((await fetchRaw(statementRoute, statementUrl(st.accountId, q), { token, params })).status).toBe(200);
    await expectError(statementRoute, { path: statementUrl(st.accountId, q), token: t.gd, params }, 404, 'NOT_FOUND');
    await expectError(statementRoute, { path: statementUrl(st.accountId, q), token: t.regHB, params }, 403, 'FORBIDDEN');
    await expectError(statementRoute, { path: statementUrl(999_999, q), token: t.registry, params: { id: '999999' } }, 404, 'NOT_FOUND');
    await expectError(statementRoute, { path: statementUrl(st.accountId, q), params }, 401, 'UNAUTHENTICATED');
  });

  it('refuses a period that ends before it starts, or dates that are not dates, naming the field', async () => {
    const params = { id: String(st.accountId) };
    const backwards = await expectError(statementRoute, { path: statementUrl(st.accountId, `from=${days.two}&to=${days.one}`), token: t.registry, params }, 400, 'INVALID_INPUT');
    expect(backwards.fields).toEqual({ 'query.to': `Must be at least ${days.two}.` });
    const zh = await call(statementRoute, { path: statementUrl(st.accountId, 'from=2026-02-30&to=x'), token: t.registry, params, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(400);
    expect(Object.keys(zh.body.error.fields)).toEqual(['query.from', 'query.to']);
    expect(zh.body.error.fields['query.to']).toBe('请输入日期（YYYY-MM-DD）。');
  });
});

async function holdingsNow(accountId: number): Promise<StatementHolding[]> {
  const rows = await db().holding.findMany({ where: { accountId }, orderBy: [{ instrument: 'asc' }, { vintage: 'asc' }] });
  return rows
    .map((h) => ({ instrument: h.instrument, vintage: h.vintage, available: Number(h.available), locked: Number(h.locked), pledged: Number(h.pledged), frozen: Number(h.frozen), total: Number(h.available + h.locked + h.pledged + h.frozen) }))
    .filter((h) => h.total !== 0);
}
