import type { ProblemParams } from './problems';

/**
 * Generated texts users read, as data: a journal entry's memo and a surveillance alert's detail are
 * stored as `{ code, params }` beside their English text, and rendered in the reader's language
 * (src/i18n/notes.ts). Free text a user typed (a cancellation reason, a court's order) stays as typed.
 */
const notes = <R extends Record<string, { params: ProblemParams }>>(registry: R): R => registry;
type Q = number;

export const NOTES = notes({
  // Trading
  SELL_LISTING_LOCK: { params: {} as { quantity: Q; symbol: string; price: string } },
  BUY_LISTING_LOCK: { params: {} as { quantity: Q; symbol: string; price: string } },
  LISTING_AMENDED: { params: {} as { listing: string; remaining: Q } },
  LISTING_CANCELLED: { params: {} as { listing: string } },
  LISTINGS_EXPIRED: { params: {} as { day: string } },
  TAKE: { params: {} as { quantity: Q; symbol: string; fills: Q } },
  BLOCK_SELL_LOCK: { params: {} as { quantity: Q; symbol: string } },
  BLOCK_BUY_LOCK: { params: {} as { quantity: Q; symbol: string } },
  BLOCK_PROPOSAL_ENDED: { params: {} as { proposal: string; how: 'reject' | 'withdraw' } },
  BLOCK_PROPOSALS_EXPIRED: { params: {} as { day: string } },
  BLOCK_TRADE: { params: {} as { quantity: Q; symbol: string; proposal: string } },
  // Registry
  CASH_DEPOSIT: { params: {} as Record<never, never> },
  PLEDGED: { params: {} as { pledgee: string; securedAmount: string } },
  TRANSFER_LOCK: { params: {} as { request: Q } },
  TRANSFER: { params: {} as { kind: string; reason: string } },
  TRANSFER_REJECTED: { params: {} as { request: Q } },
  TRANSFER_CANCELLED: { params: {} as { request: Q } },
  REVERSAL: { params: {} as { entry: string; reason: string } },
  // Compliance and allocation
  SURRENDER: { params: {} as { year: Q } },
  SURRENDER_EXCESS: { params: {} as { year: Q } },
  EXPIRY: { params: {} as { until: string } },
  NATIONAL_CAP: { params: {} as { year: Q } },
  ALLOCATION_RUN: { params: {} as { year: Q; kind: 'PRE_ALLOCATION' | 'TRUE_UP'; province: string; run: Q } },
  ALLOCATION_PAID_SHARE: { params: {} as { year: Q; kind: 'PRE_ALLOCATION' | 'TRUE_UP'; province: string; run: Q; organisation: Q } },
  PROVINCE_BUDGET: { params: {} as { year: Q; province: string } },
  // Auctions
  AUCTION_OFFERED: { params: {} as { auction: Q; title: string; titleZh: string | null } },
  AUCTION_CANCELLED: { params: {} as { auction: Q } },
  AUCTION_SETTLED: { params: {} as { auction: Q; title: string; titleZh: string | null } },
  AUCTION_GUARANTEE: { params: {} as { auction: Q; change: 'lock' | 'amend' | 'release' } },

  // Legal bases the platform writes (a basis a user typed stays as typed)
  BASIS_TRADE_SETTLEMENT: { params: {} as Record<never, never> },
  BASIS_COMPLIANCE_YEAR: { params: {} as { year: Q } },
  BASIS_ALLOCATION_PLAN: { params: {} as { year: Q } },
  BASIS_NATIONAL_TOTAL: { params: {} as { year: Q } },
  BASIS_PROVINCE_BUDGET: { params: {} as { year: Q } },
  BASIS_COVERAGE_EXPIRY: { params: {} as Record<never, never> },
  /** How a penalty's fine range was set: the rule version, and under INTERIM_2024 the average price and the shortfall it multiplies. */
  BASIS_PENALTY: { params: {} as { rule: 'TRIAL_2021' | 'INTERIM_2024'; averagePrice: string; shortfall: Q } },

  // Surveillance alerts
  ALERT_SELF_TRADE: { params: {} as { quantity: Q; symbol: string; price: string; low: string; high: string } },
  ALERT_RELATED_ACCOUNTS: { params: {} as { quantity: Q; symbol: string; price: string; low: string; high: string } },
  ALERT_BAND_LIMIT: { params: {} as { quantity: Q; symbol: string; price: string; low: string; high: string } },
  ALERT_LIST_AND_CANCEL: { params: {} as { cancelled: Q; threshold: Q } },
});

export type Notes = typeof NOTES;
export type NoteCode = keyof Notes;
export type Note<C extends NoteCode = NoteCode> = { [K in C]: { code: K; params: Notes[K]['params'] } }[C];

export const note = <C extends NoteCode>(code: C, params: Notes[C]['params']): Note<C> => ({ code, params }) as Note<C>;

/** A stored note read back (JSON from the database); null when it is not one of ours. */
export function asNote(value: unknown): Note | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as { code?: unknown; params?: unknown };
  return typeof v.code === 'string' && Object.hasOwn(NOTES, v.code) && v.params !== null && typeof v.params === 'object' ? (v as Note) : null;
}
