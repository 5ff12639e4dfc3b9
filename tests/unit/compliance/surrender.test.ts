import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { costToClose, creditedTonnes, offsetCap, phaseOf, planSurrender, splitSurrender, vintageRefusal, type BankingPolicy } from '../../../src/domain/compliance/surrender';

/** Five-year phases from 2021, no carry-over between phases, an earlier vintage within a phase counts 0.9. */
const strict: BankingPolicy = { phaseStarts: [2021, 2026], carryOverBetweenPhases: false, carryOverDiscount: '0.9' };
/** Carry-over between phases allowed, no discount. */
const lenient: BankingPolicy = { phaseStarts: [2021, 2026], carryOverBetweenPhases: true, carryOverDiscount: '1' };
/** One phase. */
const single: BankingPolicy = { phaseStarts: [], carryOverBetweenPhases: false, carryOverDiscount: '1' };

describe('phaseOf', () => {
  it.each([
    [2021, 2021],
    [2025, 2021],
    [2026, 2026],
    [2030, 2026],
  ])('%i is in the phase starting %i', (year, phase) => {
    expect(phaseOf(year, strict)).toBe(phase);
  });

  it('a year before the first phase and a policy with one phase', () => {
    expect(phaseOf(2019, strict)).toBe(-Infinity);
    expect(phaseOf(2019, single)).toBe(phaseOf(2030, single));
  });
});

describe('vintageRefusal', () => {
  it.each<[string, number, number, BankingPolicy, string | null]>([
    ['current vintage', 2023, 2023, strict, null],
    ['earlier vintage, same phase', 2021, 2025, strict, null],
    ['later vintage', 2024, 2023, strict, 'FUTURE_VINTAGE'],
    ['later vintage, even when carry-over is allowed', 2024, 2023, lenient, 'FUTURE_VINTAGE'],
    ['later vintage, one phase', 2031, 2030, single, 'FUTURE_VINTAGE'],
    ['earlier phase, carry-over forbidden', 2025, 2026, strict, 'EARLIER_PHASE'],
    ['earlier phase, far back', 2021, 2030, strict, 'EARLIER_PHASE'],
    ['earlier phase, carry-over allowed', 2025, 2026, lenient, null],
    ['one phase: any earlier vintage', 2015, 2030, single, null],
  ])('%s (vintage %i for %i)', (_name, vintage, year, policy, refusal) => {
    expect(vintageRefusal(vintage, year, policy)).toBe(refusal);
  });

  it('never accepts a later vintage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), (year, ahead, between) => {
        const policy = { ...strict, carryOverBetweenPhases: between };
        expect(vintageRefusal(year + ahead, year, policy)).toBe('FUTURE_VINTAGE');
      }),
    );
  });
});

describe('creditedTonnes', () => {
  it.each<[string, number, number, number, BankingPolicy, number]>([
    ['current vintage counts in full', 1000, 2023, 2023, strict, 1000],
    ['earlier vintage discounted', 1000, 2022, 2023, strict, 900],
    ['rounds down', 15, 2022, 2023, strict, 13], // 13.5
    ['rounds down below one', 1, 2022, 2023, strict, 0], // 0.9
    ['no discount', 1234, 2021, 2025, lenient, 1234],
    ['zero', 0, 2022, 2023, strict, 0],
  ])('%s', (_name, quantity, vintage, year, policy, credited) => {
    expect(creditedTonnes(quantity, vintage, year, policy)).toBe(credited);
  });

  it('never credits more than surrendered, and the current vintage in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 4 }), (q, pct, back) => {
        const policy = { ...strict, carryOverDiscount: String(pct / 100) };
        const c = creditedTonnes(q, 2025 - back, 2025, policy);
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeLessThanOrEqual(q);
        expect(c).toBe(back === 0 ? q : Math.floor((q * pct) / 100));
      }),
    );
  });
});

describe('offsetCap', () => {
  it.each([
    [1_000_000, 50_000],
    [999_999, 49_999], // 49,999.95
    [19, 0], // 0.95
    [20, 1],
    [0, 0],
  ])('5 %% of %i is %i', (obligation, cap) => {
    expect(offsetCap(obligation, '0.05')).toBe(cap);
  });

  it('is policy data (Guangdong pilot: 10 %)', () => {
    expect(offsetCap(1_000_000, '0.10')).toBe(100_000);
    expect(offsetCap(123_456, '0.1')).toBe(12_345);
  });

  it('is floor(obligation × 5 / 100)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (obligation) => {
        expect(offsetCap(obligation, '0.05')).toBe(Math.floor((obligation * 5) / 100));
      }),
    );
  });
});

