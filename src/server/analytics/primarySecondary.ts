import Decimal from 'decimal.js';
import { db } from '@/db/client';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';

/**
 * The primary market (auctions of paid allocation) beside the secondary market (DOMAIN §7): the
 * daily close, VWAP and volumes (listed and block) of each CEA vintage, and every settled auction's
 * clearing and reserve price against the closing price of the same vintage on the auction's
 * trading day — flagged where the reserve is above that close. Market data and auction results are
 * public, so every regulator sees the same national figures. Read-only.
 */

export interface DailyMarket {
  day: string;
  symbol: string;
  close: string;
  /** Listed turnover ÷ listed volume; null on a day without listed trades. */
  vwap: string | null;
  volume: number;
  blockVolume: number;
}

export interface AuctionVsMarket {
  id: number;
  title: string;
  titleZh: string | null;
  vintage: number;
  day: string;
  quantity: number;
  quantitySold: number;
  clearingPrice: string | null;
  reservePrice: string | null;
  proceeds: string;
  /** The close of CEA-<vintage> on the auction's trading day (or the last close before it); null without one. */
  marketClose: string | null;
  /** Reserve − close; positive when the reserve is above the market. */
  reserveGap: string | null;
  clearingGap: string | null;
  reserveAboveMarket: boolean;
}

export interface PrimarySecondary {
  from: string | null;
  to: string | null;
  symbols: string[];
  daily: DailyMarket[];
  auctions: AuctionVsMarket[];
}

const money = (v: { toString(): string } | null | undefined) => (v === null || v === undefined ? null : new Decimal(v.toString()).toFixed(2));

export async function primaryVsSecondary(actor: Actor, opts: { from?: string; to?: string } = {}): Promise<PrimarySecondary> {
  authorize(actor, 'analysis.read');
  const client = db();
  const from = opts.from ?? null;
  const to = opts.to ?? null;
  const bars = await client.$queryRaw<{ day: string; symbol: string; close: unknown; turnover: unknown; volume: bigint; block_volume: bigint }[]>`
    SELECT to_char(trading_day, 'YYYY-MM-DD') AS day, symbol, close, turnover, volume, block_volume
      FROM daily_bar
     WHERE symbol LIKE 'CEA-%' AND (${from}::date IS NULL OR trading_day >= ${from}::date) AND (${to}::date IS NULL OR trading_day <= ${to}::date)
     ORDER BY trading_day, symbol`;
  const daily = bars.map((b) => ({
    day: b.day, symbol: b.symbol, close: money(b.close as Decimal)!,
    vwap: b.volume > 0n ? new Decimal(String(b.turnover)).div(b.volume.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : null,
    volume: Number(b.volume), blockVolume: Number(b.block_volume),
  }));
  const rows = await client.$queryRaw<{
    id: number; title: string; title_zh: string | null; vintage: number; day: string; quantity: bigint; quantity_sold: bigint | null;
    clearing_price: unknown; reserve_price: unknown; proceeds: unknown; market_close: unknown;
  }[]>`
    SELECT a.id, a.title, a.title_zh, a.vintage, to_char(a.settlement_day, 'YYYY-MM-DD') AS day, a.quantity, a.quantity_sold,
           a.clearing_price, a.reserve_price, a.proceeds,
           (SELECT b.close FROM daily_bar b WHERE b.symbol = 'CEA-' || a.vintage AND b.trading_day <= a.settlement_day
             ORDER BY b.trading_day DESC LIMIT 1) AS market_close
      FROM auction a
     WHERE a.status = 'SETTLED' AND a.instrument = 'CEA'
       AND (${from}::date IS NULL OR a.settlement_day >= ${from}::date) AND (${to}::date IS NULL OR a.settlement_day <= ${to}::date)
     ORDER BY a.settlement_day, a.id`;
  const auctions = rows.map((a) => {
    const close = money(a.market_close as Decimal);
    const reserve = money(a.reserve_price as Decimal);
    const clearing = money(a.clearing_price as Decimal);
    const gap = (p: string | null) => (p === null || close === null ? null : new Decimal(p).minus(close).toFixed(2));
    return {
      id: a.id, title: a.title, titleZh: a.title_zh, vintage: a.vintage, day: a.day, quantity: Number(a.quantity), quantitySold: Number(a.quantity_sold ?? 0n),
      clearingPrice: clearing, reservePrice: reserve, proceeds: money(a.proceeds as Decimal) ?? '0.00', marketClose: close,
      reserveGap: gap(reserve), clearingGap: gap(clearing), reserveAboveMarket: reserve !== null && close !== null && new Decimal(reserve).gt(close),
    };
  });
  return { from, to, symbols: [...new Set(daily.map((d) => d.symbol))].sort(), daily, auctions };
}
