import { db } from '@/db/client';
import { addDays, isTradingDay } from '@/domain/trading/calendar';
import { sellableQuantity } from '@/domain/trading/t1';
import type { Actor } from '../identity/actor';
import { findOwnAccountId } from '../registry/accounts';
import { holidays, marketState } from './market';
import { can } from '@/domain/identity/permissions';
import { boughtTodayBy } from './participants';

/**
 * Reads that only the screens need (the trading page, the exchange operator's pages), beside
 * the API's read models in marketData.ts and surveillance.ts. No rule lives here.
 */

export interface TraderPosition {
  tradingDay: string;
  /** The fee rate per side per trade (public: the exchange publishes it). */
  feeRate: string;
  /** The caller's registry account, or null when its organisation has none. */
  accountId: number | null;
  /** Its trading account at the exchange, or null when none is opened. */
  tradingAccount: { number: string; suspended: boolean; suspensionReason: string | null } | null;
  /** Units of `symbol` bought today: under T+1 they can be sold from the next trading day. */
  boughtToday: number;
  /** What of the available balance may be sold now (available − bought today, ≥ 0). */
  sellable: number;
  available: number;
  locked: number;
}

/**
 * The caller's own position in one instrument as the trading forms need it: available and
 * locked units, today's purchases (T+1) and what may be sold now, the fee rate. Own account only.
 */
export async function traderPosition(actor: Actor, symbol: string): Promise<TraderPosition> {
  const state = await marketState();
  const feeRate = state.settings.feeRate.toString();
  const accountId = await findOwnAccountId(db(), actor);
  const empty = { tradingDay: state.tradingDay, feeRate, accountId, tradingAccount: null, boughtToday: 0, sellable: 0, available: 0, locked: 0 };
  if (accountId === null || !can(actor.roles, 'trading.trade')) return empty;
  const [instrument, trading] = await Promise.all([
    db().tradingInstrument.findUnique({ where: { symbol }, select: { instrument: true, vintage: true } }),
    db().tradingAccount.findUnique({ where: { registryAccountId: accountId }, select: { number: true, suspended: true, suspensionReason: true } }),
  ]);
  if (!instrument) return { ...empty, tradingAccount: trading };
  const [holding, today] = await Promise.all([
    db().holding.findFirst({ where: { accountId, instrument: instrument.instrument, vintage: instrument.vintage }, select: { available: true, locked: true } }),
    boughtTodayBy(db(), [accountId], symbol, state.tradingDay).then((m) => m.get(accountId) ?? 0n),
  ]);
  const available = holding?.available ?? 0n;
  return {
    ...empty,
    tradingAccount: trading,
    boughtToday: Number(today),
    sellable: Number(sellableQuantity(available, today)),
    available: Number(available),
    locked: Number(holding?.locked ?? 0n),
  };
}

export interface CalendarDay {
  date: string;
  weekday: number;
  trading: boolean;
  holiday: string | null;
}

/** The exchange calendar from `from` (a market date) for `days` days: trading days, weekends and holidays. */
export async function marketCalendar(from: string, days = 14): Promise<CalendarDay[]> {
  const hol = await holidays();
  const names = await db().tradingHoliday.findMany({
    where: { date: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${addDays(from, days)}T00:00:00Z`) } },
    select: { date: true, name: true },
  });
  const nameOf = new Map(names.map((h) => [h.date.toISOString().slice(0, 10), h.name]));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), trading: isTradingDay(date, hol), holiday: hol.has(date) ? (nameOf.get(date) ?? '') : null };
  });
}

/**
 * Names (English and Chinese) of registry accounts, by id. Only for screens whose service
 * already checked that the actor may see the records naming these accounts (the operator's
 * participant and surveillance lists, the caller's own block proposals).
 */
export async function accountNames(ids: readonly number[]): Promise<Map<number, { id: number; number: string; name: string; nameZh: string | null }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db().registryAccount.findMany({
    where: { id: { in: unique } },
    select: { id: true, number: true, name: true, organisation: { select: { name: true, nameZh: true } } },
  });
  return new Map(rows.map((a) => [a.id, { id: a.id, number: a.number, name: a.organisation?.name ?? a.name, nameZh: a.organisation?.nameZh ?? null }]));
}

export interface Counterparty {
  id: number;
  number: string;
  name: string;
  nameZh: string | null;
}

/**
 * Participants a trader can direct a block proposal to: ACTIVE accounts with a trading account
 * that is not suspended, other than the caller's own. Only traders see it; the covered-entity
 * and investor names are the registry's public participant list.
 */
export async function blockCounterparties(actor: Actor): Promise<Counterparty[]> {
  if (!can(actor.roles, 'trading.trade')) return [];
  const rows = await db().registryAccount.findMany({
    where: { type: 'PARTICIPANT', status: 'ACTIVE', tradingAccount: { suspended: false }, NOT: { organisationId: actor.organisationId } },
    select: { id: true, number: true, name: true, organisation: { select: { name: true, nameZh: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map((a) => ({ id: a.id, number: a.number, name: a.organisation?.name ?? a.name, nameZh: a.organisation?.nameZh ?? null }));
}
