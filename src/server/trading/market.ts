import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { marketClockMode } from '@/config/env';
import {
  clockMove, currentTradingDay, formatMarketTime, fromMarketTime, isSessionOpen, isTradingDay, lastEndedTradingDay, marketPhase,
  nextTradingDay, PRE_OPEN_MINUTE, sessionEnd, toMarketTime, type MarketPhase, type MarketTime,
} from '@/domain/trading/calendar';
import type { TradingMethod } from '@/domain/trading/priceBand';
import type { ClockCommand } from '@/schemas/trading';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, type Tx } from '../tx';
import { DAY_END_LOCK_KEY } from './locks';

/**
 * The market's state as one request sees it: the clock (real Beijing time in production, the
 * operator's clock in demo mode), the holiday calendar and the trading settings. Read with one
 * query at the start of every trading use case; the day end runs first when one is due.
 */
export interface MarketSettingsRow {
  feeRate: Decimal;
  riskReserveShare: Decimal;
  entityPositionLimit: bigint | null;
  investorPositionLimit: bigint | null;
  largeHolderThreshold: bigint | null;
  listAndCancelThreshold: number;
}

export interface MarketState {
  mode: 'real' | 'manual';
  now: MarketTime;
  phase: MarketPhase;
  holidays: ReadonlySet<string>;
  /** The trading day orders placed now belong to (or the last one, outside trading days). */
  tradingDay: string;
  closedThrough: string | null;
  settings: MarketSettingsRow;
}

/**
 * The exchange holidays, read from the database every time: no process keeps a copy that another
 * process's change could leave stale (several app processes serve one database). The market
 * state reads them in its own statement.
 */
export async function holidays(client: Tx = db()): Promise<ReadonlySet<string>> {
  const [row] = await client.$queryRaw<{ holidays: string[] }[]>`SELECT ${HOLIDAYS_COLUMN}`;
  return new Set(row?.holidays ?? []);
}

/** The holidays as one column (YYYY-MM-DD[]), read beside the clock and settings by the market state. */
const HOLIDAYS_COLUMN = Prisma.sql`(SELECT coalesce(array_agg(to_char(h.date, 'YYYY-MM-DD')), '{}') FROM trading_holiday h) AS holidays`;

interface StateRow {
  holidays: string[];
  simulated_at: Date | null;
  closed_through: string | null;
  fee_rate: Prisma.Decimal;
  risk_reserve_share: Prisma.Decimal;
  entity_position_limit: bigint | null;
  investor_position_limit: bigint | null;
  large_holder_threshold: bigint | null;
  list_and_cancel_threshold: number;
}

/** Where a fresh demo clock starts: 09:00 of today (Beijing) if a trading day, else of the next one. */
function initialDemoTime(hol: ReadonlySet<string>): MarketTime {
  const today = toMarketTime(new Date()).date;
  return { date: isTradingDay(today, hol) ? today : nextTradingDay(today, hol), minute: PRE_OPEN_MINUTE };
}

/**
 * Reads the clock and settings. With `forOrder` (inside an order's transaction) the same statement
 * takes the day-end lock in shared mode and the settings row FOR SHARE, so neither the day end nor
 * a fee-rate change can land while the order runs, and the order uses the rate it read.
 */
async function readState(client: Tx, forOrder = false): Promise<MarketState> {
  return (await readStateRow(client, forOrder)).state;
}

