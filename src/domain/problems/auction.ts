import { defineProblems, none } from './define';

/**
 * The auction context's problem codes (texts: src/i18n/problems/auction.ts): one-way buying
 * auctions (单向竞买) — their lifecycle, the bidding window and the bids. Times as market time
 * "2026-11-23 15:00" (Beijing); prices as strings "52.30"; quantities as whole tonnes (numbers).
 */
export type AuctionStep = 'SCHEDULE' | 'OPEN' | 'CANCEL' | 'CLOSE';

export const AUCTION_PROBLEMS = defineProblems({
  /** The auction's `status` does not allow the step (`CANCEL`: only before it opens). */
  AUCTION_STATUS: { kind: 'CONFLICT', params: {} as { id: number; status: string; step: AuctionStep } },
  /** The bidding window closed at `closesAt`, already past. Also the field problem of `closesAt`. */
  WINDOW_PASSED: { kind: 'RULE', params: {} as { closesAt: string } },
  /** The window runs until `closesAt`: the close comes after it. */
  WINDOW_OPEN: { kind: 'CONFLICT', params: {} as { id: number; closesAt: string } },
  /** The auction account holds `available` t of `asset` ("CEA-2024"); the auction offers `offered` t. */
  AUCTION_ACCOUNT_SHORT: { kind: 'CONFLICT', params: {} as { asset: string; available: number; offered: number } },
  BIDDING_CLOSED: { kind: 'CONFLICT', params: {} as { id: number; closedAt: string } },
  BIDDING_NOT_OPEN: { kind: 'CONFLICT', params: {} as { id: number; status: string } },
  /** Open to compliance entities only. */
  NOT_ELIGIBLE: { kind: 'RULE', params: {} as { id: number } },
  /** Below the reserve price `reserve`. Also the field problem of `price`. */
  BELOW_RESERVE: { kind: 'RULE', params: {} as { reserve: string } },
  /** At most `max` t per bidder; the bidder's other bids total `already` t. */
  PER_BIDDER_MAX: { kind: 'RULE', params: {} as { id: number; max: number; already: number } },
  BID_NOT_ACTIVE: { kind: 'CONFLICT', params: {} as { id: number; status: string } },

  // ----- field problems of the auction form
  /** `closesAt`: the window closes after it opens. */
  WINDOW_ORDER: { kind: 'INVALID', params: none },
  /** `guaranteePercent`: a share above 0 and at most 1, e.g. "0.10". */
  GUARANTEE_SHARE: { kind: 'INVALID', params: none },
});
