/**
 * Auction revenue earmarking (DOMAIN §7): the national regulator sets, per year, the share of
 * auction revenue for each use. The shares of a year sum to at most 1; each amount is the revenue ×
 * its share, half-up to the fen, and what is left is unassigned, so the amounts always add up to
 * the revenue exactly.
 */
import Decimal from 'decimal.js';

/** The uses revenue can be earmarked for (labels in both languages in the dictionaries). */
export const EARMARK_USES = ['LOW_CARBON_FUND', 'PUBLIC_TRANSFERS', 'ADAPTATION', 'INNOVATION', 'ADMINISTRATION', 'GENERAL_BUDGET'] as const;
export type EarmarkUse = (typeof EARMARK_USES)[number];

export interface EarmarkShare {
  use: EarmarkUse;
  share: string;
}

export const sharesTotal = (shares: readonly EarmarkShare[]) => shares.reduce((s, e) => s.plus(e.share), new Decimal(0));

export interface EarmarkAmounts {
  items: { use: EarmarkUse; share: string; amount: string }[];
  unassignedShare: string;
  unassigned: string;
}

export function earmarkAmounts(revenue: string, shares: readonly EarmarkShare[]): EarmarkAmounts {
  const fen = (v: Decimal) => v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const total = sharesTotal(shares);
  const items = shares.map((e) => ({ use: e.use, share: new Decimal(e.share).toFixed(4), amount: fen(new Decimal(revenue).times(e.share)) }));
  // Everything earmarked: the last use takes what rounding left, so the amounts add up exactly.
  const last = items.at(-1);
  if (last && total.eq(1)) last.amount = new Decimal(revenue).minus(items.slice(0, -1).reduce((s, i) => s.plus(i.amount), new Decimal(0)));
  const assigned = items.reduce((s, i) => s.plus(i.amount), new Decimal(0));
  return {
    items: items.map((i) => ({ ...i, amount: i.amount.toFixed(2) })),
    unassignedShare: new Decimal(1).minus(total).toFixed(4),
    unassigned: new Decimal(revenue).minus(assigned).toFixed(2),
  };
}
