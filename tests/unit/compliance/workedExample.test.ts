/** The worked example of DOMAIN.md §6 (compliance cycle). */
import { describe, expect, it } from 'vitest';
import { costToClose, offsetCap, splitSurrender } from '../../../src/domain/compliance/surrender';
import { complianceStatus, shortfall } from '../../../src/domain/compliance/status';

const verified = 1_000_000;

describe('DOMAIN.md §6 worked example', () => {
  it('allocated 800,000 t: a gap of 200,000 t, 10,000,000.00 CNY at 50 CNY/t', () => {
    const allocated = 800_000;
    const gap = shortfall(verified, allocated);
    expect(gap).toBe(200_000);
    expect(costToClose(gap, '50')).toBe('10000000.00');
    // Surrendering only the allocation leaves the entity short after the deadline.
    expect(complianceStatus(verified, allocated, true)).toBe('PARTIAL');
    expect(complianceStatus(verified, allocated, false)).toBe('IN_PROGRESS');
  });

  it('or up to 50,000 t of CCER plus 150,000 t bought', () => {
    const allocated = 800_000;
    const ccer = offsetCap(verified, '0.05');
    expect(ccer).toBe(50_000);
    const bought = shortfall(verified, allocated) - ccer;
    expect(bought).toBe(150_000);
    expect(costToClose(bought, '50')).toBe('7500000.00');
    // Allowances, then the CCER and the bought tonnes, close the gap exactly.
    let outstanding = verified;
    for (const part of [allocated, ccer, bought]) {
      const s = splitSurrender(part, outstanding);
      expect(s.excess).toBe(0);
      outstanding -= s.credited;
    }
    expect(outstanding).toBe(0);
    expect(complianceStatus(verified, allocated + ccer + bought, true)).toBe('COMPLIANT');
  });

  it('allocated 1,200,000 t: surrender 1,000,000 t and 200,000 t are left to sell, bank or cancel', () => {
    const allocated = 1_200_000;
    expect(shortfall(verified, allocated)).toBe(0);
    expect(costToClose(verified - allocated, '50')).toBe('0.00');
    const surrender = splitSurrender(verified, verified);
    expect(surrender).toEqual({ credited: 1_000_000, excess: 0 });
    expect(allocated - surrender.credited).toBe(200_000);
    expect(complianceStatus(verified, surrender.credited, true)).toBe('COMPLIANT');
  });

  it('surrendering all 1,200,000 t voluntarily cancels the excess 200,000 t', () => {
    expect(splitSurrender(1_200_000, verified)).toEqual({ credited: 1_000_000, excess: 200_000 });
  });
});
