import { describe, expect, it } from 'vitest';
import { cycleVolumes, cycleWindow, monthsBetween, percentOf, sameDayMonthBefore } from '@/domain/analysis/complianceCycle';
import { marketBalance, surplusRatio } from '@/domain/analysis/scarcity';
import { earmarkAmounts } from '@/domain/analysis/earmarks';

describe('the compliance cycle and its last month (DOMAIN §7 definitions)', () => {
  it('runs from the day after the previous deadline to this deadline', () => {
    expect(cycleWindow('2025-12-31', '2024-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31', lastMonthFrom: '2025-12-01' });
  });

  it('starts the last month the day after the same calendar day a month earlier, for a deadline mid-month', () => {
    // A July-to-July cycle as in the pilot: deadline 15 July.
    expect(cycleWindow('2025-07-15', '2024-07-15')).toEqual({ from: '2024-07-16', to: '2025-07-15', lastMonthFrom: '2025-06-16' });
  });

  it('clamps to the month’s last day where the same day does not exist', () => {
    expect(sameDayMonthBefore('2025-03-31')).toBe('2025-02-28');
    expect(sameDayMonthBefore('2024-03-31')).toBe('2024-02-29');
    expect(sameDayMonthBefore('2025-01-15')).toBe('2024-12-15');
    expect(cycleWindow('2025-03-31', null).lastMonthFrom).toBe('2025-03-01');
  });

  it('counts the pre-deadline share with the boundary days where they belong', () => {
    const w = cycleWindow('2025-07-15', '2024-07-15');
    const r = cycleVolumes(
      [
        { day: '2024-07-15', tonnes: 99_999 }, // the previous cycle's deadline: not this cycle
        { day: '2024-07-16', tonnes: 1_000 }, // first day of the cycle
        { day: '2025-06-15', tonnes: 2_000 }, // the same day a month before: not the last month
        { day: '2025-06-16', tonnes: 3_000 }, // first day of the last month
        { day: '2025-07-15', tonnes: 4_000 }, // the deadline: last month
        { day: '2025-07-16', tonnes: 88_888 }, // the next cycle
      ],
      w,
    );
    expect(r.total).toBe(10_000);
    expect(r.lastMonth).toBe(7_000);
    expect(r.preDeadlineShare).toBe('70.00');
    expect(r.byMonth.map((m) => m.month)).toEqual(monthsBetween('2024-07', '2025-07'));
    expect(r.byMonth.find((m) => m.month === '2025-06')).toEqual({ month: '2025-06', tonnes: 5_000, lastMonth: true });
    expect(r.byMonth.find((m) => m.month === '2024-07')).toEqual({ month: '2024-07', tonnes: 1_000, lastMonth: false });
  });

  it('rounds shares half-up to 2 decimals and has none without trades', () => {
    expect(percentOf(1, 3)).toBe('33.33');
    expect(percentOf(2, 3)).toBe('66.67');
    expect(percentOf(1, 8)).toBe('12.50');
    expect(percentOf(5, 0)).toBeNull();
    expect(cycleVolumes([], cycleWindow('2025-12-31', '2024-12-31')).preDeadlineShare).toBeNull();
  });
});

describe('scarcity', () => {
  it('divides circulation plus what was surrendered by the verified emissions', () => {
    expect(surplusRatio(160_000, 72_000, 190_000)).toBe('1.2211');
    expect(marketBalance('1.2211')).toBe('LONG');
    expect(marketBalance(surplusRatio(80_000, 10_000, 100_000))).toBe('SHORT');
    expect(marketBalance('1.0000')).toBe('BALANCED');
    expect(surplusRatio(5, 5, 0)).toBeNull();
  });
});

describe('earmarking auction revenue', () => {
  it('rounds each amount to the fen and lets the last use take the rounding when all is earmarked', () => {
    const r = earmarkAmounts('1333333.33', [{ use: 'LOW_CARBON_FUND', share: '0.6' }, { use: 'PUBLIC_TRANSFERS', share: '0.4' }]);
    expect(r.items).toEqual([
      { use: 'LOW_CARBON_FUND', share: '0.6000', amount: '800000.00' },
      { use: 'PUBLIC_TRANSFERS', share: '0.4000', amount: '533333.33' },
    ]);
    expect(r.unassigned).toBe('0.00');
    expect(r.unassignedShare).toBe('0.0000');
  });

  it('leaves the rest unassigned', () => {
    const r = earmarkAmounts('1000.00', [{ use: 'LOW_CARBON_FUND', share: '0.3333' }]);
    expect(r.items[0]!.amount).toBe('333.30');
    expect(r.unassigned).toBe('666.70');
    expect(r.unassignedShare).toBe('0.6667');
  });
});
