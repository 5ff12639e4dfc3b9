/**
 * Scarcity (DOMAIN §7, "Definitions"): the surplus ratio of year Y is (allowances in circulation +
 * units already surrendered for Y) ÷ the verified emissions of Y, measured at the surrender deadline
 * of Y (or today, before it). Allowances in circulation: CEA of vintages ≤ Y held by participants,
 * every bucket. Above 1 the market is long; below 1 it is short.
 */
import Decimal from 'decimal.js';

/** 4 decimals, half-up; null without verified emissions. */
export function surplusRatio(circulation: number, surrendered: number, verifiedEmissions: number): string | null {
  if (verifiedEmissions <= 0) return null;
  return new Decimal(circulation + surrendered).div(verifiedEmissions).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/** Where a ratio puts the market. */
export type MarketBalance = 'LONG' | 'SHORT' | 'BALANCED';
export function marketBalance(ratio: string | null): MarketBalance | null {
  if (ratio === null) return null;
  const c = new Decimal(ratio).cmp(1);
  return c > 0 ? 'LONG' : c < 0 ? 'SHORT' : 'BALANCED';
}
