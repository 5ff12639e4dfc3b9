import Decimal from 'decimal.js';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { buyerLock, tradeFee } from '@/domain/trading/fees';
import { isWithinBand } from '@/domain/trading/priceBand';
import { fmt, type Dictionary } from '@/i18n';
import { cny, tonnes } from '@/ui/format';

/**
 * Inline checks of the trading forms that the request schemas cannot know: the price band, and
 * whether the cash or the sellable allowances cover the order. The services check the same rules
 * again (and decide); these only tell the user before they submit. Pure and client-safe.
 */

export interface Band {
  low: string;
  high: string;
}

/** What the caller has for an order: available cash, and units of the instrument (T+1 aware). */
export interface Means {
  cashAvailable: string | null;
  available: number;
  sellable: number;
  boughtToday: number;
}

export const priceOf = (s: string): Decimal | null => {
  try {
    return parsePrice(s.trim());
  } catch {
    return null;
  }
};

/** "must be between 54.00 and 66.00" when outside the band; undefined inside. */
export function bandError(price: Decimal, band: Band | null, t: Dictionary): string | undefined {
  if (!band || isWithinBand(price, { low: new Decimal(band.low), high: new Decimal(band.high) })) return undefined;
  return fmt(t.trading.outsideBand, { low: band.low, high: band.high });
}

/** A buy of `quantity` t at `price`: value, fee and the cash it locks (value + fee). */
export function buyCost(price: Decimal, quantity: number, feeRate: string) {
  const value = priceTimesTonnes(price, BigInt(quantity));
  const lock = buyerLock(price, BigInt(quantity), new Decimal(feeRate));
  return { value, fee: lock.minus(value), lock };
}

/** A sale of `quantity` t at `price`: value, fee and what is received (value − fee). */
export function sellProceeds(price: Decimal, quantity: number, feeRate: string) {
  const value = priceTimesTonnes(price, BigInt(quantity));
  const fee = tradeFee(price, BigInt(quantity), new Decimal(feeRate));
  return { value, fee, net: value.minus(fee) };
}

/** Why the caller cannot pay `cash` or deliver `quantity` t, or undefined. */
export function meansError(side: 'BUY' | 'SELL', cash: Decimal, quantity: number, means: Means, t: Dictionary): string | undefined {
  if (side === 'BUY') {
    if (means.cashAvailable !== null && cash.gt(means.cashAvailable)) return fmt(t.trading.notEnoughCash, { need: cny(cash.toFixed(2)), available: cny(means.cashAvailable) });
    return undefined;
  }
  if (quantity > means.available) return fmt(t.trading.notEnoughUnits, { n: tonnes(means.available) });
  if (quantity > means.sellable) return fmt(t.trading.tPlusOne, { n: tonnes(means.sellable), today: tonnes(means.boughtToday) });
  return undefined;
}

/** The fee rate as a per cent string: "0.0005" → "0.05 %". */
export const feePercent = (rate: string) => `${new Decimal(rate).times(100).toString()} %`;
