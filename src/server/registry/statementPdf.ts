import path from 'node:path';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { groupThousands } from '@/domain/quantity';
import { formatMarketTime, toMarketTime } from '@/domain/trading/calendar';
import { fmt, type Lang } from '@/i18n';
import { getDictionary } from '@/i18n/dictionaries';
import { noteOrText } from '@/i18n/notes';
import type { AccountStatement, StatementHolding, StatementLine } from './statement';

/**
 * The account statement as a PDF (pdfkit), in English or Simplified Chinese. One font for both:
 * Noto Sans SC (SIL Open Font License) from the npm package @expo-google-fonts/noto-sans-sc, which
 * covers Latin and CJK; pdfkit embeds only the glyphs a statement uses (a subset of a few kB), so
 * nothing depends on the fonts of the machine.
 */

const FONT_DIR = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'noto-sans-sc');
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(path.join(FONT_DIR, '400Regular', 'NotoSansSC_400Regular.ttf')),
    bold: readFileSync(path.join(FONT_DIR, '700Bold', 'NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

const PAGE = { width: 595.28, height: 841.89, margin: 40 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 18; // room for the footer
const GRID = '#c8ccd2';
const SHADE = '#f1f3f5';
const MUTED = '#5b6470';

/** Signed whole tonnes with thousands separators: -1234 → "-1,234". */
const tonnes = (n: number) => `${n < 0 ? '-' : ''}${groupThousands(String(Math.abs(n)))}`;
const signed = (n: number) => (n > 0 ? `+${tonnes(n)}` : tonnes(n));
const marketTime = (d: Date) => formatMarketTime(toMarketTime(d));

interface Column<R> {
  header: string;
  width: number;
  align?: 'left' | 'right';
  value: (row: R) => string;
  /** A smaller, muted second text under the value (a line's details). */
  sub?: (row: R) => string;
}

export async function statementPdf(statement: AccountStatement, lang: Lang): Promise<Buffer> {
  const dict = getDictionary(lang);
  const t = dict.exports.statement;
  const { regular, bold } = loadFonts();
  const title = `${t.title} ${statement.account.number} ${statement.period.from} – ${statement.period.to}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang: lang === 'zh' ? 'zh-CN' : 'en',
    info: { Title: title, Author: dict.meta.appName, Subject: t.title, CreationDate: statement.generatedAt },
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);

  // ---- heading: the account and the period
  doc.font('bold').fontSize(16).fillColor('black').text(t.title, PAGE.margin, PAGE.margin);
  doc.moveDown(0.5);
  const holder = lang === 'zh' && statement.account.nameZh ? statement.account.nameZh : statement.account.name;
  const facts: [string, string][] = [
    [t.account, statement.account.number],
    [t.holder, holder],
    [t.status, dict.accountStatus[statement.account.status as keyof typeof dict.accountStatus] ?? statement.account.status],
    [t.period, fmt(t.periodValue, { from: statement.period.from, to: statement.period.to })],
    [t.generated, marketTime(statement.generatedAt)],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('body').fontSize(9).fillColor(MUTED).text(label, PAGE.margin, y, { width: 110 });
    doc.font('body').fontSize(9).fillColor('black').text(value, PAGE.margin + 110, y, { width: CONTENT_WIDTH - 110 });
    doc.moveDown(0.2);
  }

  // ---- holdings at the start and at the end
  const holdingColumns: Column<StatementHolding>[] = [
    { header: t.colAsset, width: 140, value: (h) => `${h.instrument}-${h.vintage}` },
    { header: t.colAvailable, width: 75, align: 'right', value: (h) => tonnes(h.available) },
    { header: t.colLocked, width: 75, align: 'right', value: (h) => tonnes(h.locked) },
    { header: t.colPledged, width: 75, align: 'right', value: (h) => tonnes(h.pledged) },
    { header: t.colFrozen, width: 75, align: 'right', value: (h) => tonnes(h.frozen) },
    { header: t.colTotal, width: CONTENT_WIDTH - 440, align: 'right', value: (h) => tonnes(h.total) },
  ];
  section(doc, fmt(t.opening, { date: statement.period.from }));
  table(doc, holdingColumns, statement.opening, t.noHoldings);
  section(doc, fmt(t.closing, { date: statement.period.to }));
  table(doc, holdingColumns, statement.closing, t.noHoldings);

  // ---- the movements of the period
  const typeLabel = (type: string) => dict.movementTypes[type as keyof typeof dict.movementTypes] ?? type;
  const bucketLabel = { available: dict.buckets.available, locked: dict.buckets.locked, pledged: dict.buckets.pledged, frozen: dict.buckets.frozen };
  const details = (m: StatementLine) => {
    const parts: string[] = [];
    const memo = noteOrText(m.memoNote, m.memo, lang);
    const basis = noteOrText(m.legalBasisNote, m.legalBasis, lang);
    if (memo) parts.push(memo);
    if (basis) parts.push(basis);
    return parts.join('\n');
  };
  const more = (m: StatementLine) => {
    const parts: string[] = [];
    const buckets = (['available', 'locked', 'pledged', 'frozen'] as const).filter((b) => m[b] !== 0);
    if (m.change === 0 || buckets.some((b) => b !== 'available')) parts.push(buckets.map((b) => `${bucketLabel[b]} ${signed(m[b])}`).join(' · '));
    if (m.reference) parts.push(`${t.reference}: ${m.reference}`);
    const shown = m.anonymousCounterparty ? [...m.counterparties, dict.anonymity.anonymousCounterparty] : m.counterparties;
    if (shown.length) parts.push(`${t.counterparties}: ${shown.join(', ')}`);
    return parts.join('\n');
  };
  const lineColumns: Column<StatementLine>[] = [
    { header: t.colDate, width: 72, value: (m) => marketTime(m.at) },
    { header: t.colType, width: 78, value: (m) => typeLabel(m.type) },
    { header: t.colAsset, width: 58, value: (m) => `${m.instrument}-${m.vintage}` },
    { header: t.colIn, width: 50, align: 'right', value: (m) => (m.change > 0 ? tonnes(m.change) : '') },
    { header: t.colOut, width: 50, align: 'right', value: (m) => (m.change < 0 ? tonnes(-m.change) : '') },
    { header: t.colBalance, width: 56, align: 'right', value: (m) => tonnes(m.balance) },
    { header: t.colDetails, width: CONTENT_WIDTH - 364, value: details, sub: more },
  ];
  section(doc, fmt(t.movements, { n: statement.lines.length }));
  table(doc, lineColumns, statement.lines, t.noMovements);
  const totalIn = statement.lines.reduce((s, m) => s + Math.max(m.change, 0), 0);
  const totalOut = statement.lines.reduce((s, m) => s + Math.max(-m.change, 0), 0);
  if (statement.lines.length) {
    ensureRoom(doc, 14);
    doc.font('body').fontSize(8.5).fillColor('black').text(fmt(t.totals, { in: tonnes(totalIn), out: tonnes(totalOut) }), PAGE.margin, doc.y + 4, { width: CONTENT_WIDTH });
  }

  // ---- footer on every page
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the bottom margin must not open a new page
    doc.font('body').fontSize(7.5).fillColor(MUTED)
      .text(`${statement.account.number} · ${fmt(t.footer, { page: i + 1 - range.start, pages: range.count })}`, PAGE.margin, PAGE.height - PAGE.margin + 6, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

function section(doc: PDFKit.PDFDocument, heading: string) {
  ensureRoom(doc, 60);
  doc.moveDown(0.8);
  doc.font('bold').fontSize(11).fillColor('black').text(heading, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

function ensureRoom(doc: PDFKit.PDFDocument, height: number) {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    doc.y = PAGE.margin;
  }
}

const PAD = 3;

/** A table with a shaded header row that is repeated on every page the rows run onto. */
function table<R>(doc: PDFKit.PDFDocument, columns: Column<R>[], rows: R[], empty: string) {
  const fontSize = 8;
  const header = () => {
    doc.font('bold').fontSize(fontSize);
    const h = Math.max(...columns.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * PAD }))) + 2 * PAD;
    const y = doc.y;
    doc.rect(PAGE.margin, y, CONTENT_WIDTH, h).fill(SHADE);
    let x = PAGE.margin;
    for (const c of columns) {
      doc.fillColor('black').text(c.header, x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
      x += c.width;
    }
    doc.moveTo(PAGE.margin, y + h).lineTo(PAGE.margin + CONTENT_WIDTH, y + h).lineWidth(0.6).strokeColor(GRID).stroke();
    doc.y = y + h;
  };
  if (!rows.length) {
    doc.font('body').fontSize(fontSize + 0.5).fillColor(MUTED).text(empty, PAGE.margin, doc.y + 2, { width: CONTENT_WIDTH });
    return;
  }
  ensureRoom(doc, 40);
  header();
  for (const row of rows) {
    doc.font('body').fontSize(fontSize);
    const cells = columns.map((c) => ({ c, text: c.value(row), sub: c.sub?.(row) ?? '' }));
    const heightOf = ({ c, text, sub }: (typeof cells)[number]) => {
      doc.font('body').fontSize(fontSize);
      const main = text ? doc.heightOfString(text, { width: c.width - 2 * PAD }) : 0;
      doc.fontSize(fontSize - 1);
      const extra = sub ? doc.heightOfString(sub, { width: c.width - 2 * PAD }) + (text ? 1 : 0) : 0;
      return main + extra;
    };
    const h = Math.max(fontSize + 2, ...cells.map(heightOf)) + 2 * PAD;
    if (doc.y + h > BOTTOM) {
      doc.addPage();
      doc.y = PAGE.margin;
      header();
    }
    const y = doc.y;
    let x = PAGE.margin;
    for (const { c, text, sub } of cells) {
      const opts = { width: c.width - 2 * PAD, align: c.align ?? 'left' } as const;
      doc.font('body').fontSize(fontSize).fillColor('black');
      if (text) doc.text(text, x + PAD, y + PAD, opts);
      if (sub) doc.fontSize(fontSize - 1).fillColor(MUTED).text(sub, x + PAD, text ? doc.y + 1 : y + PAD, opts);
      x += c.width;
    }
    doc.moveTo(PAGE.margin, y + h).lineTo(PAGE.margin + CONTENT_WIDTH, y + h).lineWidth(0.3).strokeColor(GRID).stroke();
    doc.y = y + h;
  }
}
