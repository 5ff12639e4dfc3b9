/**
 * Price bands (涨跌幅限制): listed agreement transfers within ±10 % of the previous close, block
 * agreement transfers within ±30 %. Band limits are rounded to the 0.01 tick INWARD: the low limit
 * up, the high limit down, so no allowed price is ever outside the percentage.
 */
import Decimal from 'decimal.js';
import { MoneyDecimal } from '../money';

export type TradingMethod = 'LISTED' | 'BLOCK';

export const BAND_PERCENT: Record<TradingMethod, Decimal> = {
  LISTED: new MoneyDecimal('0.10'),
  BLOCK: new MoneyDecimal('0.30'),
};

export interface PriceBand {
  low: Decimal;
  high: Decimal;
}

/** The band around a previous close (or, on the first day, the operator's reference price). */
export function priceBand(previousClose: Decimal, method: TradingMethod): PriceBand {
  const base = new MoneyDecimal(previousClose);
  const pct = BAND_PERCENT[method];
  const low = base.times(new MoneyDecimal(1).minus(pct)).toDecimalPlaces(2, Decimal.ROUND_CEIL);
  const high = base.times(new MoneyDecimal(1).plus(pct)).toDecimalPlaces(2, Decimal.ROUND_FLOOR);
  // The smallest price is one tick: a band never reaches zero.
  return { low: Decimal.max(low, new MoneyDecimal('0.01')), high };
}

export function isWithinBand(price: Decimal, band: PriceBand): boolean {
  return price.gte(band.low) && price.lte(band.high);
}

/** True when a price sits exactly on a band limit (a surveillance signal). */
export function isAtBandLimit(price: Decimal, band: PriceBand): boolean {
  return price.eq(band.low) || price.eq(band.high);
}
