import type { Dictionary } from '@/i18n';
import type { ScenarioResult } from '@/domain/sandbox/scenario';
import { amount, tonnes } from '@/ui/format';

/** A scenario's (or the policy in force's) market-wide outcome. */
export type Outcome = ScenarioResult['scenario'];

export type FigureKind = 'tonnes' | 'cny' | 'ratio' | 'count';
export type FigureId = keyof Dictionary['sandbox']['figures'];

/**
 * The market-wide figures of a scenario, in the order the scenario's page and the comparison show
 * them: each read from an outcome, with how it reads (the texts: t.sandbox.figures).
 */
export const MARKET_FIGURES: readonly { id: Exclude<FigureId, 'surrendered'>; kind: FigureKind; value: (o: Outcome) => number | string | null }[] = [
  { id: 'cap', kind: 'tonnes', value: (o) => o.market.cap },
  { id: 'allocation', kind: 'tonnes', value: (o) => o.totals.allocation },
  { id: 'issued', kind: 'tonnes', value: (o) => o.totals.issued },
  { id: 'paid', kind: 'tonnes', value: (o) => o.totals.paid },
  { id: 'banked', kind: 'tonnes', value: (o) => o.totals.banked },
  { id: 'offsets', kind: 'tonnes', value: (o) => o.totals.offsets },
  { id: 'verifiedEmissions', kind: 'tonnes', value: (o) => o.totals.verifiedEmissions },
  { id: 'supply', kind: 'tonnes', value: (o) => o.market.supply },
  { id: 'scarcityRatio', kind: 'ratio', value: (o) => o.market.scarcityRatio },
  { id: 'deficit', kind: 'tonnes', value: (o) => o.totals.deficit },
  { id: 'surplus', kind: 'tonnes', value: (o) => o.totals.surplus },
  { id: 'netDemand', kind: 'tonnes', value: (o) => o.market.netDemand },
  { id: 'short', kind: 'count', value: (o) => o.totals.short },
  { id: 'cost', kind: 'cny', value: (o) => o.totals.cost },
  { id: 'fineMin', kind: 'cny', value: (o) => o.totals.fineMin },
  { id: 'fineMax', kind: 'cny', value: (o) => o.totals.fineMax },
  { id: 'auctionOffered', kind: 'tonnes', value: (o) => o.market.auction.offered },
  { id: 'auctionSold', kind: 'tonnes', value: (o) => o.market.auction.sold },
  { id: 'auctionRevenue', kind: 'cny', value: (o) => o.market.auction.revenue },
];

/** A figure as a cell shows it. */
export const showFigure = (v: number | string | null, kind: FigureKind): string =>
  v === null ? '—' : kind === 'cny' ? `¥${amount(String(v))}` : kind === 'ratio' ? String(v) : tonnes(Number(v));
