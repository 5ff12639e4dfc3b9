import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sellableQuantity } from '../../../src/domain/trading/t1';

describe('sellableQuantity (T+1)', () => {
  it.each([
    [100n, 0n, 100n], // nothing bought today: all available units may be sold
    [100n, 30n, 70n], // today's purchases are held back
    [100n, 100n, 0n], // everything available was bought today
    [30n, 100n, 0n], // bought today then moved/locked: never negative
    [0n, 0n, 0n],
    [0n, 5n, 0n],
    [9_223_372_036_854_775_807n, 1n, 9_223_372_036_854_775_806n],
  ])('available %s, bought today %s -> %s', (available, boughtToday, expected) => {
    expect(sellableQuantity(available, boughtToday)).toBe(expected);
  });

  it('is available − bought today, floored at zero, and never more than available', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (available, bought) => {
        const s = sellableQuantity(available, bought);
        expect(s >= 0n).toBe(true);
        expect(s <= available).toBe(true);
        expect(s).toBe(available > bought ? available - bought : 0n);
        // Selling the whole sellable quantity leaves at least today's purchases (or nothing).
        expect(available - s).toBe(available < bought ? available : bought);
      }),
    );
  });
});
