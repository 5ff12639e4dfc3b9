import { describe, expect, it } from 'vitest';
import { coverLiabilities, forecastEmissions, type Liability } from '@/domain/compliance/balanceSheet';
import type { BankingPolicy } from '@/domain/compliance/surrender';

const ONE_PHASE: BankingPolicy = { phaseStarts: [], carryOverBetweenPhases: true, carryOverDiscount: '1' };
const liability = (over: Partial<Liability> & Pick<Liability, 'year' | 'deadline' | 'obligation'>): Liability => ({ basis: 'VERIFIED', surrendered: 0, offsetsUsed: 0, offsetShare: '0.05', ...over });

describe('forecast of a year’s emissions', () => {
  it('extrapolates the months entered at their average', () => {
    expect(forecastEmissions([{ month: 1, emissions: 100 }, { month: 2, emissions: 120 }, { month: 3, emissions: 110 }], 9_999)).toEqual({ emissions: 1_320, basis: 'MONTHLY', monthsEntered: 3 });
  });
  it('falls back to last year’s emissions, else has none', () => {
    expect(forecastEmissions([], 1_000_000)).toEqual({ emissions: 1_000_000, basis: 'LAST_YEAR', monthsEntered: 0 });
    expect(forecastEmissions([], null)).toEqual({ emissions: null, basis: 'NONE', monthsEntered: 0 });
  });
});

describe('covering the open obligations with the holdings', () => {
  it('DOMAIN’s worked example: 1,000,000 t obligation, 800,000 t allocated, 60,000 eligible CCER → short 150,000 t', () => {
    const p = coverLiabilities({ cea: [{ vintage: 2025, quantity: 800_000 }], eligibleCcer: 60_000 }, [liability({ year: 2025, deadline: '2026-12-31', obligation: 1_000_000 })], ONE_PHASE);
    expect(p.liabilities[0]).toMatchObject({ remaining: 1_000_000, coveredByCea: 800_000, coveredByCcer: 50_000, shortfall: 150_000 });
    expect(p).toMatchObject({ shortfall: 150_000, surplusCea: 0, surplusCcer: 10_000, net: -140_000 });
  });

  it('covers the earlier deadline first, never with a later vintage, oldest vintage first', () => {
    const p = coverLiabilities(
      { cea: [{ vintage: 2026, quantity: 500 }, { vintage: 2024, quantity: 300 }, { vintage: 2025, quantity: 400 }], eligibleCcer: 0 },
      [liability({ year: 2026, deadline: '2027-12-31', obligation: 600, basis: 'MONTHLY' }), liability({ year: 2025, deadline: '2026-12-31', obligation: 1_000, surrendered: 200 })],
      ONE_PHASE,
    );
    // 2025 needs 800: 300 of 2024 + 400 of 2025 = 700, short 100 (2026 cannot count). 2026 needs 600: 500 of 2026, short 100.
    expect(p.liabilities.map((l) => [l.year, l.coveredByCea, l.shortfall])).toEqual([[2025, 700, 100], [2026, 500, 100]]);
    expect(p.net).toBe(-200);
  });

  it('applies the carry-over discount and phase rules of the banking policy', () => {
    const policy: BankingPolicy = { phaseStarts: [2021, 2026], carryOverBetweenPhases: false, carryOverDiscount: '0.5' };
    const p = coverLiabilities(
      { cea: [{ vintage: 2025, quantity: 1_000 }, { vintage: 2024, quantity: 1_000 }], eligibleCcer: 0 },
      [liability({ year: 2026, deadline: '2027-12-31', obligation: 100 }), liability({ year: 2025, deadline: '2026-12-31', obligation: 1_200 })],
      policy,
    );
    // 2025: 1,000 of 2024 at half = 500 credited, then 700 of 2025; 2026 (a new phase): the 300 of 2025 left do not count.
    expect(p.liabilities.map((l) => [l.year, l.coveredByCea, l.shortfall])).toEqual([[2025, 1_200, 0], [2026, 0, 100]]);
    expect(p.surplusCea).toBe(300);
  });

  it('is long when the holdings exceed every obligation', () => {
    const p = coverLiabilities({ cea: [{ vintage: 2025, quantity: 1_200_000 }], eligibleCcer: 0 }, [liability({ year: 2025, deadline: '2026-12-31', obligation: 1_000_000 })], ONE_PHASE);
    expect(p).toMatchObject({ shortfall: 0, surplusCea: 200_000, net: 200_000 });
  });
});
