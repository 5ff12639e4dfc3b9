/**
 * Order size rules: a listed agreement transfer order is less than 100,000 t (1–99,999 t);
 * a block agreement transfer is at least 100,000 t.
 */
export const LISTED_MIN_QUANTITY = 1;
export const LISTED_MAX_QUANTITY = 99_999;
export const BLOCK_MIN_QUANTITY = 100_000;
/** A sanity ceiling on one block trade (the registry's whole-tonne columns allow far more). */
export const BLOCK_MAX_QUANTITY = 100_000_000;

export const isListedQuantity = (q: number) => Number.isInteger(q) && q >= LISTED_MIN_QUANTITY && q <= LISTED_MAX_QUANTITY;
export const isBlockQuantity = (q: number) => Number.isInteger(q) && q >= BLOCK_MIN_QUANTITY && q <= BLOCK_MAX_QUANTITY;
