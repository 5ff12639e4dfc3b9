import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { isWithinRange, surrenderFineRange } from '../../../src/domain/compliance/penalty';

describe('surrenderFineRange', () => {
  it('TRIAL_2021: a fixed 20,000–30,000 CNY whatever the shortfall', () => {
    for (const [short, price] of [
      [1, '60.00'],
      [1_000_000, '100'],
    ] as const) {
      const r = surrenderFineRange('TRIAL_2021', short, price);
      expect(r).toMatchObject({ rule: 'TRIAL_2021', min: '20000.00', max: '30000.00' });
      expect(r.basis).toMatch(/2021/);
    }
  });

  it.each<[number, string, string, string]>([
    [1_000, '60.00', '300000.00', '600000.00'],
    [200_000, '50', '50000000.00', '100000000.00'],
    [1, '58.123', '290.62', '581.23'], // 290.615 half-up; 581.23
    [3, '0.001', '0.02', '0.03'], // 0.015 → 0.02
    [0, '60.00', '0.00', '0.00'],
  ])('INTERIM_2024: shortfall %i t at %s → %s–%s', (short, price, min, max) => {
    const r = surrenderFineRange('INTERIM_2024', short, price);
    expect(r).toMatchObject({ rule: 'INTERIM_2024', min, max });
  });

  it('INTERIM_2024 records its basis', () => {
    expect(surrenderFineRange('INTERIM_2024', 1_000, '60').basis).toBe('5–10 × average price 60.00 × shortfall 1000 t');
  });

  it('INTERIM_2024: min is 5× and max 10× price × shortfall (to the fen)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 100_000 }), (short, cents) => {
        const price = new Decimal(cents).div(100).toFixed(2);
        const r = surrenderFineRange('INTERIM_2024', short, price);
        expect(r.min).toBe(new Decimal(short).times(price).times(5).toFixed(2));
        expect(new Decimal(r.max).eq(new Decimal(r.min).times(2))).toBe(true);
        expect(isWithinRange(r.min, r)).toBe(true);
        expect(isWithinRange(r.max, r)).toBe(true);
      }),
    );
  });
});

describe('isWithinRange', () => {
  const interim = surrenderFineRange('INTERIM_2024', 1_000, '60.00');
  const trial = surrenderFineRange('TRIAL_2021', 1_000, '60.00');

  it.each<[string, boolean]>([
    ['300000.00', true],
    ['300000', true],
    ['450000.50', true],
    ['600000.00', true],
    ['299999.99', false],
    ['600000.01', false],
    ['0', false],
  ])('interim 300,000–600,000: %s → %s', (fine, within) => {
    expect(isWithinRange(fine, interim)).toBe(within);
  });

  it.each<[string, boolean]>([
    ['20000', true],
    ['25000.00', true],
    ['30000.00', true],
    ['19999.99', false],
    ['30000.01', false],
  ])('trial 20,000–30,000: %s → %s', (fine, within) => {
    expect(isWithinRange(fine, trial)).toBe(within);
  });
});
