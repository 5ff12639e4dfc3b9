/**
 * Holding buckets for allowances. Rule: a holding is split into AVAILABLE
 * (free to trade/transfer), LOCKED (reserved by open sell orders or pending
 * transfers), PLEDGED (collateral) and FROZEN (regulator/court freeze). No
 * bucket may ever go negative.
 */

export type Bucket = 'AVAILABLE' | 'LOCKED' | 'PLEDGED' | 'FROZEN';

export const BUCKETS: readonly Bucket[] = ['AVAILABLE', 'LOCKED', 'PLEDGED', 'FROZEN'];

export interface HoldingBalances {
  available: bigint;
  locked: bigint;
  pledged: bigint;
  frozen: bigint;
}

const FIELD: Record<Bucket, keyof HoldingBalances> = {
  AVAILABLE: 'available',
  LOCKED: 'locked',
  PLEDGED: 'pledged',
  FROZEN: 'frozen',
};

/** Thrown when a debit would take a bucket below zero. */
export class InsufficientHoldingError extends Error {
  readonly code = 'INSUFFICIENT_HOLDING' as const;

  constructor(
    readonly bucket: Bucket,
    /** Tonnes the caller tried to remove (positive). */
    readonly requested: bigint,
    /** Tonnes that were in the bucket. */
    readonly available: bigint,
  ) {
    super(`insufficient ${bucket} holding: requested ${requested} t, available ${available} t`);
    this.name = 'InsufficientHoldingError';
  }
}

/** An all-zero holding. */
export function emptyHolding(): HoldingBalances {
  return { available: 0n, locked: 0n, pledged: 0n, frozen: 0n };
}

/** The balance of one bucket. */
export function bucketBalance(h: HoldingBalances, bucket: Bucket): bigint {
  return h[FIELD[bucket]];
}

/** Total holding across all buckets. */
export function totalOf(h: HoldingBalances): bigint {
  return h.available + h.locked + h.pledged + h.frozen;
}

/**
 * Returns a new holding with `delta` added to `bucket`.
 * Rule: throws InsufficientHoldingError if the bucket would become negative.
 */
export function applyBucketDelta(h: HoldingBalances, bucket: Bucket, delta: bigint): HoldingBalances {
  const field = FIELD[bucket];
  const next = h[field] + delta;
  if (next < 0n) throw new InsufficientHoldingError(bucket, -delta, h[field]);
  return { ...h, [field]: next };
}

/**
 * Moves `qty` tonnes between buckets (e.g. AVAILABLE → LOCKED when a sell
 * order is placed). Rule: qty must be positive; total is unchanged.
 */
export function moveBetweenBuckets(h: HoldingBalances, from: Bucket, to: Bucket, qty: bigint): HoldingBalances {
  if (qty <= 0n) throw new RangeError('quantity to move must be positive');
  return applyBucketDelta(applyBucketDelta(h, from, -qty), to, qty);
}
