import { db } from '@/db/client';
import { toMarketTime } from '@/domain/trading/calendar';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { systemAccountId } from '../registry/accounts';
import { dailyBars, type Bar } from '../trading/marketData';
import type { AuctionView } from './auctions';

/**
 * Reads only the auction screens need, beside the service's views (auctions.ts). No rule lives here.
 */

export interface SystemHoldingLine {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  /** What can move now (a new auction can offer; a set-aside can take). */
  available: number;
  /** In the auction account: offered in announced or open auctions. */
  locked: number;
}

/**
 * What the auction account (for the announcers' create form) or the national reserve (for the
 * national regulator's set-aside form) holds, per vintage.
 */
export async function systemHoldings(actor: Actor, account: 'AUCTION' | 'NATIONAL_RESERVE'): Promise<SystemHoldingLine[]> {
  authorize(actor, account === 'AUCTION' ? 'auctions.accountRead' : 'auctions.setAside');
  const accountId = await systemAccountId(db(), account);
  const rows = await db().holding.findMany({ where: { accountId }, orderBy: [{ instrument: 'asc' }, { vintage: 'asc' }] });
  return rows
    .filter((h) => h.available > 0n || h.locked > 0n)
    .map((h) => ({ instrument: h.instrument, vintage: h.vintage, available: Number(h.available), locked: Number(h.locked) }));
}

/** The market date (Beijing) an auction cleared: the day its window closed. */
const clearingDay = (a: Pick<AuctionView, 'closesAt'>) => toMarketTime(new Date(a.closesAt)).date;
const symbolOf = (a: Pick<AuctionView, 'instrument' | 'vintage'>) => `${a.instrument}-${a.vintage}`;

/** The close of `bars` on `day`, else on the last trading day before it. */
function closeOn(bars: Bar[] | undefined, day: string): { day: string; close: string } | null {
  let found: Bar | undefined;
  for (const b of bars ?? []) if (b.day <= day) found = b;
  return found ? { day: found.day, close: found.close } : null;
}

export interface SettledAuction {
  auction: AuctionView;
  /** The market date it cleared (its window's last day). */
  day: string;
  /** The secondary market's close of the same instrument and vintage that day (or the last day before), if it trades. */
  market: { day: string; close: string } | null;
}

/** One day of the history chart: each symbol's close, and the clearing price of an auction of that symbol that cleared that day. */
export interface HistoryPoint {
  day: string;
  close: Record<string, number>;
  clearing: Record<string, { price: number; title: string }>;
}

export interface AuctionHistory {
  /** Settled auctions that sold something, newest first. */
  settled: SettledAuction[];
  /** The chart: trading days from a week before the first auction to today, oldest first. */
  points: HistoryPoint[];
  /** The instrument-vintages auctioned ("CEA-2024"). */
  symbols: string[];
}

/**
 * Settled auctions against the secondary market: the daily bars (closing prices) of the same
 * instrument and vintage, from a week before the first auction to today, and each auction's
 * clearing day and the close that day.
 */
export async function auctionHistory(auctions: AuctionView[]): Promise<AuctionHistory> {
  const settled = auctions.filter((a) => a.status === 'SETTLED' && a.result?.clearingPrice).sort((a, b) => Date.parse(a.closesAt) - Date.parse(b.closesAt));
  const symbols = [...new Set(settled.map(symbolOf))];
  const listed = new Set((await db().tradingInstrument.findMany({ where: { symbol: { in: symbols } }, select: { symbol: true } })).map((i) => i.symbol));
  const bars = new Map<string, Bar[]>();
  for (const symbol of symbols.filter((s) => listed.has(s))) {
    const all = await dailyBars(symbol, 250);
    const first = clearingDay(settled.find((a) => symbolOf(a) === symbol)!);
    const firstIndex = all.findIndex((b) => b.day >= first);
    bars.set(symbol, firstIndex < 0 ? all.slice(-10) : all.slice(Math.max(0, firstIndex - 5)));
  }
  const days = new Map<string, HistoryPoint>();
  const point = (day: string) => days.get(day) ?? days.set(day, { day, close: {}, clearing: {} }).get(day)!;
  for (const [symbol, list] of bars) for (const b of list) point(b.day).close[symbol] = Number(b.close);
  for (const a of settled) point(clearingDay(a)).clearing[symbolOf(a)] = { price: Number(a.result!.clearingPrice), title: a.title };
  return {
    settled: settled.map((a) => ({ auction: a, day: clearingDay(a), market: closeOn(bars.get(symbolOf(a)), clearingDay(a)) })).reverse(),
    points: [...days.values()].sort((x, y) => x.day.localeCompare(y.day)),
    symbols,
  };
}
