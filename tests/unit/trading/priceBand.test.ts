import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { BAND_PERCENT, isAtBandLimit, isWithinBand, priceBand, type PriceBand, type TradingMethod } from '../../../src/domain/trading/priceBand';

const d = (s: string | number) => new Decimal(s);
const TICK = d('0.01');
const fromCents = (cents: number) => d(cents).div(100);

describe('BAND_PERCENT', () => {
  it('is ±10 % for listed and ±30 % for block agreement transfers', () => {
    expect(BAND_PERCENT.LISTED.toFixed(2)).toBe('0.10');
    expect(BAND_PERCENT.BLOCK.toFixed(2)).toBe('0.30');
  });
});

describe('priceBand', () => {
  // previous close, method, low, high — and a note on which rounding matters
  it.each([
    ['50.00', 'LISTED', '45.00', '55.00'],
    ['50.00', 'BLOCK', '35.00', '65.00'],
    ['100', 'LISTED', '90.00', '110.00'],
    ['100', 'BLOCK', '70.00', '130.00'],
    // 29.997 -> 30.00 (up), 36.663 -> 36.66 (down)
    ['33.33', 'LISTED', '30.00', '36.66'],
    // 23.331 -> 23.34 (up, half-up would give 23.33: outside -30 %), 43.329 -> 43.32 (down)
    ['33.33', 'BLOCK', '23.34', '43.32'],
    // 11.115 -> 11.12, 13.585 -> 13.58 (half-up would give 13.59: outside +10 %)
    ['12.35', 'LISTED', '11.12', '13.58'],
    // 8.645 -> 8.65, 16.055 -> 16.05 (half-up would give 16.06)
    ['12.35', 'BLOCK', '8.65', '16.05'],
    // 9.063 -> 9.07 (half-up would give 9.06: below -10 %), 11.077 -> 11.07 (half-up 11.08)
    ['10.07', 'LISTED', '9.07', '11.07'],
    // tiny closes: the band collapses onto the close itself rather than leaving the percentage
    ['0.05', 'LISTED', '0.05', '0.05'],
    ['0.05', 'BLOCK', '0.04', '0.06'],
    ['0.01', 'LISTED', '0.01', '0.01'],
    ['0.01', 'BLOCK', '0.01', '0.01'],
    ['0.10', 'LISTED', '0.09', '0.11'],
    ['999999.99', 'LISTED', '900000.00', '1099999.98'],
  ] as const)('previous close %s, %s -> %s–%s', (close, method, low, high) => {
    const band = priceBand(d(close), method);
    expect(band.low.toFixed(2)).toBe(low);
    expect(band.high.toFixed(2)).toBe(high);
    expect(band.low.decimalPlaces()).toBeLessThanOrEqual(2);
    expect(band.high.decimalPlaces()).toBeLessThanOrEqual(2);
  });

  it('a listed band around 50.00 admits 45.00 and 55.00 but not 44.99 or 55.01', () => {
    const band = priceBand(d('50.00'), 'LISTED');
    expect(isWithinBand(d('45.00'), band)).toBe(true);
    expect(isWithinBand(d('55.00'), band)).toBe(true);
    expect(isWithinBand(d('50'), band)).toBe(true);
    expect(isWithinBand(d('55.01'), band)).toBe(false);
    expect(isWithinBand(d('44.99'), band)).toBe(false);
  });

  it('a block band around 50.00 admits 35.00–65.00, which a listed order may not use', () => {
    const block = priceBand(d('50.00'), 'BLOCK');
    const listed = priceBand(d('50.00'), 'LISTED');
    expect(isWithinBand(d('60.00'), block)).toBe(true);
    expect(isWithinBand(d('60.00'), listed)).toBe(false);
    expect(isWithinBand(d('65.01'), block)).toBe(false);
    expect(isWithinBand(d('34.99'), block)).toBe(false);
  });

  it('never lets the low limit fall below one tick', () => {
    // A degenerate reference of zero (never valid, but the floor must hold).
    expect(priceBand(d(0), 'LISTED').low.toFixed(2)).toBe('0.01');
    expect(priceBand(d('0.001'), 'BLOCK').low.toFixed(2)).toBe('0.01');
  });

  it('accepts a plain Decimal and leaves it unchanged', () => {
    const close = d('33.33');
    priceBand(close, 'LISTED');
    expect(close.toFixed()).toBe('33.33');
  });
});

