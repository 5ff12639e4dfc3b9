/**
 * Surrender (清缴) rules, pure: which units count towards a year's obligation, the CCER cap, and how
 * a surrender splits into what covers the obligation and what is a voluntary cancellation.
 */
import Decimal from 'decimal.js';

/** Banking (结转) policy: trading phases, and a carry-over discount within a phase. */
export interface BankingPolicy {
  /** Years in which each trading phase starts, ascending (e.g. [2021, 2026]); [] = one phase. */
  phaseStarts: number[];
  /** Whether allowances of an earlier phase count in a later one. */
  carryOverBetweenPhases: boolean;
  /** Each tonne of an earlier vintage within the phase counts as this many tonnes ("1" = full). */
  carryOverDiscount: string;
}

export const phaseOf = (year: number, policy: BankingPolicy): number => policy.phaseStarts.filter((s) => s <= year).at(-1) ?? -Infinity;

export type VintageRefusal = 'FUTURE_VINTAGE' | 'EARLIER_PHASE';

/** Whether CEA of `vintage` may be surrendered for `year`: never a later vintage; earlier phases only if allowed. */
export function vintageRefusal(vintage: number, year: number, policy: BankingPolicy): VintageRefusal | null {
  if (vintage > year) return 'FUTURE_VINTAGE';
  if (!policy.carryOverBetweenPhases && phaseOf(vintage, policy) !== phaseOf(year, policy)) return 'EARLIER_PHASE';
  return null;
}

/** Tonnes of obligation covered by surrendering `quantity` t of `vintage` (carry-over discount within a phase, rounded down). */
export function creditedTonnes(quantity: number, vintage: number, year: number, policy: BankingPolicy): number {
  if (vintage === year) return quantity;
  return new Decimal(quantity).times(policy.carryOverDiscount).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();
}

/** The most CCER (offsets) that may count: a share (5 %) of the obligation, in whole tonnes, rounded down. */
export function offsetCap(obligation: number, share: string): number {
  return new Decimal(obligation).times(share).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();
}

export interface SurrenderSplit {
  /** Tonnes that cover the obligation (after discounts). */
  credited: number;
  /** Tonnes (of units) beyond what the obligation still needs: a voluntary cancellation. */
  excess: number;
}

/**
 * Splits a surrender of `credits` tonnes of obligation against what is still `outstanding`: what
 * covers it, and the excess (voluntary cancellation).
 */
export function splitSurrender(credits: number, outstanding: number): SurrenderSplit {
  const credited = Math.min(credits, Math.max(outstanding, 0));
  return { credited, excess: credits - credited };
}

/** The worked cost of closing a gap at a market price (CNY, two decimals). */
export function costToClose(gap: number, price: string): string {
  return new Decimal(Math.max(gap, 0)).times(price).toFixed(2);
}

export interface SurrenderItem {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  quantity: number;
}

export interface PlannedItem extends SurrenderItem {
  /** Tonnes of obligation this item covers. */
  credited: number;
  /** Units of this item that cover the obligation (the rest are excess). */
  surrendered: number;
  /** Units beyond the obligation: a voluntary cancellation. */
  excess: number;
}

/**
 * Plans a surrender against what is still `outstanding`, item by item in the order given: each
 * item covers what it can (CEA of earlier vintages at the carry-over discount; CCER in full), and
 * the units beyond the obligation are a voluntary cancellation. Eligibility is checked beforehand.
 */
export function planSurrender(items: SurrenderItem[], outstanding: number, year: number, policy: BankingPolicy): PlannedItem[] {
  let left = Math.max(outstanding, 0);
  return items.map((item) => {
    const perUnit = item.instrument === 'CCER' ? new Decimal(1) : item.vintage === year ? new Decimal(1) : new Decimal(policy.carryOverDiscount);
    const full = item.instrument === 'CCER' ? item.quantity : creditedTonnes(item.quantity, item.vintage, year, policy);
    if (full <= left) {
      left -= full;
      return { ...item, credited: full, surrendered: item.quantity, excess: 0 };
    }
    // Only part is needed: the fewest units whose credit covers what is left.
    const units = Math.min(item.quantity, new Decimal(left).div(perUnit).toDecimalPlaces(0, Decimal.ROUND_UP).toNumber());
    const credited = Math.min(left, item.instrument === 'CCER' ? units : creditedTonnes(units, item.vintage, year, policy));
    left -= credited;
    return { ...item, credited, surrendered: units, excess: item.quantity - units };
  });
}