async function readStateRow(client: Tx, forOrder: boolean, extra?: Prisma.Sql): Promise<{ state: MarketState; row: Record<string, unknown> }> {
  const mode = marketClockMode();
  const rows = forOrder
    ? await client.$queryRaw<StateRow[]>`
      SELECT pg_advisory_xact_lock_shared(${DAY_END_LOCK_KEY})::text AS day_end_lock, ${HOLIDAYS_COLUMN},
             c.simulated_at, to_char(c.closed_through, 'YYYY-MM-DD') AS closed_through, s.fee_rate, s.risk_reserve_share,
             s.entity_position_limit, s.investor_position_limit, s.large_holder_threshold, s.list_and_cancel_threshold
        FROM market_clock c CROSS JOIN market_settings s FOR SHARE OF s`
    : await client.$queryRaw<StateRow[]>`
      SELECT ${HOLIDAYS_COLUMN}, c.simulated_at, to_char(c.closed_through, 'YYYY-MM-DD') AS closed_through, s.fee_rate, s.risk_reserve_share,
             s.entity_position_limit, s.investor_position_limit, s.large_holder_threshold, s.list_and_cancel_threshold
             ${extra ? Prisma.sql`, ${extra}` : Prisma.empty}
        FROM market_clock c CROSS JOIN market_settings s`;
  const r = rows[0];
  if (!r) throw new Error('The market clock or settings row is missing (run the migrations).');
  const hol: ReadonlySet<string> = new Set(r.holidays);
  // A demo clock nobody has started yet (the seed and a test database's template start it) reads
  // as 09:00 of today's trading day until the operator first moves it: a read never starts it.
  const now = mode === 'real' ? toMarketTime(new Date()) : r.simulated_at ? toMarketTime(r.simulated_at) : initialDemoTime(hol);
  const state: MarketState = {
    mode,
    now,
    phase: marketPhase(now, hol),
    holidays: hol,
    tradingDay: currentTradingDay(now, hol),
    closedThrough: r.closed_through,
    settings: {
      feeRate: new Decimal(r.fee_rate.toString()),
      riskReserveShare: new Decimal(r.risk_reserve_share.toString()),
      entityPositionLimit: r.entity_position_limit,
      investorPositionLimit: r.investor_position_limit,
      largeHolderThreshold: r.large_holder_threshold,
      listAndCancelThreshold: r.list_and_cancel_threshold,
    },
  };
  return { state, row: r as unknown as Record<string, unknown> };
}

/** The trading day whose day end is due but has not run, or null. */
export function dueDayEnd(state: MarketState): string | null {
  const ended = lastEndedTradingDay(state.now, state.holidays);
  if (state.closedThrough === null) return null; // a fresh market: nothing traded before it
  return ended > state.closedThrough ? ended : null;
}

/**
 * The market state as of now, read only: a GET, a page or a list never changes anything. Time-driven
 * work (the day end among it) runs in one place, `runDueWork` (src/server/schedule), before every
 * write use case and on the server's schedule; an order's own transaction re-checks with `sessionIn`.
 * Inside a transaction, pass it: every read of a use case goes through its own connection.
 */
export async function marketState(client: Tx = db()): Promise<MarketState> {
  return readState(client);
}

/**
 * The market state and, in the same statement, the named `columns` (SQL expressions with their
 * `AS name`): one round trip where a caller needs both (the due work before every write).
 */
export async function marketStateWith<E>(columns: Prisma.Sql): Promise<{ state: MarketState; extra: E }> {
  const { state, row } = await readStateRow(db(), false, columns);
  return { state, extra: row as E };
}

/**
 * The fee rate in force, read INSIDE the use case's transaction with the settings row share-locked.
 * A buy order locks its value plus the fee at this rate, and its fills charge the fee at the rate
 * the fill reads: both must be the same rate. A change of rate (updateMarketSettings) takes the row
 * FOR UPDATE, so it waits for use cases in flight, and it is refused while open buy orders hold
 * cash locked at the current rate.
 */
export async function tradingFeeRate(tx: Tx): Promise<Decimal> {
  const rows = await tx.$queryRaw<{ fee_rate: Prisma.Decimal }[]>`SELECT fee_rate FROM market_settings WHERE id = 1 FOR SHARE`;
  if (!rows[0]) throw new Error('The market settings row is missing (run the migrations).');
  return new Decimal(rows[0].fee_rate.toString());
}

/** Refuses with 409 SESSION_CLOSED unless the session of `method` is open now. */
export function requireSessionOpen(state: MarketState, method: TradingMethod): void {
  if (isSessionOpen(state.now, method, state.holidays)) return;
  throw fail('SESSION_CLOSED', { method, marketTime: formatMarketTime(state.now), phase: state.phase, dayEndDue: false });
}

