/**
 * CNY money arithmetic on decimal.js. Rule: cash is settled in fen (0.01 CNY),
 * rounded half-up (decimal.js ROUND_HALF_UP: ties go away from zero, so
 * 0.125 -> 0.13 and -0.125 -> -0.13). Never use binary floats for money.
 */
import Decimal from 'decimal.js';
import { groupThousands } from './quantity';

/**
 * High-precision Decimal constructor used for all money values. Instances
 * share Decimal's prototype (`instanceof Decimal` holds) and arithmetic on
 * them keeps 64 significant digits, so price × BIGINT quantity is exact.
 */
export const MoneyDecimal = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });

/** The price tick / cash unit: 0.01 CNY. */
export const CASH_TICK = new MoneyDecimal('0.01');

const PRICE_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;
/** Plain decimal, optionally with exponent (as Decimal#toString may emit); no hex/binary/octal. */
const DECIMAL_STRING = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Parses a money amount. Rule: NaN, ±Infinity, hex/binary/octal strings and
 * unparsable input throw `RangeError`. Not rounded (see `roundCash`).
 */
export function money(x: string | number | Decimal): Decimal {
  if (typeof x === 'string' && !DECIMAL_STRING.test(x.trim())) {
    throw new RangeError(`invalid money amount: "${x}"`);
  }
  let d: Decimal;
  try {
    d = new MoneyDecimal(typeof x === 'string' ? x.trim() : x);
  } catch {
    throw new RangeError(`invalid money amount: ${String(x)}`);
  }
  if (!d.isFinite()) throw new RangeError(`money amount must be finite: ${String(x)}`);
  return d;
}

/** Rounds to cash (0.01) half-up, ties away from zero. */
export function roundCash(d: Decimal): Decimal {
  return new MoneyDecimal(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** API wire format: cash-rounded, always exactly two decimals ("52.30"); never "-0.00". */
export function formatMoney(d: Decimal): string {
  const r = roundCash(d);
  return r.isZero() ? '0.00' : r.toFixed(2);
}

/**
 * Parses an order price. Rule: plain decimal string of 1-12 integer digits and
 * at most 2 decimals (on the 0.01 tick), strictly positive; else `RangeError`.
 */
export function parsePrice(s: string): Decimal {
  if (typeof s !== 'string' || !PRICE_PATTERN.test(s)) {
    throw new RangeError(`invalid price: "${String(s)}"`);
  }
  const d = new MoneyDecimal(s);
  if (!d.isPositive() || d.isZero()) throw new RangeError(`price must be > 0: "${s}"`);
  return d;
}

/** Trade value: exact price × quantity, then rounded half-up to cash. */
export function priceTimesTonnes(price: Decimal, qty: bigint): Decimal {
  return roundCash(new MoneyDecimal(price).times(qty.toString()));
}

/** True when the price is finite and a whole multiple of 0.01. */
export function isOnTick(price: Decimal): boolean {
  return price.isFinite() && price.decimalPlaces() <= 2;
}

/** Display format "¥1,234.50" / "-¥1,234.50" (same symbol and grouping for en and zh). */
export function formatCny(d: Decimal, locale: 'en' | 'zh' = 'en'): string {
  void locale; // both locales render CNY as "¥" with comma grouping
  const s = formatMoney(d);
  const negative = s.startsWith('-');
  const [int = '0', frac = '00'] = (negative ? s.slice(1) : s).split('.');
  return `${negative ? '-' : ''}¥${groupThousands(int)}.${frac}`;
}
