import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complianceStatus, shortfall, type ComplianceStatus } from '../../../src/domain/compliance/status';

describe('complianceStatus', () => {
  it.each<[string, number | null, number, boolean, ComplianceStatus]>([
    ['no verified obligation yet', null, 0, false, 'NOT_DUE'],
    ['no obligation, even after the deadline and with surrenders', null, 500, true, 'NOT_DUE'],
    ['before the deadline, nothing surrendered', 1000, 0, false, 'IN_PROGRESS'],
    ['before the deadline, part surrendered', 1000, 999, false, 'IN_PROGRESS'],
    ['exactly the obligation, before the deadline', 1000, 1000, false, 'COMPLIANT'],
    ['exactly the obligation, after the deadline', 1000, 1000, true, 'COMPLIANT'],
    ['more than the obligation', 1000, 1200, false, 'COMPLIANT'],
    ['more than the obligation, after the deadline', 1000, 1200, true, 'COMPLIANT'],
    ['zero obligation', 0, 0, true, 'COMPLIANT'],
    ['after the deadline, part surrendered', 1000, 1, true, 'PARTIAL'],
    ['after the deadline, one tonne short', 1000, 999, true, 'PARTIAL'],
    ['after the deadline, nothing surrendered', 1000, 0, true, 'DEFAULTED'],
  ])('%s → %s', (_name, obligation, surrendered, deadlinePassed, status) => {
    expect(complianceStatus(obligation, surrendered, deadlinePassed)).toBe(status);
  });

  it('COMPLIANT iff surrendered ≥ obligation (given an obligation)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.boolean(), (obligation, surrendered, deadlinePassed) => {
        const status = complianceStatus(obligation, surrendered, deadlinePassed);
        expect(status === 'COMPLIANT').toBe(surrendered >= obligation);
        if (status !== 'COMPLIANT') expect(status).toBe(deadlinePassed ? (surrendered > 0 ? 'PARTIAL' : 'DEFAULTED') : 'IN_PROGRESS');
        expect(status === 'COMPLIANT').toBe(shortfall(obligation, surrendered) === 0);
      }),
    );
  });
});

describe('shortfall', () => {
  it.each([
    [1000, 0, 1000],
    [1000, 400, 600],
    [1000, 1000, 0],
    [1000, 1200, 0],
    [0, 0, 0],
  ])('obligation %i, surrendered %i: %i short', (obligation, surrendered, short) => {
    expect(shortfall(obligation, surrendered)).toBe(short);
  });
});