describe('splitSurrender', () => {
  it.each([
    ['less than outstanding', 300, 1000, 300, 0],
    ['exactly outstanding', 1000, 1000, 1000, 0],
    ['more than outstanding', 1200, 1000, 1000, 200],
    ['nothing outstanding: all excess', 500, 0, 0, 500],
    ['over-surrendered already (negative outstanding): all excess', 500, -100, 0, 500],
    ['nothing surrendered', 0, 1000, 0, 0],
  ])('%s', (_name, credits, outstanding, credited, excess) => {
    expect(splitSurrender(credits, outstanding)).toEqual({ credited, excess });
  });

  it('partial surrenders add up to the same credited and excess as one surrender', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 1, maxLength: 10 }), (obligation, parts) => {
        let outstanding = obligation;
        let credited = 0;
        let excess = 0;
        for (const p of parts) {
          const s = splitSurrender(p, outstanding);
          expect(s.credited + s.excess).toBe(p);
          credited += s.credited;
          excess += s.excess;
          outstanding -= s.credited;
          expect(outstanding).toBeGreaterThanOrEqual(0);
        }
        const whole = splitSurrender(
          parts.reduce((a, b) => a + b, 0),
          obligation,
        );
        expect({ credited, excess }).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });
});

describe('costToClose', () => {
  it.each([
    [200_000, '50', '10000000.00'],
    [150_000, '50.00', '7500000.00'],
    [1, '52.345', '52.35'], // half-up
    [3, '0.005', '0.02'], // 0.015
    [0, '50', '0.00'],
    [-100, '50', '0.00'], // no gap
  ])('%i t at %s = %s', (gap, price, cost) => {
    expect(costToClose(gap, price)).toBe(cost);
  });
});

describe('planSurrender', () => {
  it('covers the obligation item by item; the units beyond it are an excess', () => {
    const plan = planSurrender(
      [{ instrument: 'CEA', vintage: 2025, quantity: 200_000 }, { instrument: 'CEA', vintage: 2024, quantity: 200_000 }],
      350_000, 2025, lenient,
    );
    expect(plan).toEqual([
      { instrument: 'CEA', vintage: 2025, quantity: 200_000, credited: 200_000, surrendered: 200_000, excess: 0 },
      { instrument: 'CEA', vintage: 2024, quantity: 200_000, credited: 150_000, surrendered: 150_000, excess: 50_000 },
    ]);
  });

  it('counts an earlier vintage at the carry-over discount and takes the fewest units that cover what is left', () => {
    // 0.9 t of obligation per unit of CEA-2023 in 2025: 100 t left need 112 units (100.8 t credited, capped at 100).
    const [item] = planSurrender([{ instrument: 'CEA', vintage: 2023, quantity: 1_000 }], 100, 2025, { ...strict, phaseStarts: [2021] });
    expect(item).toMatchObject({ credited: 100, surrendered: 112, excess: 888 });
  });

  it('counts CCER in full and everything is excess once the obligation is met', () => {
    expect(planSurrender([{ instrument: 'CCER', vintage: 2023, quantity: 10 }], 0, 2025, single)[0]).toMatchObject({ credited: 0, surrendered: 0, excess: 10 });
    expect(planSurrender([{ instrument: 'CCER', vintage: 2023, quantity: 10 }], 25, 2025, single)[0]).toMatchObject({ credited: 10, surrendered: 10, excess: 0 });
  });

  it('never credits more than was outstanding, and units are conserved', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ instrument: fc.constantFrom('CEA' as const, 'CCER' as const), vintage: fc.integer({ min: 2021, max: 2025 }), quantity: fc.integer({ min: 1, max: 100_000 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 50, max: 100 }),
        (items, outstanding, pct) => {
          const policy = { ...lenient, carryOverDiscount: String(pct / 100) };
          const plan = planSurrender(items, outstanding, 2025, policy);
          expect(plan.reduce((s, p) => s + p.credited, 0)).toBeLessThanOrEqual(outstanding);
          for (const p of plan) expect(p.surrendered + p.excess).toBe(p.quantity);
        },
      ),
    );
  });
});
