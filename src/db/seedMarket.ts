import Decimal from 'decimal.js';
import { db } from './client';
import { fromMarketTime, isTradingDay, nextTradingDay, previousTradingDay, PRE_OPEN_MINUTE } from '@/domain/trading/calendar';
import { priceBand } from '@/domain/trading/priceBand';
import type { Actor } from '@/server/identity/actor';
import { proposeBlockTrade, acceptBlockTrade } from '@/server/trading/blockTrades';
import { cancelListing, placeListing } from '@/server/trading/listings';
import { controlClock } from '@/server/schedule/dueWork';
import { take } from '@/server/trading/takes';

/**
 * Demo market: the exchange holidays and trading settings (set when the registry opens, early 2024),
 * and the last three weeks before the demo day traded every day through the real services
 * (listings, takes, block trades, day ends), so the market page has a dense chart and a tape. The
 * years before are seedHistory's. The demo clock is left in the demo day's afternoon session
 * (listed and block trading open) with an order book on both sides and block proposals waiting.
 */

/** The exchange holidays of the demo calendar (2024 to early 2027), named in English and Chinese. */
const HOLIDAYS: [date: string, name: string, nameZh: string][] = [
  ['2024-01-01', 'New Year’s Day', '元旦'],
  ['2024-02-09', 'Spring Festival', '春节'], ['2024-02-12', 'Spring Festival', '春节'], ['2024-02-13', 'Spring Festival', '春节'], ['2024-02-14', 'Spring Festival', '春节'], ['2024-02-15', 'Spring Festival', '春节'], ['2024-02-16', 'Spring Festival', '春节'],
  ['2024-04-04', 'Qingming Festival', '清明节'], ['2024-04-05', 'Qingming Festival', '清明节'], ['2024-05-01', 'Labour Day', '劳动节'], ['2024-05-02', 'Labour Day holiday', '劳动节假期'], ['2024-05-03', 'Labour Day holiday', '劳动节假期'],
  ['2024-06-10', 'Dragon Boat Festival', '端午节'], ['2024-09-16', 'Mid-Autumn Festival', '中秋节'], ['2024-09-17', 'Mid-Autumn Festival', '中秋节'],
  ['2024-10-01', 'National Day', '国庆节'], ['2024-10-02', 'National Day', '国庆节'], ['2024-10-03', 'National Day', '国庆节'], ['2024-10-04', 'National Day holiday', '国庆节假期'], ['2024-10-07', 'National Day holiday', '国庆节假期'],
  ['2025-01-01', 'New Year’s Day', '元旦'],
  ['2025-01-28', 'Spring Festival', '春节'], ['2025-01-29', 'Spring Festival', '春节'], ['2025-01-30', 'Spring Festival', '春节'], ['2025-01-31', 'Spring Festival', '春节'], ['2025-02-03', 'Spring Festival', '春节'], ['2025-02-04', 'Spring Festival', '春节'],
  ['2025-04-04', 'Qingming Festival', '清明节'], ['2025-05-01', 'Labour Day', '劳动节'], ['2025-05-02', 'Labour Day holiday', '劳动节假期'], ['2025-05-05', 'Labour Day holiday', '劳动节假期'],
  ['2025-06-02', 'Dragon Boat Festival', '端午节'],
  ['2025-10-01', 'National Day', '国庆节'], ['2025-10-02', 'National Day', '国庆节'], ['2025-10-03', 'National Day', '国庆节'], ['2025-10-06', 'Mid-Autumn Festival', '中秋节'], ['2025-10-07', 'National Day holiday', '国庆节假期'], ['2025-10-08', 'National Day holiday', '国庆节假期'],
  ['2026-01-01', 'New Year’s Day', '元旦'], ['2026-01-02', 'New Year holiday', '元旦假期'],
  ['2026-02-16', 'Spring Festival', '春节'], ['2026-02-17', 'Spring Festival', '春节'], ['2026-02-18', 'Spring Festival', '春节'], ['2026-02-19', 'Spring Festival', '春节'], ['2026-02-20', 'Spring Festival', '春节'],
  ['2026-04-06', 'Qingming Festival', '清明节'], ['2026-05-01', 'Labour Day', '劳动节'], ['2026-05-04', 'Labour Day holiday', '劳动节假期'], ['2026-05-05', 'Labour Day holiday', '劳动节假期'],
  ['2026-06-19', 'Dragon Boat Festival', '端午节'], ['2026-09-25', 'Mid-Autumn Festival', '中秋节'],
  ['2026-10-01', 'National Day', '国庆节'], ['2026-10-02', 'National Day', '国庆节'], ['2026-10-05', 'National Day holiday', '国庆节假期'], ['2026-10-06', 'National Day holiday', '国庆节假期'], ['2026-10-07', 'National Day holiday', '国庆节假期'],
  ['2027-01-01', 'New Year’s Day', '元旦'], ['2027-02-08', 'Spring Festival', '春节'], ['2027-02-09', 'Spring Festival', '春节'], ['2027-02-10', 'Spring Festival', '春节'], ['2027-02-11', 'Spring Festival', '春节'], ['2027-02-12', 'Spring Festival', '春节'],
];

