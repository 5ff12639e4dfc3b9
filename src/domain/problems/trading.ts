import { defineProblems, none } from './define';

/**
 * The trading context's problem codes (texts: src/i18n/problems/trading.ts): sessions and the
 * market clock, instruments and price bands, order sizes, participants (T+1, position limits,
 * halts), listings, takes and block trades, and the exchange operator's settings and calendar.
 * Symbols as "CEA-2024"; prices and money as strings "52.30"; quantities as whole tonnes (numbers);
 * market times as "2026-12-07 15:05" (Beijing); dates as "YYYY-MM-DD"; shares as fractions ("0.10").
 */

/** Whose account a participant check is about: the actor's own, a block trade's counterparty or initiator. */
export type Whose = 'OWN' | 'COUNTERPARTY' | 'INITIATOR';

export const TRADING_PROBLEMS = defineProblems({
  // ----- sessions and the market clock
  /**
   * The session of the method is closed now (`marketTime` "2026-12-07 15:05", `phase` a MarketPhase);
   * or (`dayEndDue`) the previous trading day's day end is due and has not run yet: send again.
   */
  SESSION_CLOSED: { kind: 'CONFLICT', params: {} as { method: 'LISTED' | 'BLOCK'; marketTime: string; phase: string; dayEndDue: boolean } },
  /** In production the market clock follows real Beijing time. */
  CLOCK_NOT_CONTROLLABLE: { kind: 'CONFLICT', params: none },
  SESSION_ALREADY_OPEN: { kind: 'CONFLICT', params: {} as { marketTime: string } },
  TRADING_DAY_OVER: { kind: 'CONFLICT', params: {} as { marketTime: string } },
  NO_OPEN_SESSION: { kind: 'CONFLICT', params: {} as { marketTime: string } },
  /** Setting the demo clock to `target`, before `marketTime`. */
  CLOCK_CANNOT_GO_BACK: { kind: 'CONFLICT', params: {} as { marketTime: string; target: string } },

  // ----- instruments and price bands
  INSTRUMENT_SUSPENDED: { kind: 'CONFLICT', params: {} as { symbol: string; reason: string | null } },
  NO_REFERENCE_PRICE: { kind: 'CONFLICT', params: {} as { symbol: string } },
  /** Also the field problem of `vintage`. */
  INSTRUMENT_EXISTS: { kind: 'CONFLICT', params: {} as { symbol: string } },
  /** `band` the band's share of the previous close ("0.10"); `low`–`high` the allowed prices. */
  PRICE_OUTSIDE_LISTED_BAND: { kind: 'RULE', params: {} as { symbol: string; price: string; band: string; low: string; high: string } },
  PRICE_OUTSIDE_BLOCK_BAND: { kind: 'RULE', params: {} as { symbol: string; price: string; band: string; low: string; high: string } },
  /** Field problem (`price`): inside the band. */
  PRICE_BETWEEN: { kind: 'INVALID', params: {} as { low: string; high: string } },

  // ----- order sizes
  /** A listed order is `min`–`max` t; from `blockMin` t it is a block agreement transfer. */
  LISTED_QUANTITY_LIMIT: { kind: 'RULE', params: {} as { quantity: number; min: number; max: number; blockMin: number } },
  BLOCK_MIN_QUANTITY: { kind: 'RULE', params: {} as { quantity: number; min: number } },
  /** A listing's quantity is amended down only: `remaining` t are left. */
  AMEND_NOT_DOWN: { kind: 'RULE', params: {} as { remaining: number } },

  // ----- participants
  NO_TRADING_ACCOUNT: { kind: 'CONFLICT', params: {} as { whose: Whose; account: string } },
  /** The exchange halted the participant's trading (`reason` as the operator wrote it). */
  PARTICIPANT_SUSPENDED: { kind: 'CONFLICT', params: {} as { whose: Whose; reason: string | null } },
  /** Under T+1 `boughtToday` t bought today can be sold from the next trading day; `sellable` t can be sold now. */
  T_PLUS_ONE: { kind: 'CONFLICT', params: {} as { symbol: string; boughtToday: number; sellable: number } },
  /** Field problem (`quantity`): what can be sold today. */
  SELLABLE_TODAY: { kind: 'INVALID', params: {} as { sellable: number } },
  /** The order could take the position to `position` t, above the class's `limit`. */
  POSITION_LIMIT: { kind: 'RULE', params: {} as { symbol: string; position: number; limit: number } },
  /** Field problem (`quantity`): at most `room` t more under the position limit. */
  POSITION_ROOM: { kind: 'INVALID', params: {} as { room: number } },

  // ----- listings (挂牌), takes (摘牌) and block trades (大宗协议)
  /** The listing is FILLED, CANCELLED, EXPIRED (or gone: `status` null); `doing` what was refused. */
  LISTING_NOT_OPEN: { kind: 'CONFLICT', params: {} as { id: string; status: string | null; doing: 'TAKE' | 'CHANGE' } },
  /** The picked listing is not within the best `levels` price levels (`price`), or its lister cannot trade now (`price` null). */
  OUTSIDE_BEST_FIVE_LEVELS: { kind: 'CONFLICT', params: {} as { id: string; price: string | null; levels: number } },
  /** No listing of the other side within the taker's `limit` (`side` the taker's side). */
  NOTHING_TO_TAKE: { kind: 'CONFLICT', params: {} as { symbol: string; side: 'BUY' | 'SELL'; limit: string; levels: number } },
  /** Field problem (`limitPrice`). */
  NO_LISTING_WITHIN_LIMIT: { kind: 'INVALID', params: none },
  /** Field problem of a take that names a listing and also sweep fields. */
  TAKE_ONE_WAY: { kind: 'INVALID', params: none },
  PROPOSAL_NOT_PENDING: { kind: 'CONFLICT', params: {} as { id: number; status: string } },
  /** Proposing to one's own account, or accepting one's own proposal. Also the field problem of `counterpartyAccountId`. */
  SELF_BLOCK_TRADE: { kind: 'RULE', params: {} as { doing: 'PROPOSE' | 'ACCEPT' } },
  OPEN_OFFER: { kind: 'RULE', params: none },

  // ----- the exchange operator: instruments, participants, alerts, settings, calendar
  /** The instrument or participant is already in the state asked for. */
  NO_CHANGE: { kind: 'CONFLICT', params: {} as { what: 'instrument' | 'participant'; name: string; suspended: boolean } },
  ALERT_ALREADY_REVIEWED: { kind: 'CONFLICT', params: {} as { id: number } },
  /** Open buy orders hold cash locked at the current fee rate. Also the field problem of `feeRate`. */
  FEE_RATE_IN_USE: { kind: 'CONFLICT', params: {} as { listings: number; proposals: number } },
  /** Field problems of the settings form. */
  FEE_RATE_INVALID: { kind: 'INVALID', params: none },
  RESERVE_SHARE_INVALID: { kind: 'INVALID', params: none },
  /** Only dates after `today` (market clock) change in the calendar. Also the field problem of `date`. */
  HOLIDAY_NOT_IN_FUTURE: { kind: 'RULE', params: {} as { today: string } },
  /** Also the field problem of `date`. */
  NOT_A_WEEKDAY: { kind: 'RULE', params: {} as { date: string } },
  /** Also the field problem of `date`. */
  HOLIDAY_EXISTS: { kind: 'CONFLICT', params: {} as { date: string; name: string } },

  // ----- field problems of the trading schemas
  SYMBOL_INVALID: { kind: 'INVALID', params: none },
});