describe('isWithinBand / isAtBandLimit', () => {
  const band: PriceBand = { low: d('45.00'), high: d('55.00') };

  it.each([
    ['44.99', false, false],
    ['45.00', true, true],
    ['45', true, true],
    ['45.01', true, false],
    ['50.00', true, false],
    ['54.99', true, false],
    ['55.00', true, true],
    ['55.01', false, false],
    ['0.01', false, false],
  ] as const)('%s: within %s, at limit %s', (price, within, atLimit) => {
    expect(isWithinBand(d(price), band)).toBe(within);
    expect(isAtBandLimit(d(price), band)).toBe(atLimit);
  });

  it('a collapsed band has its single price both within and at the limit', () => {
    const tiny = priceBand(d('0.05'), 'LISTED');
    expect(isWithinBand(d('0.05'), tiny)).toBe(true);
    expect(isAtBandLimit(d('0.05'), tiny)).toBe(true);
    expect(isWithinBand(d('0.04'), tiny)).toBe(false);
    expect(isWithinBand(d('0.06'), tiny)).toBe(false);
  });
});

describe('priceBand properties', () => {
  const method = fc.constantFrom<TradingMethod>('LISTED', 'BLOCK');
  const closeCents = fc.integer({ min: 1, max: 100_000_000 }); // 0.01 .. 1,000,000.00

  it('every tick price in [low, high] is within the percentage; one tick beyond is not (or the band is clamped at 0.01)', () => {
    fc.assert(
      fc.property(closeCents, method, fc.double({ min: 0, max: 1, noNaN: true }), (cents, m, t) => {
        const base = fromCents(cents);
        const pct = BAND_PERCENT[m];
        const minAllowed = base.times(d(1).minus(pct));
        const maxAllowed = base.times(d(1).plus(pct));
        const { low, high } = priceBand(base, m);

        // Limits are on the tick and the close itself is always inside its band.
        expect(low.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(high.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(low.lte(base) && high.gte(base)).toBe(true);
        expect(isWithinBand(base, { low, high })).toBe(true);

        // The limits and an arbitrary tick price between them lie within ±pct of the base.
        const ticks = high.minus(low).div(TICK).toNumber();
        const inside = low.plus(TICK.times(Math.floor(t * ticks)));
        for (const p of [low, high, inside]) {
          expect(p.gte(minAllowed), `${p.toFixed()} >= ${minAllowed.toFixed()}`).toBe(true);
          expect(p.lte(maxAllowed), `${p.toFixed()} <= ${maxAllowed.toFixed()}`).toBe(true);
          expect(isWithinBand(p, { low, high })).toBe(true);
        }

        // Rounded inward by less than one tick: one more tick falls outside the percentage.
        expect(high.plus(TICK).gt(maxAllowed)).toBe(true);
        expect(low.minus(TICK).lt(minAllowed) || low.eq(TICK)).toBe(true);
        expect(isWithinBand(high.plus(TICK), { low, high })).toBe(false);
        expect(isWithinBand(low.minus(TICK), { low, high })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('the block band contains the listed band', () => {
    fc.assert(
      fc.property(closeCents, (cents) => {
        const base = fromCents(cents);
        const listed = priceBand(base, 'LISTED');
        const block = priceBand(base, 'BLOCK');
        expect(block.low.lte(listed.low)).toBe(true);
        expect(block.high.gte(listed.high)).toBe(true);
      }),
    );
  });
});
