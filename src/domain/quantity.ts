/**
 * Allowance quantities. Rule: allowances (CEA) are traded and held in whole
 * tonnes of CO2e, represented as `bigint` so no precision is ever lost.
 */

/** A whole number of tonnes (tCO2e). */
export type Tonnes = bigint;

/** Largest quantity we accept: the PostgreSQL BIGINT maximum (2^63 - 1). */
export const MAX_TONNES: Tonnes = 9_223_372_036_854_775_807n;

export interface ParseTonnesOptions {
  /** Allow negative values (e.g. for deltas). Default false. */
  allowNegative?: boolean;
}

const INTEGER_STRING = /^-?\d{1,19}$/;

/**
 * Parses a whole-tonne quantity from a safe integer `number`, a `bigint`, or a
 * decimal digit string (optionally with a leading '-' when negatives are
 * allowed). Rule: fractions, NaN, unsafe integers, exponent/hex strings,
 * negatives (unless allowed) and values beyond ±MAX_TONNES throw `RangeError`.
 */
export function parseTonnes(x: unknown, options: ParseTonnesOptions = {}): Tonnes {
  let value: bigint;
  if (typeof x === 'bigint') {
    value = x;
  } else if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new RangeError(`quantity must be a safe integer: ${x}`);
    value = BigInt(x);
  } else if (typeof x === 'string') {
    if (!INTEGER_STRING.test(x)) throw new RangeError(`quantity must be a whole number of tonnes: "${x}"`);
    value = BigInt(x);
  } else {
    throw new RangeError(`quantity must be a number, bigint or digit string`);
  }
  if (value < 0n && !options.allowNegative) throw new RangeError(`quantity must not be negative: ${value}`);
  if (value > MAX_TONNES || value < -MAX_TONNES) throw new RangeError(`quantity out of range: ${value}`);
  return value;
}

/** Converts to `number`. Rule: throws `RangeError` beyond ±Number.MAX_SAFE_INTEGER. */
export function tonnesToNumber(t: Tonnes): number {
  if (t > BigInt(Number.MAX_SAFE_INTEGER) || t < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`quantity ${t} exceeds Number.MAX_SAFE_INTEGER`);
  }
  return Number(t);
}

/** Groups an unsigned digit string in threes with commas: "1234567" -> "1,234,567". */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Display format with thousands separators: en "1,000,000 t", zh "1,000,000 吨". */
export function formatTonnes(t: Tonnes, locale: 'en' | 'zh' = 'en'): string {
  const sign = t < 0n ? '-' : '';
  const abs = t < 0n ? -t : t;
  const unit = locale === 'zh' ? '吨' : 't';
  return `${sign}${groupThousands(abs.toString())} ${unit}`;
}
