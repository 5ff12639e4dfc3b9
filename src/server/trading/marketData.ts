import Decimal from 'decimal.js';
import { Prisma, type InstrumentStatus, type TradeKind } from '@/generated/prisma/client';
import { db } from '@/db/client';
import type { Side } from '@/domain/trading/priceTimePriority';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { findOwnAccountId } from '../registry/accounts';
import { allInstruments, bandBase, bandsOf, findInstrument } from './instruments';
import { LISTING_VIEW, type ListingView } from './listings';
import { marketState } from './market';

/**
 * Public market data (anyone may read it; listers and counterparties stay anonymous): the
 * instruments with today's prices and bands, the order book by price level, the tape and the
 * block trade report, daily bars. And the caller's own listings and trades.
 */

const money = (v: { toString(): string } | null | undefined) => (v === null || v === undefined ? null : new Decimal(v.toString()).toFixed(2));

export interface InstrumentQuote {
  symbol: string;
  instrument: 'CEA' | 'CCER';
  vintage: number;
  status: InstrumentStatus;
  statusReason: string | null;
  /** The close of the trading day before `tradingDay` (the day's own bar keeps it once its day end has run). */
  previousClose: string | null;
  referencePrice: string | null;
  listedBand: { low: string; high: string } | null;
  blockBand: { low: string; high: string } | null;
  tradingDay: string;
  last: string | null;
  /** The day's closing price once its day end has run (VWAP of the listed trades), else null. */
  close: string | null;
  open: string | null;
  high: string | null;
  low: string | null;
  change: string | null;
  changePercent: string | null;
  volume: number;
  turnover: string;
  blockVolume: number;
  trades: number;
  bestBid: string | null;
  bestAsk: string | null;
}

interface TodayRow {
  symbol: string;
  volume: bigint | null;
  turnover: { toString(): string } | null;
  block_volume: bigint | null;
  trades: bigint;
  open: { toString(): string } | null;
  high: { toString(): string } | null;
  low: { toString(): string } | null;
  last: { toString(): string } | null;
}

export async function listInstrumentQuotes(): Promise<InstrumentQuote[]> {
  const state = await marketState();
  const instruments = await allInstruments(db());
  const today = await db().$queryRaw<TodayRow[]>`
    SELECT symbol,
           sum(quantity) FILTER (WHERE kind = 'LISTED')::bigint AS volume,
           sum(amount) FILTER (WHERE kind = 'LISTED') AS turnover,
           sum(quantity) FILTER (WHERE kind = 'BLOCK')::bigint AS block_volume,
           count(*) FILTER (WHERE kind = 'LISTED') AS trades,
           (array_agg(price ORDER BY id) FILTER (WHERE kind = 'LISTED'))[1] AS open,
           max(price) FILTER (WHERE kind = 'LISTED') AS high,
           min(price) FILTER (WHERE kind = 'LISTED') AS low,
           (array_agg(price ORDER BY id DESC) FILTER (WHERE kind = 'LISTED'))[1] AS last
      FROM trade WHERE trading_day = ${state.tradingDay}::date GROUP BY symbol`;
  const best = await db().$queryRaw<{ symbol: string; bid: { toString(): string } | null; ask: { toString(): string } | null }[]>`
    SELECT symbol, max(price) FILTER (WHERE side = 'BUY') AS bid, min(price) FILTER (WHERE side = 'SELL') AS ask
      FROM listing WHERE status = 'OPEN' GROUP BY symbol`;
  // Once the day end has run, the instrument's previous close is already the day's own close (the
  // next day's band base): the day's change is then read from its bar, against the close before it.
  const closed = await db().$queryRaw<{ symbol: string; previous_close: { toString(): string }; close: { toString(): string } }[]>`
    SELECT symbol, previous_close, close FROM daily_bar WHERE trading_day = ${state.tradingDay}::date`;
  const bySymbol = new Map(today.map((t) => [t.symbol, t]));
  const bestBy = new Map(best.map((b) => [b.symbol, b]));
  const barBy = new Map(closed.map((b) => [b.symbol, b]));
  return instruments.map((i) => {
    const t = bySymbol.get(i.symbol);
    const bar = barBy.get(i.symbol);
    const base = bar ? new Decimal(bar.previous_close.toString()) : bandBase(i);
    const close = bar ? new Decimal(bar.close.toString()) : null;
    const bands = bandsOf(i);
    const last = t?.last ? new Decimal(t.last.toString()) : null;
    const change = last && base ? (close ?? last).minus(base) : null;
    return {
      symbol: i.symbol, instrument: i.instrument, vintage: i.vintage, status: i.status, statusReason: i.statusReason,
      previousClose: bar ? money(base) : money(i.previousClose), referencePrice: money(i.referencePrice),
      listedBand: bands ? { low: bands.listed.low.toFixed(2), high: bands.listed.high.toFixed(2) } : null,
      blockBand: bands ? { low: bands.block.low.toFixed(2), high: bands.block.high.toFixed(2) } : null,
      tradingDay: state.tradingDay,
      last: money(last), close: money(close), open: money(t?.open), high: money(t?.high), low: money(t?.low),
      change: change ? change.toFixed(2) : null,
      changePercent: change && base ? change.div(base).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : null,
      volume: Number(t?.volume ?? 0n), turnover: money(t?.turnover) ?? '0.00', blockVolume: Number(t?.block_volume ?? 0n), trades: Number(t?.trades ?? 0n),
      bestBid: money(bestBy.get(i.symbol)?.bid), bestAsk: money(bestBy.get(i.symbol)?.ask),
    };
  });
}