/**
 * The first step of every order's transaction (listing, take, block proposal, acceptance): holds
 * the day end off (the day-end lock, shared) and re-reads the clock INSIDE the transaction, refusing with
 * SESSION_CLOSED when the session has closed since the request began. Without it an order that
 * read the clock at 14:59 could commit after the 15:00 day end: an open listing that outlived its
 * day, or a trade the day's close never saw. Returns the state the use case must work with.
 */
export async function sessionIn(tx: Tx, method: TradingMethod): Promise<MarketState> {
  const state = await readState(tx, true);
  requireOrderSession(state, method);
  return state;
}

/** Refuses an order unless the session of `method` is open and the last day end has run (409 SESSION_CLOSED). */
export function requireOrderSession(state: MarketState, method: TradingMethod): void {
  requireSessionOpen(state, method);
  if (dueDayEnd(state)) throw fail('SESSION_CLOSED', { method, marketTime: formatMarketTime(state.now), phase: state.phase, dayEndDue: true });
}

/** When the session of `method` open in `state` ends (an order must commit before it); null when none is open. */
export function sessionUntil(state: MarketState, method: TradingMethod): Date | null {
  const end = sessionEnd(state.now, method, state.holidays);
  return end === null ? null : fromMarketTime({ date: state.now.date, minute: end });
}

export interface ClockView {
  mode: 'real' | 'manual';
  marketTime: string;
  at: string;
  phase: MarketPhase;
  tradingDay: string;
  listedOpen: boolean;
  blockOpen: boolean;
  /** Minute of day when the open session ends, for a countdown. */
  listedSessionEndsAt: string | null;
  closedThrough: string | null;
  nextTradingDay: string;
}

export function clockView(state: MarketState): ClockView {
  const end = sessionEnd(state.now, 'LISTED', state.holidays);
  return {
    mode: state.mode,
    marketTime: formatMarketTime(state.now),
    at: fromMarketTime(state.now).toISOString(),
    phase: state.phase,
    tradingDay: state.tradingDay,
    listedOpen: isSessionOpen(state.now, 'LISTED', state.holidays),
    blockOpen: isSessionOpen(state.now, 'BLOCK', state.holidays),
    listedSessionEndsAt: end === null ? null : formatMarketTime({ date: state.now.date, minute: end }),
    closedThrough: state.closedThrough,
    nextTradingDay: nextTradingDay(state.now.date, state.holidays),
  };
}

export async function getClock(): Promise<ClockView> {
  return clockView(await marketState());
}

/**
 * Moves the demo clock for the exchange operator: open or close a session, advance to the next
 * trading day, or set a time (never backwards). Refused in production. Only the clock moves here:
 * `controlClock` (src/server/schedule) runs the work that falls due, the day end among it.
 */
export async function moveDemoClock(actor: Actor, cmd: ClockCommand): Promise<void> {
  authorize(actor, 'market.operate');
  if (marketClockMode() === 'real') throw fail('CLOCK_NOT_CONTROLLABLE', {});
  if (cmd.at && Number.isNaN(new Date(cmd.at).getTime())) throw fail('INVALID_INPUT', {}, { at: problem('FIELD_NOT_A_DATE_TIME') });
  const at = cmd.at ? toMarketTime(new Date(cmd.at)) : undefined;
  await inTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM market_clock WHERE id = 1 FOR UPDATE`;
    const current = await readState(tx);
    const move = clockMove(current.now, cmd.action, current.holidays, at);
    if (!move.ok) throw move.code === 'INVALID_INPUT' ? fail('INVALID_INPUT', {}, { at: problem('FIELD_REQUIRED') }) : fail(move.code, move.params);
    await tx.$executeRaw`UPDATE market_clock SET simulated_at = ${fromMarketTime(move.to)}, updated_at = now() WHERE id = 1`;
    await recordAudit(tx, actor, {
      action: `market.clock.${cmd.action}`, targetType: 'market_clock', targetId: 1,
      before: { marketTime: formatMarketTime(current.now), phase: current.phase },
      after: { marketTime: formatMarketTime(move.to) },
    });
  });
}
