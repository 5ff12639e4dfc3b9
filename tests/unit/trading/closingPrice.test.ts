import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  closingPrice,
  closingPriceFromTotals,
  volumeWeightedPrice,
  vwapFromTotals,
  type PricedTrade,
} from '../../../src/domain/trading/closingPrice';

const d = (s: string | number) => new Decimal(s);
const trade = (price: string, quantity: bigint | number): PricedTrade => ({ price: d(price), quantity });

describe('vwapFromTotals', () => {
  it.each([
    ['20600', 400n, '51.50'], // 100 t @ 50.00 + 300 t @ 52.00
    ['5230', 100, '52.30'],
    ['1', 3n, '0.33'], // 0.333…
    ['2', 3n, '0.67'], // 0.666…
    ['100.05', 2n, '50.03'], // exactly 50.025: half-up (half-even would give 50.02)
    ['100.03', 2n, '50.02'], // 50.015 -> 50.02
    ['100.01', 2n, '50.01'], // 50.005 -> 50.01
    ['100.009', 2n, '50.00'], // 50.0045 -> 50.00
  ] as const)('value %s over %s t -> %s', (value, volume, expected) => {
    const vwap = vwapFromTotals(d(value), volume);
    expect(vwap?.toFixed(2)).toBe(expected);
    expect(vwap?.decimalPlaces()).toBeLessThanOrEqual(2);
  });

  it('is null without volume', () => {
    expect(vwapFromTotals(d(0), 0n)).toBeNull();
    expect(vwapFromTotals(d(0), 0)).toBeNull();
  });

  it('keeps full precision for huge totals (no float rounding)', () => {
    // 9,007,199,254,740,993 t (beyond 2^53) at 12.34
    const volume = 9_007_199_254_740_993n;
    const value = d('12.34').times(volume.toString());
    expect(vwapFromTotals(value, volume)?.toFixed(2)).toBe('12.34');
  });
});

describe('closingPriceFromTotals', () => {
  it('is the VWAP of the day when there was listed volume', () => {
    expect(closingPriceFromTotals(d('20600'), 400n, d('48.00')).toFixed(2)).toBe('51.50');
  });

  it('carries the previous close over when nothing traded', () => {
    expect(closingPriceFromTotals(d(0), 0n, d('48.00')).toFixed(2)).toBe('48.00');
    expect(closingPriceFromTotals(d(0), 0, d('33.33')).toFixed(2)).toBe('33.33');
  });
});

describe('volumeWeightedPrice / closingPrice', () => {
  it('weights by quantity, not by trade count', () => {
    const trades = [trade('50.00', 100n), trade('52.00', 300n)];
    expect(volumeWeightedPrice(trades)?.toFixed(2)).toBe('51.50');
    // a simple average of the two prices would be 51.00
    expect(closingPrice(trades, d('40.00')).toFixed(2)).toBe('51.50');
  });

  it('accepts number and bigint quantities alike', () => {
    expect(volumeWeightedPrice([trade('10.00', 1), trade('20.00', 3n)])?.toFixed(2)).toBe('17.50');
  });

  it('rounds the VWAP half-up to the tick', () => {
    // (10.01 × 1 + 10.02 × 1) / 2 = 10.015 -> 10.02
    expect(closingPrice([trade('10.01', 1n), trade('10.02', 1n)], d('9')).toFixed(2)).toBe('10.02');
    // (10.00 × 2 + 10.01 × 1) / 3 = 10.00333… -> 10.00
    expect(closingPrice([trade('10.00', 2n), trade('10.01', 1n)], d('9')).toFixed(2)).toBe('10.00');
  });

  it('is the previous close when there was no listed trade', () => {
    expect(volumeWeightedPrice([])).toBeNull();
    expect(closingPrice([], d('61.25')).toFixed(2)).toBe('61.25');
  });

  it('a single trade sets the close to its price', () => {
    expect(closingPrice([trade('73.41', 5n)], d('50')).toFixed(2)).toBe('73.41');
  });
});

describe('closing price properties', () => {
  const tradeArb = fc.record({
    cents: fc.integer({ min: 1, max: 10_000_000 }),
    quantity: fc.bigInt({ min: 1n, max: 99_999n }),
  });

  it('lies between the lowest and highest trade price and agrees with the totals', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { minLength: 1, maxLength: 30 }), (raw) => {
        const trades = raw.map((t) => ({ price: d(t.cents).div(100), quantity: t.quantity }));
        const close = closingPrice(trades, d('1'));
        const prices = trades.map((t) => t.price);
        expect(close.gte(Decimal.min(...prices))).toBe(true);
        expect(close.lte(Decimal.max(...prices))).toBe(true);
        expect(close.decimalPlaces()).toBeLessThanOrEqual(2);

        const volume = trades.reduce((s, t) => s + t.quantity, 0n);
        const value = trades.reduce((s, t) => s.plus(t.price.times(t.quantity.toString())), d(0));
        expect(closingPriceFromTotals(value, volume, d('1')).eq(close)).toBe(true);
        // within half a tick of the exact VWAP
        expect(close.minus(value.div(volume.toString())).abs().lte(d('0.005'))).toBe(true);
      }),
    );
  });

  it('trades all at one price close at that price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.array(fc.bigInt({ min: 1n, max: 99_999n }), { minLength: 1, maxLength: 20 }), (cents, qtys) => {
        const price = d(cents).div(100);
        expect(closingPrice(qtys.map((quantity) => ({ price, quantity })), d('1')).eq(price)).toBe(true);
      }),
    );
  });
});