export interface BookLevel {
  price: string;
  quantity: number;
  listings: number;
}

/** The listed-agreement order book: open quantity per price level, best first on each side. */
export async function orderBook(symbol: string, levels = 5): Promise<{ symbol: string; bids: BookLevel[]; asks: BookLevel[] }> {
  if (!(await findInstrument(db(), symbol))) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  const side = async (s: Side) => {
    const rows = await db().$queryRawUnsafe<{ price: { toString(): string }; quantity: bigint; listings: bigint }[]>(
      `SELECT price, sum(remaining)::bigint AS quantity, count(*) AS listings FROM listing
        WHERE symbol = $1 AND side = $2::"OrderSide" AND status = 'OPEN'
        GROUP BY price ORDER BY price ${s === 'BUY' ? 'DESC' : 'ASC'} LIMIT $3`,
      symbol, s, levels,
    );
    return rows.map((r) => ({ price: money(r.price)!, quantity: Number(r.quantity), listings: Number(r.listings) }));
  };
  return { symbol, bids: await side('BUY'), asks: await side('SELL') };
}

/** The best listings of one side with their ids, so that a taker can pick one (anonymous). */
export async function takeableListings(symbol: string, side: Side, limit = 50): Promise<{ id: string; price: string; remaining: number; createdAt: string }[]> {
  if (!(await findInstrument(db(), symbol))) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  const rows = await db().$queryRawUnsafe<{ id: bigint; price: { toString(): string }; remaining: bigint; created_at: Date }[]>(
    `SELECT id, price, remaining, created_at FROM listing WHERE symbol = $1 AND side = $2::"OrderSide" AND status = 'OPEN'
      ORDER BY price ${side === 'BUY' ? 'DESC' : 'ASC'}, id LIMIT $3`,
    symbol, side, limit,
  );
  return rows.map((r) => ({ id: r.id.toString(), price: money(r.price)!, remaining: Number(r.remaining), createdAt: r.created_at.toISOString() }));
}

export interface TapeTrade {
  id: string;
  symbol: string;
  kind: TradeKind;
  price: string;
  quantity: number;
  amount: string;
  aggressorSide: Side;
  tradingDay: string;
  executedAt: string;
}

interface TradeRow {
  id: bigint;
  symbol: string;
  kind: TradeKind;
  price: { toString(): string };
  quantity: bigint;
  amount: { toString(): string };
  aggressor_side: Side;
  trading_day: string;
  executed_at: Date;
  buyer_account_id: number;
  seller_account_id: number;
  buyer_fee: { toString(): string };
  seller_fee: { toString(): string };
}
const tapeView = (r: TradeRow): TapeTrade => ({
  id: r.id.toString(), symbol: r.symbol, kind: r.kind, price: money(r.price)!, quantity: Number(r.quantity), amount: money(r.amount)!,
  aggressorSide: r.aggressor_side, tradingDay: r.trading_day, executedAt: r.executed_at.toISOString(),
});

const TRADE_COLUMNS = Prisma.raw(`id, symbol, kind, price, quantity, amount, aggressor_side, to_char(trading_day, 'YYYY-MM-DD') AS trading_day, executed_at,
  buyer_account_id, seller_account_id, buyer_fee, seller_fee`);

/** The tape (listed trades) or the block trade report, newest first, paged by id. */
export async function tape(symbol: string, q: { kind: TradeKind; day?: string; cursor?: string; limit: number }): Promise<{ items: TapeTrade[]; nextCursor: string | null }> {
  if (!(await findInstrument(db(), symbol))) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  const rows = await db().$queryRaw<TradeRow[]>`
    SELECT ${TRADE_COLUMNS} FROM trade
     WHERE symbol = ${symbol} AND kind = ${q.kind}::"TradeKind"
       ${q.day ? Prisma.sql`AND trading_day = ${q.day}::date` : Prisma.empty}
       ${q.cursor ? Prisma.sql`AND id < ${BigInt(q.cursor)}` : Prisma.empty}
     ORDER BY id DESC LIMIT ${q.limit + 1}`;
  const items = rows.slice(0, q.limit).map(tapeView);
  return { items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null };
}