const HISTORY_DAYS = 15;
const LARGE_HOLDER_THRESHOLD = 2_500_000;

/** A small deterministic random source, so every fresh demo looks the same. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the history stands when `onMorning` is called: history day `day` (0-based) of `date`, `today` the demo day. */
export interface HistoryMoment {
  day: number;
  date: string;
  today: string;
  /** Just after the morning session opened (09:30), or just after it closed (11:30). */
  phase: 'morning-open' | 'morning-closed';
}

export interface MarketActors {
  exchange: Actor;
  /** The demo day (YYYY-MM-DD): the history ends on it, and the clock is left in its afternoon session. */
  demoDate: string;
  /** Demo traders by organisation key (entities hold CEA; investors only cash). */
  trader: (key: string) => Promise<Actor>;
  accountOf: (key: string) => number;
  /** Called twice each history day, so other demo data (auctions) can happen at its market time. */
  onMorning?: (moment: HistoryMoment) => Promise<void>;
}

/**
 * The market's set-up when the registry opens (before anything else, so every record carries the
 * demo clock's time): the holiday calendar, the trading settings, and the demo clock started at
 * 09:00 of `start` (the day before counts as closed). The history (seedHistory) moves it from there.
 */
export async function seedMarketSetup(start: string): Promise<void> {
  const client = db();
  await client.tradingHoliday.createMany({ data: HOLIDAYS.map(([date, name, nameZh]) => ({ date: new Date(`${date}T00:00:00Z`), name, nameZh })), skipDuplicates: true });
  await client.marketSettings.update({
    where: { id: 1 },
    data: { feeRate: '0.0005', riskReserveShare: '0.2', entityPositionLimit: 10_000_000n, investorPositionLimit: 2_000_000n, largeHolderThreshold: BigInt(LARGE_HOLDER_THRESHOLD), listAndCancelThreshold: 5 },
  });
  await client.$executeRaw`UPDATE market_clock SET simulated_at = ${fromMarketTime({ date: start, minute: PRE_OPEN_MINUTE })},
    closed_through = ${previousTradingDay(start, HOLIDAY_SET)}::date WHERE id = 1`;
}

export const HOLIDAY_SET: ReadonlySet<string> = new Set(HOLIDAYS.map(([d]) => d));

/** The demo day as a trading day (the next one if it is not). */
export const demoTradingDay = (demoDate: string) => (isTradingDay(demoDate, HOLIDAY_SET) ? demoDate : nextTradingDay(demoDate, HOLIDAY_SET));

/** The first day of the dense history: HISTORY_DAYS trading days before the demo day. */
export function denseHistoryStart(demoDate: string): string {
  let start = demoTradingDay(demoDate);
  for (let i = 0; i < HISTORY_DAYS; i++) start = previousTradingDay(start, HOLIDAY_SET);
  return start;
}

/**
 * The last weeks before the demo day, every trading day: listings and takes in both sessions, block
 * trades, the auctions of the period (onMorning), then the demo day's morning and its afternoon
 * session left open with a book on both sides and block proposals waiting.
 */
