import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BLOCK_MAX_QUANTITY,
  BLOCK_MIN_QUANTITY,
  isBlockQuantity,
  isListedQuantity,
  LISTED_MAX_QUANTITY,
  LISTED_MIN_QUANTITY,
} from '../../../src/domain/trading/orderSize';

describe('order size limits', () => {
  it('a listed order is 1–99,999 t and a block trade at least 100,000 t', () => {
    expect(LISTED_MIN_QUANTITY).toBe(1);
    expect(LISTED_MAX_QUANTITY).toBe(99_999);
    expect(BLOCK_MIN_QUANTITY).toBe(100_000);
    expect(BLOCK_MAX_QUANTITY).toBeGreaterThan(BLOCK_MIN_QUANTITY);
  });

  it.each([
    [0, false, false],
    [-1, false, false],
    [1, true, false],
    [2, true, false],
    [50_000, true, false],
    [99_999, true, false],
    [100_000, false, true],
    [100_001, false, true],
    [5_000_000, false, true],
    [BLOCK_MAX_QUANTITY, false, true],
    [BLOCK_MAX_QUANTITY + 1, false, false],
    [1.5, false, false],
    [99_999.5, false, false],
    [100_000.5, false, false],
    [Number.NaN, false, false],
    [Number.POSITIVE_INFINITY, false, false],
  ])('%s t: listed %s, block %s', (q, listed, block) => {
    expect(isListedQuantity(q)).toBe(listed);
    expect(isBlockQuantity(q)).toBe(block);
  });

  it('no quantity is both a listed and a block quantity; every positive whole quantity up to the block ceiling is one of them', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: BLOCK_MAX_QUANTITY + 10 }), (q) => {
        const listed = isListedQuantity(q);
        const block = isBlockQuantity(q);
        expect(listed && block).toBe(false);
        expect(listed || block).toBe(q >= 1 && q <= BLOCK_MAX_QUANTITY);
        expect(listed).toBe(q >= 1 && q < 100_000);
      }),
    );
  });
});