export interface Bar {
  day: string;
  open: string | null;
  high: string | null;
  low: string | null;
  close: string;
  previousClose: string;
  volume: number;
  turnover: string;
  blockVolume: number;
  /** False for today's bar while the day is still trading. */
  final: boolean;
}

/** Daily bars (newest last), with today's provisional bar while the day trades. */
export async function dailyBars(symbol: string, days = 120): Promise<Bar[]> {
  const state = await marketState();
  const instrument = await findInstrument(db(), symbol);
  if (!instrument) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  const rows = await db().$queryRaw<{ day: string; open: unknown; high: unknown; low: unknown; close: unknown; previous_close: unknown; volume: bigint; turnover: unknown; block_volume: bigint }[]>`
    SELECT * FROM (
      SELECT to_char(trading_day, 'YYYY-MM-DD') AS day, open, high, low, close, previous_close, volume, turnover, block_volume
        FROM daily_bar WHERE symbol = ${symbol} ORDER BY trading_day DESC LIMIT ${days}) b ORDER BY day`;
  const m = (v: unknown) => (v === null || v === undefined ? null : new Decimal(String(v)).toFixed(2));
  const bars: Bar[] = rows.map((r) => ({
    day: r.day, open: m(r.open), high: m(r.high), low: m(r.low), close: m(r.close)!, previousClose: m(r.previous_close)!,
    volume: Number(r.volume), turnover: m(r.turnover)!, blockVolume: Number(r.block_volume), final: true,
  }));
  if (!bars.some((b) => b.day === state.tradingDay)) {
    const quote = (await listInstrumentQuotes()).find((q) => q.symbol === symbol);
    const base = bandBase(instrument);
    if (quote && base && (quote.trades > 0 || quote.blockVolume > 0)) {
      bars.push({
        day: state.tradingDay, open: quote.open, high: quote.high, low: quote.low, close: quote.last ?? base.toFixed(2), previousClose: base.toFixed(2),
        volume: quote.volume, turnover: quote.turnover, blockVolume: quote.blockVolume, final: false,
      });
    }
  }
  return bars;
}

/** The caller's listings, newest first. */
export async function myListings(actor: Actor, q: { status?: string; symbol?: string; cursor?: string; limit: number }): Promise<{ items: ListingView[]; nextCursor: string | null }> {
  const own = await findOwnAccountId(db(), actor);
  if (own === null) return { items: [], nextCursor: null };
  const conds = [Prisma.sql`account_id = ${own}`];
  if (q.status) conds.push(Prisma.sql`status = ${q.status}::"ListingStatus"`);
  if (q.symbol) conds.push(Prisma.sql`symbol = ${q.symbol}`);
  if (q.cursor) conds.push(Prisma.sql`id < ${BigInt(q.cursor)}`);
  const rows = await db().$queryRaw<{ view: ListingView }[]>`
    SELECT ${Prisma.raw(LISTING_VIEW)} FROM listing WHERE ${Prisma.join(conds, ' AND ')} ORDER BY id DESC LIMIT ${q.limit + 1}`;
  const items = rows.slice(0, q.limit).map((r) => r.view);
  return { items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null };
}

export interface MyTrade extends TapeTrade {
  side: Side;
  fee: string;
  /** Cash moved for this trade: paid (buy, with fee) or received (sell, net of fee). */
  net: string;
}

/** The caller's trades, newest first, from its own side. */
export async function myTrades(actor: Actor, q: { symbol?: string; cursor?: string; limit: number }): Promise<{ items: MyTrade[]; nextCursor: string | null }> {
  const own = await findOwnAccountId(db(), actor);
  if (own === null) return { items: [], nextCursor: null };
  const rows = await db().$queryRaw<TradeRow[]>`
    SELECT ${TRADE_COLUMNS} FROM trade
     WHERE (buyer_account_id = ${own} OR seller_account_id = ${own})
       ${q.symbol ? Prisma.sql`AND symbol = ${q.symbol}` : Prisma.empty}
       ${q.cursor ? Prisma.sql`AND id < ${BigInt(q.cursor)}` : Prisma.empty}
     ORDER BY id DESC LIMIT ${q.limit + 1}`;
  const items = rows.slice(0, q.limit).map((r) => {
    const side: Side = r.buyer_account_id === own ? 'BUY' : 'SELL';
    const amount = new Decimal(r.amount.toString());
    const fee = new Decimal((side === 'BUY' ? r.buyer_fee : r.seller_fee).toString());
    return { ...tapeView(r), side, fee: fee.toFixed(2), net: (side === 'BUY' ? amount.plus(fee).neg() : amount.minus(fee)).toFixed(2) };
  });
  return { items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null };
}
