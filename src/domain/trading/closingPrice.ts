/**
 * Closing price (收盘价): the volume-weighted average price of the day's LISTED agreement trades,
 * rounded half-up to the 0.01 tick; with no listed trade, the previous close carries over. Block
 * trades never set the close.
 */
import Decimal from 'decimal.js';
import { MoneyDecimal } from '../money';

export interface PricedTrade {
  price: Decimal;
  quantity: bigint | number;
}

/** VWAP from the day's totals: Σ price × quantity over Σ quantity; null without volume. */
export function vwapFromTotals(value: Decimal, volume: bigint | number): Decimal | null {
  const v = new MoneyDecimal(volume.toString());
  if (v.isZero()) return null;
  return new MoneyDecimal(value).div(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function volumeWeightedPrice(trades: readonly PricedTrade[]): Decimal | null {
  let volume = 0n;
  let value = new MoneyDecimal(0);
  for (const t of trades) {
    volume += BigInt(t.quantity);
    value = value.plus(new MoneyDecimal(t.price).times(t.quantity.toString()));
  }
  return vwapFromTotals(value, volume);
}

/** The closing price from the day's listed-trade totals, else the previous close. */
export function closingPriceFromTotals(value: Decimal, volume: bigint | number, previousClose: Decimal): Decimal {
  return vwapFromTotals(value, volume) ?? new MoneyDecimal(previousClose);
}

export function closingPrice(listedTrades: readonly PricedTrade[], previousClose: Decimal): Decimal {
  return volumeWeightedPrice(listedTrades) ?? new MoneyDecimal(previousClose);
}
