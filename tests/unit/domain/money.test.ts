import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  formatCny,
  formatMoney,
  isOnTick,
  money,
  parsePrice,
  priceTimesTonnes,
  roundCash,
} from '../../../src/domain/money';

const str = (d: Decimal) => d.toFixed();

describe('money', () => {
  it('parses strings, numbers and Decimals', () => {
    expect(str(money('52.3'))).toBe('52.3');
    expect(str(money(' 10 '))).toBe('10');
    expect(str(money(0.1))).toBe('0.1');
    expect(str(money(new Decimal('-7.125')))).toBe('-7.125');
    expect(str(money('1e3'))).toBe('1000');
    expect(money('1') instanceof Decimal).toBe(true);
  });
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'NaN', 'Infinity', '', 'abc', '0x10', '1.2.3'])(
    'rejects %j',
    (x) => {
      expect(() => money(x)).toThrow(RangeError);
    },
  );
  it('rejects non-finite Decimals', () => {
    expect(() => money(new Decimal(Number.NaN))).toThrow(RangeError);
  });
});

describe('roundCash (half-up, ties away from zero)', () => {
  it.each([
    ['0.125', '0.13'],
    ['0.124999', '0.12'],
    ['0.135', '0.14'],
    ['2.675', '2.68'], // binary float 2.675 would round to 2.67
    ['1.005', '1.01'],
    ['0.005', '0.01'],
    ['0.0049', '0'],
    ['52.3', '52.3'],
    ['-0.125', '-0.13'], // away from zero
    ['-2.675', '-2.68'],
    ['-0.124', '-0.12'],
  ])('%s -> %s', (input, expected) => {
    expect(str(roundCash(money(input)))).toBe(expected);
  });
});

describe('formatMoney', () => {
  it.each([
    ['52.3', '52.30'],
    ['0', '0.00'],
    ['7', '7.00'],
    ['0.125', '0.13'],
    ['-0.001', '0.00'],
    ['-1.5', '-1.50'],
    ['123456789012.345', '123456789012.35'],
    ['1e21', '1000000000000000000000.00'],
  ])('%s -> %s', (input, expected) => {
    expect(formatMoney(money(input))).toBe(expected);
  });
});

describe('parsePrice', () => {
  it.each(['1', '0.01', '52.3', '52.30', '999999999999.99', '0.1'])('accepts %j', (s) => {
    expect(parsePrice(s).eq(new Decimal(s))).toBe(true);
  });
  it.each(['1.234', '-1', 'abc', '1e5', '', '0', '0.00', ' 1', '1.', '.5', '+1', '1000000000000', 'NaN', 'Infinity'])(
    'rejects %j',
    (s) => {
      expect(() => parsePrice(s)).toThrow(RangeError);
    },
  );
  it('rejects non-string input at runtime', () => {
    expect(() => parsePrice(5 as unknown as string)).toThrow(RangeError);
  });
});

describe('priceTimesTonnes', () => {
  it('multiplies exactly', () => {
    expect(formatMoney(priceTimesTonnes(parsePrice('52.30'), 1000n))).toBe('52300.00');
    expect(formatMoney(priceTimesTonnes(parsePrice('0.01'), 1n))).toBe('0.01');
    expect(formatMoney(priceTimesTonnes(parsePrice('1'), 0n))).toBe('0.00');
  });
  it('handles large values exactly', () => {
    expect(formatMoney(priceTimesTonnes(parsePrice('9999999.99'), 99999n))).toBe('999989999000.01');
    expect(formatMoney(priceTimesTonnes(parsePrice('999999999999.99'), 9223372036854775807n))).toBe(
      '9223372036854683573279631452241.93',
    );
  });
  it('rounds non-tick prices half-up to cash', () => {
    expect(str(priceTimesTonnes(money('0.125'), 1n))).toBe('0.13');
    expect(str(priceTimesTonnes(money('0.0025'), 3n))).toBe('0.01'); // 0.0075
    expect(str(priceTimesTonnes(money('0.0025'), 2n))).toBe('0.01'); // 0.005 tie -> up
  });

  const tickPrice = fc.integer({ min: 1, max: 99_999_999 }).map((fen) => new Decimal(fen).div(100));
  const anyPrice = fc.integer({ min: 1, max: 99_999_999 }).map((n) => new Decimal(n).div(10_000));
  const qty = fc.bigInt({ min: 0n, max: 10_000_000_000n });

  it('property: on-tick prices are additive exactly', () => {
    fc.assert(
      fc.property(tickPrice, qty, qty, (p, a, b) => {
        const sum = priceTimesTonnes(p, a).plus(priceTimesTonnes(p, b));
        expect(sum.eq(priceTimesTonnes(p, a + b))).toBe(true);
      }),
    );
  });

  it('property: any price is additive within 0.01', () => {
    fc.assert(
      fc.property(anyPrice, qty, qty, (p, a, b) => {
        const sum = priceTimesTonnes(p, a).plus(priceTimesTonnes(p, b));
        expect(sum.minus(priceTimesTonnes(p, a + b)).abs().lte('0.01')).toBe(true);
      }),
    );
  });
});

describe('isOnTick', () => {
  it.each([
    ['1', true],
    ['52.3', true],
    ['52.30', true],
    ['0.01', true],
    ['0.001', false],
    ['52.305', false],
    ['-1.23', true],
  ])('%s -> %s', (s, expected) => {
    expect(isOnTick(money(s))).toBe(expected);
  });
  it('is false for non-finite values', () => {
    expect(isOnTick(new Decimal(Number.NaN))).toBe(false);
    expect(isOnTick(new Decimal(Number.POSITIVE_INFINITY))).toBe(false);
  });
});

describe('formatCny', () => {
  it.each([
    ['1234.5', '¥1,234.50'],
    ['0', '¥0.00'],
    ['999.999', '¥1,000.00'],
    ['1234567.891', '¥1,234,567.89'],
    ['-1234.5', '-¥1,234.50'],
  ])('%s -> %s', (s, expected) => {
    expect(formatCny(money(s), 'en')).toBe(expected);
    expect(formatCny(money(s), 'zh')).toBe(expected);
  });
  it('defaults to en', () => {
    expect(formatCny(money('52.3'))).toBe('¥52.30');
  });
});
