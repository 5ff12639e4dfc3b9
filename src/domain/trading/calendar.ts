/**
 * The trading calendar and sessions, in Beijing time (Asia/Shanghai, UTC+8, no daylight saving).
 *
 * Trading days are Monday to Friday except exchange holidays. Listed agreement transfers trade
 * 09:30–11:30 and 13:00–15:00; block agreement transfers 13:00–15:00. 15:00 ends the trading day:
 * listings and unaccepted block proposals expire and the closing price is set.
 *
 * The market clock is an instant. In production it is the real time; in demo mode the exchange
 * operator moves it on purpose (`clockAction`) so that demos and tests are deterministic.
 */
import type { TradingMethod } from './priceBand';

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;

export const MORNING_OPEN = 9 * 60 + 30;
export const MORNING_CLOSE = 11 * 60 + 30;
export const AFTERNOON_OPEN = 13 * 60;
export const AFTERNOON_CLOSE = 15 * 60;
/** Where "next trading day" puts the clock: before the morning session. */
export const PRE_OPEN_MINUTE = 9 * 60;

/** A local market time: the Beijing calendar date (YYYY-MM-DD) and minutes since midnight. */
export interface MarketTime {
  date: string;
  minute: number;
}

export type MarketPhase = 'NON_TRADING_DAY' | 'PRE_OPEN' | 'MORNING' | 'MIDDAY_BREAK' | 'AFTERNOON' | 'CLOSED';

export const SESSIONS: Record<TradingMethod, [number, number][]> = {
  LISTED: [[MORNING_OPEN, MORNING_CLOSE], [AFTERNOON_OPEN, AFTERNOON_CLOSE]],
  BLOCK: [[AFTERNOON_OPEN, AFTERNOON_CLOSE]],
};

const DAY_MS = 86_400_000;

const dateToUtcMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const utcMsToDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** Calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

export function toMarketTime(instant: Date): MarketTime {
  const local = instant.getTime() + SHANGHAI_OFFSET_MINUTES * 60_000;
  const date = utcMsToDate(local);
  const minute = Math.floor((local - dateToUtcMs(date)) / 60_000);
  return { date, minute };
}

export function fromMarketTime(t: MarketTime): Date {
  return new Date(dateToUtcMs(t.date) + (t.minute - SHANGHAI_OFFSET_MINUTES) * 60_000);
}

export function formatMarketTime(t: MarketTime): string {
  const hh = String(Math.floor(t.minute / 60)).padStart(2, '0');
  const mm = String(t.minute % 60).padStart(2, '0');
  return `${t.date} ${hh}:${mm}`;
}

export function isTradingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(dateToUtcMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string, holidays: ReadonlySet<string>): string {
  let d = addDays(date, 1);
  for (let i = 0; i < 366 && !isTradingDay(d, holidays); i++) d = addDays(d, 1);
  return d;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string, holidays: ReadonlySet<string>): string {
  let d = addDays(date, -1);
  for (let i = 0; i < 366 && !isTradingDay(d, holidays); i++) d = addDays(d, -1);
  return d;
}

export function marketPhase(t: MarketTime, holidays: ReadonlySet<string>): MarketPhase {
  if (!isTradingDay(t.date, holidays)) return 'NON_TRADING_DAY';
  if (t.minute < MORNING_OPEN) return 'PRE_OPEN';
  if (t.minute < MORNING_CLOSE) return 'MORNING';
  if (t.minute < AFTERNOON_OPEN) return 'MIDDAY_BREAK';
  if (t.minute < AFTERNOON_CLOSE) return 'AFTERNOON';
  return 'CLOSED';
}

/** Is the session for this trading method open at `t`? */
export function isSessionOpen(t: MarketTime, method: TradingMethod, holidays: ReadonlySet<string>): boolean {
  if (!isTradingDay(t.date, holidays)) return false;
  return SESSIONS[method].some(([open, close]) => t.minute >= open && t.minute < close);
}

/** The end (minute) of the session of `method` open at `t`, or null when none is open. */
export function sessionEnd(t: MarketTime, method: TradingMethod, holidays: ReadonlySet<string>): number | null {
  if (!isTradingDay(t.date, holidays)) return null;
  const s = SESSIONS[method].find(([open, close]) => t.minute >= open && t.minute < close);
  return s ? s[1] : null;
}

/**
 * The trading day whose market data is "today" at `t`: the date itself on a trading day, else the
 * last trading day before it.
 */
export function currentTradingDay(t: MarketTime, holidays: ReadonlySet<string>): string {
  return isTradingDay(t.date, holidays) ? t.date : previousTradingDay(t.date, holidays);
}

/** The latest trading day that has ended (its 15:00 has passed) at `t`. */
export function lastEndedTradingDay(t: MarketTime, holidays: ReadonlySet<string>): string {
  if (isTradingDay(t.date, holidays) && t.minute >= AFTERNOON_CLOSE) return t.date;
  return previousTradingDay(t.date, holidays);
}

export type ClockAction = 'open-session' | 'close-session' | 'next-trading-day' | 'set';

/** A refused move: a problem of the trading registry (src/domain/problems/trading.ts), or INVALID_INPUT without `at`. */
export type ClockRefusal = { ok: false } & (
  | { code: 'SESSION_ALREADY_OPEN' | 'TRADING_DAY_OVER' | 'NO_OPEN_SESSION'; params: { marketTime: string } }
  | { code: 'CLOCK_CANNOT_GO_BACK'; params: { marketTime: string; target: string } }
  | { code: 'INVALID_INPUT'; params: Record<never, never> }
);
export type ClockMove = { ok: true; to: MarketTime } | ClockRefusal;

/**
 * Where a demo-mode clock action moves the clock from `now`:
 * - open-session: to 09:30 before the morning session, to 13:00 in the midday break;
 * - close-session: to 11:30 in the morning session, to 15:00 (day end) in the afternoon;
 * - next-trading-day: to 09:00 of the next trading day;
 * - set: to `at`, never backwards.
 */
export function clockMove(now: MarketTime, action: ClockAction, holidays: ReadonlySet<string>, at?: MarketTime): ClockMove {
  const phase = marketPhase(now, holidays);
  const marketTime = formatMarketTime(now);
  switch (action) {
    case 'open-session':
      if (phase === 'PRE_OPEN') return { ok: true, to: { date: now.date, minute: MORNING_OPEN } };
      if (phase === 'MIDDAY_BREAK') return { ok: true, to: { date: now.date, minute: AFTERNOON_OPEN } };
      if (phase === 'MORNING' || phase === 'AFTERNOON') return { ok: false, code: 'SESSION_ALREADY_OPEN', params: { marketTime } };
      return { ok: false, code: 'TRADING_DAY_OVER', params: { marketTime } };
    case 'close-session':
      if (phase === 'MORNING') return { ok: true, to: { date: now.date, minute: MORNING_CLOSE } };
      if (phase === 'AFTERNOON') return { ok: true, to: { date: now.date, minute: AFTERNOON_CLOSE } };
      return { ok: false, code: 'NO_OPEN_SESSION', params: { marketTime } };
    case 'next-trading-day':
      return { ok: true, to: { date: nextTradingDay(now.date, holidays), minute: PRE_OPEN_MINUTE } };
    case 'set':
      if (!at) return { ok: false, code: 'INVALID_INPUT', params: {} };
      if (at.date < now.date || (at.date === now.date && at.minute < now.minute)) {
        return { ok: false, code: 'CLOCK_CANNOT_GO_BACK', params: { marketTime, target: formatMarketTime(at) } };
      }
      return { ok: true, to: at };
  }
}
