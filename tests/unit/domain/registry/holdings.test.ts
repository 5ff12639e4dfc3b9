import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyBucketDelta,
  bucketBalance,
  BUCKETS,
  emptyHolding,
  InsufficientHoldingError,
  moveBetweenBuckets,
  totalOf,
  type Bucket,
  type HoldingBalances,
} from '../../../../src/domain/registry/holdings';

const h0: HoldingBalances = { available: 100n, locked: 20n, pledged: 5n, frozen: 1n };

describe('totalOf', () => {
  it('sums all buckets', () => {
    expect(totalOf(h0)).toBe(126n);
    expect(totalOf(emptyHolding())).toBe(0n);
  });
});

describe('applyBucketDelta', () => {
  it.each([
    ['AVAILABLE', 'available'],
    ['LOCKED', 'locked'],
    ['PLEDGED', 'pledged'],
    ['FROZEN', 'frozen'],
  ] as const)('credits and debits %s', (bucket, field) => {
    const credited = applyBucketDelta(h0, bucket, 10n);
    expect(credited[field]).toBe(h0[field] + 10n);
    expect(totalOf(credited)).toBe(totalOf(h0) + 10n);
    const debited = applyBucketDelta(credited, bucket, -(h0[field] + 10n));
    expect(debited[field]).toBe(0n);
    expect(bucketBalance(debited, bucket)).toBe(0n);
  });

  it('returns a new object and leaves the input untouched', () => {
    const snapshot = { ...h0 };
    const next = applyBucketDelta(h0, 'AVAILABLE', -30n);
    expect(next).not.toBe(h0);
    expect(h0).toEqual(snapshot);
    expect(next).toEqual({ ...h0, available: 70n });
  });

  it('allows a zero delta', () => {
    expect(applyBucketDelta(h0, 'LOCKED', 0n)).toEqual(h0);
  });

  it('throws a typed InsufficientHoldingError when a bucket would go negative', () => {
    let caught: unknown;
    try {
      applyBucketDelta(h0, 'LOCKED', -21n);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InsufficientHoldingError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as InsufficientHoldingError;
    expect(err.code).toBe('INSUFFICIENT_HOLDING');
    expect(err.bucket).toBe('LOCKED');
    expect(err.requested).toBe(21n);
    expect(err.available).toBe(20n);
    expect(err.name).toBe('InsufficientHoldingError');
    expect(err.message).toContain('LOCKED');
  });

  it('does not let another bucket cover a shortfall', () => {
    expect(() => applyBucketDelta(h0, 'FROZEN', -2n)).toThrow(InsufficientHoldingError);
  });
});

describe('moveBetweenBuckets', () => {
  it('moves units and preserves the total', () => {
    const next = moveBetweenBuckets(h0, 'AVAILABLE', 'LOCKED', 40n);
    expect(next).toEqual({ ...h0, available: 60n, locked: 60n });
    expect(totalOf(next)).toBe(totalOf(h0));
  });
  it('throws when the source bucket is short', () => {
    expect(() => moveBetweenBuckets(h0, 'PLEDGED', 'AVAILABLE', 6n)).toThrow(InsufficientHoldingError);
  });
  it('rejects non-positive quantities', () => {
    expect(() => moveBetweenBuckets(h0, 'AVAILABLE', 'LOCKED', 0n)).toThrow(RangeError);
    expect(() => moveBetweenBuckets(h0, 'AVAILABLE', 'LOCKED', -1n)).toThrow(RangeError);
  });
});

describe('property: accepted deltas never yield a negative bucket', () => {
  const op = fc.tuple(fc.constantFrom<Bucket>(...BUCKETS), fc.bigInt({ min: -1000n, max: 1000n }));

  it('holds for any sequence of deltas', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let h = emptyHolding();
        let expectedTotal = 0n;
        for (const [bucket, delta] of ops) {
          const before = bucketBalance(h, bucket);
          try {
            h = applyBucketDelta(h, bucket, delta);
            expectedTotal += delta;
            expect(before + delta).toBeGreaterThanOrEqual(0n);
          } catch (e) {
            expect(e).toBeInstanceOf(InsufficientHoldingError);
            expect(before + delta).toBeLessThan(0n);
            expect(bucketBalance(h, bucket)).toBe(before); // unchanged on rejection
          }
          for (const b of BUCKETS) expect(bucketBalance(h, b)).toBeGreaterThanOrEqual(0n);
          expect(totalOf(h)).toBe(expectedTotal);
        }
      }),
    );
  });
});
