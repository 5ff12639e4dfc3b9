import { asNote } from '@/domain/notes';
import { noteOrText } from '@/i18n/notes';
import { getDictionary } from '@/i18n/dictionaries';
import type { CsvRow, CsvSpec } from './csv';

/**
 * The CSV descriptions that say more than `csv: {}` (src/server/http/csv.ts): which rows a report
 * exports and how a field that is not a plain value reads in a cell. Generated texts (memos, alert
 * details) are rendered in the export's language, as the pages show them.
 */

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): CsvRow[] => (Array.isArray(v) ? (v as CsvRow[]) : []);
const joined = (v: unknown, key: string) => list(v).map((x) => String(x[key] ?? '')).join('; ');
const obj = (v: unknown): CsvRow => (v !== null && typeof v === 'object' ? (v as CsvRow) : {});

/** The figures of a compliance overview row (total, an industry or a province), flattened alike. */
const overviewRow = (breakdown: 'TOTAL' | 'INDUSTRY' | 'PROVINCE', key: string | null, r: CsvRow): CsvRow => ({
  breakdown,
  key,
  budget: r.budget ?? null,
  allocated: r.allocated,
  verifiedEmissions: r.verifiedEmissions,
  surrendered: r.surrendered,
  offsetsUsed: r.offsetsUsed,
  compliance: r.compliance,
  offsets: r.offsets ?? null,
});

export const csvSpecs = {
  /** Journal lines of an account: memo and legal basis in the reader's language. */
  movements: {
    omit: ['memoNote', 'legalBasisNote', 'anonymousCounterparty'],
    values: {
      memo: (r, { lang }) => noteOrText(asNote(r.memoNote), str(r.memo), lang),
      legalBasis: (r, { lang }) => noteOrText(asNote(r.legalBasisNote), str(r.legalBasis), lang),
      // The market is anonymous: a counterparty the reader may not identify reads as such, in the export's language.
      counterparties: (r, { lang }) =>
        [...(Array.isArray(r.counterparties) ? r.counterparties.map(String) : []), ...(r.anonymousCounterparty === true ? [getDictionary(lang).anonymity.anonymousCounterparty] : [])].join('; '),
    },
  },
  /** Surveillance alerts: the detail in the reader's language; the accounts, trades and listings by number / id. */
  alerts: {
    values: {
      detail: (r, { lang }) => noteOrText(asNote(r.detailNote), str(r.detail), lang),
      accounts: (r) => joined(r.accounts, 'number'),
      trades: (r) => joined(r.trades, 'id'),
      listings: (r) => joined(r.listings, 'id'),
    },
  },
  /** The order book: one row per price level, bids then asks. */
  book: {
    rows: (result) => {
      const b = obj(result);
      return [...list(b.bids).map((l) => ({ side: 'BUY', ...l })), ...list(b.asks).map((l) => ({ side: 'SELL', ...l }))];
    },
  },
  /** Block proposals: one list, each row saying whether it was sent, received or is an open offer. */
  blockProposals: {
    rows: (result) => {
      const b = obj(result);
      return (['outgoing', 'incoming', 'openOffers'] as const).flatMap((direction) => list(b[direction]).map((p) => ({ direction, ...p })));
    },
  },
  /** The compliance overview: the total, then each industry, then each province. */
  complianceOverview: {
    rows: (result) => {
      const o = obj(result);
      return [
        overviewRow('TOTAL', str(o.provinceCode), o),
        ...list(o.byIndustry).map((i) => overviewRow('INDUSTRY', str(i.industry), i)),
        ...list(o.byProvince).map((p) => overviewRow('PROVINCE', str(p.provinceCode), p)),
      ];
    },
  },
  coveredEntities: {
    values: { recentEmissions: (r) => list(r.recentEmissions).map((e) => `${String(e.year)}: ${String(e.verified)}`).join('; ') },
  },
  /** An allocation run's lines, with each line's formula instead of its whole calculation. */
  allocationRun: {
    rows: 'lines',
    omit: ['calculation', 'problems'],
    values: { formula: (r) => str(obj(r.calculation).formula) },
  },
  allocationCalculations: {
    omit: ['calculation.installations', 'calculation.problems'],
  },
  auctions: { omit: ['myBids'] },
  allocationPlan: { rows: 'budgets' },
  /** The ledger check: conservation per instrument and vintage. */
  ledger: { rows: 'vintages' },
  /** Supply and scarcity: one row per province, then one per industry group, with the same figures. */
  supply: {
    rows: (r) => [
      ...list(obj(r).byProvince).map((p) => ({ dimension: 'province', ...obj(p) })),
      ...list(obj(r).byGroup).map((g) => ({ dimension: 'industry', cap: null, ...obj(g) })),
    ],
  },
  /** The balance sheet: its asset lines, then its liabilities, in one set of columns. */
  balanceSheet: {
    rows: (r) => [
      ...list(obj(r).assets).map((a) => { const x = obj(a); return { section: 'ASSET', item: x.symbol, basis: x.priceSource, tonnes: x.total, price: x.price, value: x.value, deadline: null }; }),
      ...list(obj(r).liabilities).map((l) => { const x = obj(l); return { section: 'LIABILITY', item: x.year, basis: x.basis, tonnes: x.remaining, price: x.price, value: x.value, deadline: x.deadline, shortfall: x.shortfall }; }),
    ],
  },
} satisfies Record<string, CsvSpec>;