export async function seedMarket({ exchange, demoDate, trader, accountOf, onMorning }: MarketActors): Promise<void> {
  const client = db();
  const demoDay = demoTradingDay(demoDate);
  const start = denseHistoryStart(demoDate);
  await controlClock(exchange, { action: 'set', at: fromMarketTime({ date: start, minute: PRE_OPEN_MINUTE }).toISOString() });

  const t = {
    gdPower: await trader('gd-power-1'), szPower: await trader('gd-power-2'), zhPower: await trader('gd-power-3'),
    gdCement: await trader('gd-cement'), gdSteel: await trader('gd-steel'), hbPower: await trader('hb-power-1'),
    xyPower: await trader('hb-power-2'), hbCement: await trader('hb-cement-1'), investor: await trader('gd-investor'), hbInvestor: await trader('hb-investor'),
  };
  const sellers = [t.gdPower, t.szPower, t.zhPower, t.gdCement, t.gdSteel, t.hbPower, t.xyPower, t.hbCement];
  const buyers = [t.investor, t.hbInvestor, t.zhPower, t.gdSteel, t.xyPower, t.hbCement];
  const rnd = random(20261121);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lots = (min: number, max: number) => Math.round((min + rnd() * (max - min)) / 100) * 100;
  const clock = (action: 'open-session' | 'close-session' | 'next-trading-day') => controlClock(exchange, { action });

  const closes = async () => {
    const rows = await client.tradingInstrument.findMany({ where: { symbol: { in: ['CEA-2024', 'CEA-2023'] } } });
    return Object.fromEntries(rows.map((c) => [c.symbol, new Decimal((c.previousClose ?? c.referencePrice)!.toString())])) as Record<'CEA-2024' | 'CEA-2023', Decimal>;
  };
  let prev = await closes();
  const tradeSession = async (symbol: 'CEA-2024' | 'CEA-2023', rounds: number) => {
    const band = priceBand(prev[symbol], 'LISTED');
    // Drift of up to ±2 % a day around the previous close, inside the band.
    const mid = Decimal.min(band.high, Decimal.max(band.low, prev[symbol].times(1 + (rnd() - 0.47) * 0.04))).toDecimalPlaces(2);
    for (let i = 0; i < rounds; i++) {
      const ask = Decimal.min(band.high, mid.plus((rnd() * 0.6).toFixed(2)));
      const bid = Decimal.max(band.low, mid.minus((rnd() * 0.6).toFixed(2)));
      const sell = await placeListing(pick(sellers), { symbol, side: 'SELL', price: ask.toFixed(2), quantity: lots(2_000, 20_000) });
      await take(pick(buyers), { listingId: sell.id, quantity: Math.max(100, Math.round((sell.quantity * (0.3 + rnd() * 0.7)) / 100) * 100) }).catch(() => undefined);
      const buy = await placeListing(pick(buyers), { symbol, side: 'BUY', price: bid.toFixed(2), quantity: lots(1_000, 10_000) });
      await take(pick(sellers), { listingId: buy.id, quantity: Math.round(buy.quantity / 2 / 100) * 100 || 100 }).catch(() => undefined);
    }
  };

  for (let day = 0; day < HISTORY_DAYS; day++) {
    const date = (await clock('open-session')).marketTime.slice(0, 10);
    await onMorning?.({ day, date, today: demoDay, phase: 'morning-open' });
    await tradeSession('CEA-2024', 3 + Math.floor(rnd() * 3));
    if (day % 3 === 0) await tradeSession('CEA-2023', 1);
    await clock('close-session');
    await onMorning?.({ day, date, today: demoDay, phase: 'morning-closed' });
    await clock('open-session');
    await tradeSession('CEA-2024', 2);
    if (day === 4 || day === 11) {
      // Block trades: Hubei power sells to Guangzhou power (the second one crosses the large-holder threshold).
      const held = await client.holding.findUnique({ where: { accountId_instrument_vintage: { accountId: accountOf('gd-power-1'), instrument: 'CEA', vintage: 2024 } } });
      const crossing = Math.max(100_000, Math.ceil((LARGE_HOLDER_THRESHOLD - Number(held?.available ?? 0n) + 20_000) / 10_000) * 10_000);
      const p = await proposeBlockTrade(t.hbPower, { symbol: 'CEA-2024', side: 'SELL', price: prev['CEA-2024'].times(0.97).toFixed(2), quantity: day === 4 ? 150_000 : crossing, counterpartyAccountId: accountOf('gd-power-1') });
      await acceptBlockTrade(t.gdPower, p.id);
    }
    if (day === 8) {
      // Two companies of one group trade with each other: a related-accounts alert for the operator.
      const l = await placeListing(t.szPower, { symbol: 'CEA-2024', side: 'SELL', price: prev['CEA-2024'].toFixed(2), quantity: 5_000 });
      await take(t.gdPower, { listingId: l.id, quantity: 5_000 });
    }
    await clock('close-session');
    prev = await closes();
    await clock('next-trading-day');
  }

  // Today: a morning of trading, then the afternoon session open with a book on both sides.
  await clock('open-session');
  await tradeSession('CEA-2024', 4);
  await clock('close-session');
  await clock('open-session');
  const base = prev['CEA-2024'];
  for (let i = 0; i < 5; i++) {
    await placeListing(sellers[i]!, { symbol: 'CEA-2024', side: 'SELL', price: base.plus(0.2 + i * 0.15).toFixed(2), quantity: lots(1_000, 8_000) });
    await placeListing(buyers[i]!, { symbol: 'CEA-2024', side: 'BUY', price: base.minus(0.2 + i * 0.15).toFixed(2), quantity: lots(1_000, 8_000) });
  }
  await placeListing(t.gdCement, { symbol: 'CEA-2023', side: 'SELL', price: prev['CEA-2023'].plus(0.3).toFixed(2), quantity: 3_000 });
  await placeListing(t.investor, { symbol: 'CEA-2023', side: 'BUY', price: prev['CEA-2023'].minus(0.4).toFixed(2), quantity: 2_000 });
  // A listing placed and withdrawn, and block proposals waiting: one directed to Guangzhou power, one open offer.
  const withdrawn = await placeListing(t.gdSteel, { symbol: 'CEA-2024', side: 'SELL', price: base.plus(1).toFixed(2), quantity: 2_000 });
  await cancelListing(t.gdSteel, BigInt(withdrawn.id));
  await proposeBlockTrade(t.hbPower, { symbol: 'CEA-2024', side: 'SELL', price: base.times(0.98).toFixed(2), quantity: 120_000, counterpartyAccountId: accountOf('gd-power-1') });
  await proposeBlockTrade(t.xyPower, { symbol: 'CEA-2024', side: 'SELL', price: base.times(0.99).toFixed(2), quantity: 100_000 });
}
