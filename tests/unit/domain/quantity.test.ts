import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTonnes, MAX_TONNES, parseTonnes, tonnesToNumber } from '../../../src/domain/quantity';

describe('parseTonnes', () => {
  it.each([
    [0, 0n],
    [1, 1n],
    [1_000_000, 1_000_000n],
    [Number.MAX_SAFE_INTEGER, 9007199254740991n],
    [42n, 42n],
    ['0', 0n],
    ['123456', 123456n],
    ['007', 7n],
    ['9223372036854775807', MAX_TONNES],
  ] as const)('accepts %s', (input, expected) => {
    expect(parseTonnes(input)).toBe(expected);
  });

  it.each([
    [1.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [Number.MAX_SAFE_INTEGER + 1],
    [-1],
    [-1n],
    ['-1'],
    [''],
    [' 1'],
    ['1.0'],
    ['1e5'],
    ['0x10'],
    ['1,000'],
    ['9223372036854775808'],
    ['12345678901234567890'],
    [MAX_TONNES + 1n],
    [null],
    [undefined],
    [{}],
    [true],
  ])('rejects %s with RangeError', (input) => {
    expect(() => parseTonnes(input)).toThrow(RangeError);
  });

  it('accepts negatives only when allowed', () => {
    expect(parseTonnes(-5, { allowNegative: true })).toBe(-5n);
    expect(parseTonnes('-5', { allowNegative: true })).toBe(-5n);
    expect(parseTonnes(-5n, { allowNegative: true })).toBe(-5n);
    expect(() => parseTonnes(-MAX_TONNES - 1n, { allowNegative: true })).toThrow(RangeError);
    expect(() => parseTonnes(-0.5, { allowNegative: true })).toThrow(RangeError);
  });

  it('property: roundtrips safe non-negative integers via number, bigint and string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseTonnes(n)).toBe(BigInt(n));
        expect(parseTonnes(String(n))).toBe(BigInt(n));
        expect(parseTonnes(BigInt(n))).toBe(BigInt(n));
      }),
    );
  });
});

describe('tonnesToNumber', () => {
  it('converts safe values', () => {
    expect(tonnesToNumber(0n)).toBe(0);
    expect(tonnesToNumber(9007199254740991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(tonnesToNumber(-10n)).toBe(-10);
  });
  it('throws beyond MAX_SAFE_INTEGER', () => {
    expect(() => tonnesToNumber(9007199254740992n)).toThrow(RangeError);
    expect(() => tonnesToNumber(-9007199254740992n)).toThrow(RangeError);
  });
});

describe('formatTonnes', () => {
  it.each([
    [0n, 'en', '0 t'],
    [999n, 'en', '999 t'],
    [1000n, 'en', '1,000 t'],
    [1_000_000n, 'en', '1,000,000 t'],
    [1234567n, 'zh', '1,234,567 吨'],
    [-1500n, 'en', '-1,500 t'],
    [MAX_TONNES, 'en', '9,223,372,036,854,775,807 t'],
  ] as const)('formats %s (%s) as %j', (t, locale, expected) => {
    expect(formatTonnes(t, locale)).toBe(expected);
  });
  it('defaults to en', () => {
    expect(formatTonnes(12345n)).toBe('12,345 t');
  });
});
