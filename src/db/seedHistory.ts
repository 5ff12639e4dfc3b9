import Decimal from 'decimal.js';
import { db } from './client';
import { fromMarketTime, isTradingDay, nextTradingDay, previousTradingDay } from '@/domain/trading/calendar';
import type { Actor } from '@/server/identity/actor';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { setCycle } from '@/server/compliance/policy';
import { depositCash } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { acceptBlockTrade, proposeBlockTrade } from '@/server/trading/blockTrades';
import { createInstrument } from '@/server/trading/instruments';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { publishYear, runAllocation, seedAllocationPolicy, type AllocationActors } from './seedAllocation';
import { fileReports, plannedObligation, surrenderFrom, verifyReports, type ComplianceActors } from './seedCompliance';
import { HOLIDAY_SET, random } from './seedMarket';
import { holdPastAuction, PAST_AUCTIONS } from './seedAuctions';

/**
 * The demo's years before the last weeks (2024 to mid-November 2026), through the real services and
 * on the demo clock, so that the regulators' analysis has several compliance cycles to show:
 *
 * - 2023 and 2024 closed, 2025 in progress: each year's plan and rules published in January, its
 *   reports filed and verified in the first weeks of the next year, its allocation runs (2023 in one
 *   run after verification, the platform's first year; 2024 pre-allocation and true-up, the
 *   true-up deducting the 2023 defaulters' shortfall; 2025 pre-allocation), surrenders mostly in
 *   December — the month before the 31 December deadline — and each year closed by the provincial
 *   regulators after it: 2023 with Zhuhai Jinwan Power PARTIAL (it sold early and bought back too
 *   little) and Jingmen cement DEFAULTED (its plant was closing), 2024 with Xiangyang Hanshui Power
 *   PARTIAL, which corrects after the close;
 * - the market: CEA-2023 listed after its allocation (January 2024), CEA-2024 after its
 *   pre-allocation, CEA-2025 after its own; oversupplied 2023 and 2024 (loose benchmarks) with the
 *   price falling from 60 to about 40, then recovering towards 60 as 2025 is allocated short;
 *   trading on one day a week, and every day of the pre-deadline Decembers (the spike of passive,
 *   compliance-driven buying); the skipped days are day-ended by the clock's catch-up (the day before
 *   each traded day gets a bar without trades);
 * - CCER bought from the investors' wind and forestry projects and surrendered within the 5 % cap;
 * - four paid-allocation auctions (seedAuctions): June 2024 oversubscribed; November 2024 and June
 *   2025 with the reserve price raised while the market fell, undersubscribed and above the day's
 *   close; May 2026 with the reserve lowered, oversubscribed;
 * - the coal and gas price series and the auction revenue earmarks (seedAnalysis).
 * A trading day is traded with a few listings taken at once, each price moving the close towards
 * the day's target by at most 2.5 % (well inside the ±10 % band).
 */

export const HISTORY_START = '2024-01-02';

export interface Participant {
  key: string;
  kind: 'COMPLIANCE_ENTITY' | 'INVESTOR';
  group: string | null;
}

export interface HistoryActors {
  mee: Actor;
  exchange: Actor;
  regulators: { GD: Actor; HB: Actor };
  secondRegulators: { GD: Actor; HB: Actor };
  actor: (key: string) => Promise<Actor>;
  accountOf: (key: string) => number;
  organisationOf: (key: string) => number;
  participants: Participant[];
  /** The first day of the dense weeks before the demo day: the history stops before it. */
  until: string;
  /** The registry's own events just before the dense weeks (cancellation, freeze, pledge, transfer request, restriction). */
  registryEvents: () => Promise<void>;
  /** What the national regulator enters for the analysis (fuel prices, earmarks), by date (seedAnalysis). */
  analysisSteps: [date: string, run: () => Promise<void>][];
}

// ---------------------------------------------------------------------------------------------
// The story's data
// ---------------------------------------------------------------------------------------------

/** How an entity meets the obligation of a year (default: keeps what it needs, buys what it lacks, surrenders it all in December). */
interface EntityPlan {
  /** When it surrenders; none: never (it defaults). */
  on?: string;
  /** Share of the obligation it holds on to while trading during the year (below 1: it sells part of what it needs). */
  keep?: number;
  /** Share of the obligation it surrenders by the deadline. */
  share?: number;
  /** CCER surrendered first (bought from an investor's project beforehand, see CCER_PURCHASES). */
  ccer?: number;
  /** When it surrenders the rest after the year was closed. */
  corrects?: string;
}

const COMPLIANCE_PLAN: Record<number, Record<string, EntityPlan>> = {
  2023: {
    'gd-cement': { on: '2024-09-25' },
    'gd-power-2': { on: '2024-11-20' },
    'gd-steel': { on: '2024-12-11', ccer: 60_000 },
    'hb-power-2': { on: '2024-12-16', ccer: 40_000 },
    'gd-power-1': { on: '2024-12-18' },
    'hb-power-1': { on: '2024-12-23' },
    'hb-cement-1': { on: '2024-12-27' },
    'gd-power-3': { on: '2024-12-30', keep: 0.5, share: 0.8 },
    'hb-steel': { on: '2024-12-31' },
    'hb-cement-2': { keep: 0, share: 0 },
  },
  2024: {
    'gd-cement': { on: '2025-10-15' },
    'hb-power-1': { on: '2025-11-19' },
    'gd-power-2': { on: '2025-12-10' },
    'hb-cement-1': { on: '2025-12-12', ccer: 30_000 },
    'gd-steel': { on: '2025-12-17' },
    'gd-power-1': { on: '2025-12-22' },
    'gd-power-3': { on: '2025-12-24', ccer: 35_000 },
    'hb-cement-2': { on: '2025-12-26' },
    'hb-power-2': { on: '2025-12-29', share: 0.9, corrects: '2026-02-11' },
    'hb-steel': { on: '2025-12-31' },
  },
};

/** Offsets bought on the market from the investors that own eligible projects: wind (Guangdong) and forestry (Hubei). */
const CCER_PURCHASES: { on: string; buyer: string; seller: string; quantity: number }[] = [
  { on: '2024-09-11', buyer: 'gd-steel', seller: 'gd-investor', quantity: 60_000 },
  { on: '2024-10-16', buyer: 'hb-power-2', seller: 'hb-investor', quantity: 40_000 },
  { on: '2025-09-10', buyer: 'hb-cement-1', seller: 'gd-investor', quantity: 30_000 },
  { on: '2025-10-15', buyer: 'gd-power-3', seller: 'hb-investor', quantity: 35_000 },
];
/** Pearl River Power sells some of its solar plant's CCER (not eligible for covered entities, tradable all the same). */
const CCER_SALES: { on: string; seller: string; buyer: string; quantity: number }[] = [
  { on: '2024-04-17', seller: 'gd-power-1', buyer: 'hb-investor', quantity: 8_000 },
  { on: '2025-08-13', seller: 'gd-power-1', buyer: 'hb-investor', quantity: 6_000 },
];

/** The CEA price the market drifts towards (CNY/t), by date: oversupply to early 2025, then recovery. */
const CEA_PATH: [string, number][] = [
  ['2024-01-22', 60], ['2024-04-01', 57.5], ['2024-07-01', 52.5], ['2024-10-01', 46.5], ['2024-12-31', 43], ['2025-03-31', 40],
  ['2025-06-30', 41], ['2025-09-30', 47], ['2025-12-31', 54], ['2026-03-31', 57], ['2026-06-30', 58.5], ['2026-11-16', 60],
];
const CCER_PATH: [string, number][] = [['2024-01-02', 42], ['2025-03-31', 36.5], ['2026-11-16', 44]];

const interpolate = (path: [string, number][], day: string): number => {
  if (day <= path[0]![0]) return path[0]![1];
  for (let i = 1; i < path.length; i++) {
    const [d1, p1] = path[i]!;
    if (day <= d1) {
      const [d0, p0] = path[i - 1]!;
      const f = (Date.parse(day) - Date.parse(d0)) / (Date.parse(d1) - Date.parse(d0));
      return p0 + (p1 - p0) * f;
    }
  }
  return path.at(-1)![1];
};

/** Where a symbol is heading on `day`: older vintages a little cheaper once a newer one trades. */
function targetPrice(symbol: string, day: string): number {
  if (symbol === 'CCER-2023') return interpolate(CCER_PATH, day);
  const cea = interpolate(CEA_PATH, day);
  const vintage = Number(symbol.slice(4));
  const newest = day >= '2025-03-19' ? 2025 : day >= '2024-02-28' ? 2024 : 2023;
  return cea * (1 - 0.012 * (newest - vintage));
}

/** Which CEA vintages trade, and how often, in a calendar year. */
const SYMBOL_WEIGHTS: Record<number, [string, number][]> = {
  2024: [['CEA-2023', 0.7], ['CEA-2024', 0.3]],
  2025: [['CEA-2024', 0.55], ['CEA-2023', 0.2], ['CEA-2025', 0.25]],
  2026: [['CEA-2025', 0.45], ['CEA-2024', 0.4], ['CEA-2023', 0.15]],
};

/**
 * What the entities must hold when the dense weeks start (seedMarket sells from these every day, and
 * Guangzhou Pearl River Power crosses the large-holder threshold there); bought in the week before.
 */
const WINDOW_HOLDINGS: Record<string, { 'CEA-2023': number; 'CEA-2024': number }> = {
  'gd-power-1': { 'CEA-2023': 50_000, 'CEA-2024': 1_800_000 },
  'gd-power-2': { 'CEA-2023': 45_000, 'CEA-2024': 250_000 },
  'gd-power-3': { 'CEA-2023': 45_000, 'CEA-2024': 250_000 },
  'gd-cement': { 'CEA-2023': 45_000, 'CEA-2024': 550_000 },
  'gd-steel': { 'CEA-2023': 95_000, 'CEA-2024': 250_000 },
  'hb-power-1': { 'CEA-2023': 45_000, 'CEA-2024': 1_300_000 },
  'hb-power-2': { 'CEA-2023': 45_000, 'CEA-2024': 250_000 },
  'hb-cement-1': { 'CEA-2023': 45_000, 'CEA-2024': 280_000 },
};
/** Cash each participant has available when the dense weeks start (blocks, and auction bids freezing their full value). */
const WINDOW_CASH: Record<string, number> = { 'gd-power-1': 80_000_000, 'gd-investor': 100_000_000, 'hb-investor': 80_000_000 };
const WINDOW_CASH_OTHERS = 30_000_000;

// ---------------------------------------------------------------------------------------------
// The market model: what each participant holds and may sell, refreshed from the registry each day
// ---------------------------------------------------------------------------------------------

const parse = (symbol: string) => ({ instrument: symbol.slice(0, symbol.indexOf('-')) as 'CEA' | 'CCER', vintage: Number(symbol.slice(symbol.indexOf('-') + 1)) });
const round100 = (n: number) => Math.floor(n / 100) * 100;
const BLOCK_MIN = 100_000;

export async function seedHistory(a: HistoryActors): Promise<void> {
  const client = db();
  const rnd = random(20240102);
  const keyOfAccount = new Map(a.participants.map((p) => [a.accountOf(p.key), p.key]));
  const entities = a.participants.filter((p) => p.kind === 'COMPLIANCE_ENTITY').map((p) => p.key);
  const investors = a.participants.filter((p) => p.kind === 'INVESTOR').map((p) => p.key);
  const groupOf = new Map(a.participants.map((p) => [p.key, p.group]));
  const related = (x: string, y: string) => x === y || (groupOf.get(x) !== null && groupOf.get(x) === groupOf.get(y));
  const allocationActors: AllocationActors = { mee: a.mee, regulators: a.regulators, secondRegulators: a.secondRegulators, organisationOf: a.organisationOf };
  const complianceActors: ComplianceActors = { entity: a.actor, regulators: a.regulators, accountOf: a.accountOf, organisationOf: a.organisationOf };

  const avail = new Map<string, number>();
  const bought = new Map<string, number>();
  const cash = new Map<string, Decimal>();
  const close = new Map<string, Decimal>();
  const surrendered = new Map<string, number>();
  const tradable: string[] = [];
  const deposits = new Map<string, number>();
  let today = HISTORY_START;

  const k = (key: string, symbol: string) => `${key}|${symbol}`;
  const held = (key: string, symbol: string) => avail.get(k(key, symbol)) ?? 0;
  const done = (year: number, key: string) => surrendered.get(`${year}|${key}`) ?? 0;

  async function refresh(): Promise<void> {
    avail.clear();
    bought.clear();
    const holdings = await client.$queryRaw<{ account_id: number; instrument: string; vintage: number; available: bigint }[]>`
      SELECT h.account_id, h.instrument::text AS instrument, h.vintage, h.available FROM holding h
        JOIN registry_account a ON a.id = h.account_id WHERE a.type = 'PARTICIPANT'`;
    for (const h of holdings) {
      const key = keyOfAccount.get(h.account_id);
      if (key) avail.set(k(key, `${h.instrument}-${h.vintage}`), Number(h.available));
    }
    const balances = await client.$queryRaw<{ account_id: number; available: { toString(): string } }[]>`
      SELECT t.registry_account_id AS account_id, c.available FROM cash_account c JOIN trading_account t ON t.id = c.trading_account_id`;
    for (const b of balances) {
      const key = keyOfAccount.get(b.account_id);
      if (key) cash.set(key, new Decimal(b.available.toString()));
    }
    const instruments = await client.tradingInstrument.findMany({ select: { symbol: true, previousClose: true, referencePrice: true } });
    for (const i of instruments) close.set(i.symbol, new Decimal((i.previousClose ?? i.referencePrice)!.toString()));
  }

  // --- compliance needs -------------------------------------------------------------------

  const planOf = (year: number, key: string): EntityPlan => COMPLIANCE_PLAN[year]?.[key] ?? {};
  /** The obligation the entity means to meet for `year`, less what it has surrendered. */
  const owed = (year: number, key: string) => {
    const obligation = plannedObligation(year, key);
    if (obligation === null) return 0;
    return Math.max(0, Math.round(obligation * (planOf(year, key).share ?? 1)) - done(year, key));
  };
  /** The compliance year whose deadline comes at the end of this calendar year. */
  const focusYear = () => Number(today.slice(0, 4)) - 1;
  /** Years the entity still surrenders for: the focus year, and an earlier one it corrects. */
  const openYears = (key: string) => {
    const y = focusYear();
    const years = [y];
    const earlier = planOf(y - 1, key);
    if (earlier.corrects && today <= earlier.corrects) years.push(y - 1);
    return years;
  };
  const ccerPlanned = (key: string) => openYears(key).reduce((s, y) => s + (done(y, key) === 0 ? (planOf(y, key).ccer ?? 0) : 0), 0);
  /** What the entity still has to surrender for its open years (a correction: all that is left). */
  const need = (key: string) => openYears(key).reduce((s, y) => s + (y === focusYear() ? owed(y, key) : Math.max(0, (plannedObligation(y, key) ?? 0) - done(y, key))), 0);
  /** What it holds that counts: CEA of vintages up to the focus year, and the CCER it plans to use. */
  const coverage = (key: string) => {
    const y = focusYear();
    let c = Math.min(ccerPlanned(key), held(key, 'CCER-2023'));
    for (const s of tradable) if (s.startsWith('CEA-') && parse(s).vintage <= y) c += held(key, s);
    return c;
  };
  const deficit = (key: string) => Math.max(0, need(key) - coverage(key));
  /** What a participant may sell of `symbol` today (bought today: T+1). */
  const sellable = (key: string, symbol: string): number => {
    const free = held(key, symbol) - (bought.get(k(key, symbol)) ?? 0);
    if (free <= 0) return 0;
    if (investors.includes(key)) return free;
    const { instrument, vintage } = parse(symbol);
    if (instrument === 'CCER') return 0;
    const y = focusYear();
    if (vintage <= y) {
      const keep = planOf(y, key).keep ?? 1.05;
      return Math.max(0, Math.min(free, coverage(key) - Math.round(need(key) * keep)));
    }
    // This year's vintage: it keeps enough for most of the year's emissions.
    return Math.max(0, free - Math.round((plannedObligation(vintage, key) ?? 0) * 0.6));
  };

  // --- moving the clock, trading --------------------------------------------------------

  const setClock = async (day: string, minute: number) => {
    await controlClock(a.exchange, { action: 'set', at: fromMarketTime({ date: day, minute }).toISOString() });
  };

  /** Cash for a purchase: a bank transfer in when an entity is short of it (investors buy with what they have, except before the last weeks). */
  async function fund(key: string, amount: Decimal, investorsToo = false): Promise<boolean> {
    const have = cash.get(key) ?? new Decimal(0);
    if (have.gte(amount)) return true;
    if (investors.includes(key) && !investorsToo) return false;
    const transfer = amount.minus(have).div(5_000_000).ceil().times(5_000_000);
    const n = (deposits.get(key) ?? 1) + 1;
    deposits.set(key, n);
    await depositCash(a.exchange, { accountId: a.accountOf(key), amount: transfer.toFixed(2), reference: `Bank transfer ${key.toUpperCase()}-${String(n).padStart(4, '0')}` });
    cash.set(key, have.plus(transfer));
    return true;
  }

  const priceFor = (symbol: string) => {
    const prev = close.get(symbol)!;
    const target = new Decimal(targetPrice(symbol, today)).times(1 + (rnd() - 0.5) * 0.008);
    return Decimal.min(prev.times(1.025), Decimal.max(prev.times(0.975), target)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  };

  const settle = (seller: string, buyer: string, symbol: string, quantity: number, price: Decimal) => {
    avail.set(k(seller, symbol), held(seller, symbol) - quantity);
    avail.set(k(buyer, symbol), held(buyer, symbol) + quantity);
    bought.set(k(buyer, symbol), (bought.get(k(buyer, symbol)) ?? 0) + quantity);
    const value = price.times(quantity);
    cash.set(buyer, (cash.get(buyer) ?? new Decimal(0)).minus(value.times(1.0005)));
    cash.set(seller, (cash.get(seller) ?? new Decimal(0)).plus(value.times(0.9995)));
  };

  /** One listed trade: the seller lists and the buyer takes it all, or the other way round. */
  async function listedTrade(seller: string, buyer: string, symbol: string, quantity: number): Promise<boolean> {
    const price = priceFor(symbol);
    if (!(await fund(buyer, price.times(quantity).times(1.001)))) return false;
    if (rnd() < 0.6) {
      const listing = await placeListing(await a.actor(seller), { symbol, side: 'SELL', price: price.toFixed(2), quantity });
      await take(await a.actor(buyer), { listingId: listing.id, quantity });
    } else {
      const listing = await placeListing(await a.actor(buyer), { symbol, side: 'BUY', price: price.toFixed(2), quantity });
      await take(await a.actor(seller), { listingId: listing.id, quantity });
    }
    settle(seller, buyer, symbol, quantity, price);
    return true;
  }

  /** A block trade in the afternoon session: the buyer proposes to the seller, who accepts. */
  async function blockTrade(seller: string, buyer: string, symbol: string, quantity: number): Promise<void> {
    const price = close.get(symbol)!.times(0.99 + rnd() * 0.015).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    await fund(buyer, price.times(quantity).times(1.001));
    const p = await proposeBlockTrade(await a.actor(buyer), { symbol, side: 'BUY', price: price.toFixed(2), quantity, counterpartyAccountId: a.accountOf(seller) });
    await acceptBlockTrade(await a.actor(seller), p.id);
    settle(seller, buyer, symbol, quantity, price);
  }

  const weighted = <T>(items: [T, number][]): T | undefined => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    if (total <= 0) return undefined;
    let r = rnd() * total;
    for (const [item, w] of items) if ((r -= w) <= 0) return item;
    return items.at(-1)![0];
  };

  /** The best seller of `symbol` for `buyer`: weighted by what each may sell. */
  const pickSeller = (symbol: string, buyer: string, min: number) =>
    weighted(a.participants.map((p) => p.key).filter((key) => !related(key, buyer)).map((key) => [key, sellable(key, symbol) >= min ? sellable(key, symbol) : 0] as [string, number]));

  /** Symbols an entity can cover the focus year with, that someone sells. */
  const coveringSymbols = () => tradable.filter((s) => s.startsWith('CEA-') && parse(s).vintage <= focusYear());

  /** Buys up to `quantity` of vintages up to the focus year for `buyer`, in listed trades (and blocks in the afternoon). */
  async function buyCover(buyer: string, quantity: number, opts: { blocks: boolean; chunk: number }): Promise<number> {
    let left = quantity;
    for (let tries = 0; left >= 1_000 && tries < 12; tries++) {
      const symbol = weighted(coveringSymbols().map((s) => [s, 1 + a.participants.reduce((n, p) => n + (related(p.key, buyer) ? 0 : sellable(p.key, s)), 0)] as [string, number]));
      if (!symbol) break;
      const seller = pickSeller(symbol, buyer, 1_000);
      if (!seller) continue;
      const most = sellable(seller, symbol);
      if (opts.blocks && left >= BLOCK_MIN && most >= BLOCK_MIN) {
        const q = round100(Math.min(left, most, 400_000));
        await blockTrade(seller, buyer, symbol, q);
        left -= q;
      } else {
        const q = round100(Math.min(left, most, opts.chunk, 99_900));
        if (q < 1_000) continue;
        if (await listedTrade(seller, buyer, symbol, q)) left -= q;
      }
    }
    return quantity - left;
  }

  /** A normal trading day: a few listings taken, between entities with surplus, investors and entities that need units. */
  async function tradeDay(december: boolean): Promise<void> {
    const year = Number(today.slice(0, 4));
    const weights = (SYMBOL_WEIGHTS[year] ?? []).filter(([s]) => tradable.includes(s));
    const rising = today >= '2025-04-01';
    const rounds = december ? 3 : rnd() < 0.35 ? 2 : 1;
    for (let r = 0; r < rounds; r++) {
      const symbol = weighted(weights);
      if (!symbol) return;
      // Entities that sold part of what they need buy back only in December; the others buy what
      // they lack mostly then too (passively), and a little in the autumn.
      const selling = (e: string) => (planOf(focusYear(), e).keep ?? 1) < 1;
      const short = entities.filter((e) => deficit(e) >= 1_000 && (planOf(focusYear(), e).share ?? 1) > 0 && (december || !selling(e)));
      const autumn = ['09', '10', '11'].includes(today.slice(5, 7));
      let buyer: string;
      if (short.length && (december || (autumn && rnd() < 0.3))) buyer = short[Math.floor(rnd() * short.length)]!;
      else if (!rising && rnd() < 0.5) buyer = investors[Math.floor(rnd() * investors.length)]!;
      else {
        const keeping = entities.filter((e) => !selling(e));
        buyer = keeping[Math.floor(rnd() * keeping.length)]!;
      }
      const size = december ? 20_000 + rnd() * 60_000 : 15_000 + rnd() * 55_000;
      // Investors sell more once the price rises again; a short buyer covers with an eligible vintage.
      const sym = short.includes(buyer) && parse(symbol).vintage > focusYear() ? weighted(coveringSymbols().map((s) => [s, 1] as [string, number])) ?? symbol : symbol;
      const seller = rising && rnd() < 0.4 && !investors.includes(buyer)
        ? investors.find((i) => sellable(i, sym) >= 5_000)
        : pickSeller(sym, buyer, 5_000);
      if (!seller || related(seller, buyer)) continue;
      const investorBuying = investors.includes(buyer);
      if (investorBuying && held(buyer, sym) > 1_200_000) continue;
      const q = round100(Math.min(size, sellable(seller, sym), short.includes(buyer) ? Math.max(deficit(buyer), 5_000) : size, 99_900));
      if (q < 1_000) continue;
      await listedTrade(seller, buyer, sym, q);
    }
  }

  /** Entities still far short in December: they buy in blocks in the afternoon. */
  const farShort = () => entities.filter((e) => (planOf(focusYear(), e).share ?? 1) > 0 && deficit(e) >= BLOCK_MIN);
  async function decemberBlocks(): Promise<void> {
    for (const e of farShort()) await buyCover(e, Math.min(deficit(e), 400_000), { blocks: true, chunk: 60_000 });
  }

  /** An entity surrenders for `year` what its plan says, buying first what it lacks. */
  async function surrenderFor(year: number, key: string, correction = false): Promise<void> {
    const plan = planOf(year, key);
    const wanted = correction ? Math.max(0, (plannedObligation(year, key) ?? 0) - done(year, key)) : owed(year, key);
    if (wanted <= 0) return;
    const lacking = wanted - coverage(key);
    if (lacking > 0) await buyCover(key, lacking + 100, { blocks: false, chunk: 99_900 });
    const vintages = tradable.filter((s) => s.startsWith('CEA-') && parse(s).vintage <= year).map((s) => parse(s).vintage).sort((x, y) => x - y);
    const q = await surrenderFrom(complianceActors, key, year, wanted, { vintages, ccer: correction ? undefined : plan.ccer });
    surrendered.set(`${year}|${key}`, done(year, key) + q);
    await refresh();
  }

  /** Before the dense weeks: the entities that sell there every day get what they sell, and cash for the auctions. */
  async function prepareWindow(): Promise<void> {
    for (const [key, targets] of Object.entries(WINDOW_HOLDINGS)) {
      for (const symbol of ['CEA-2023', 'CEA-2024'] as const) {
        let left = targets[symbol] - held(key, symbol);
        for (let tries = 0; left >= 100 && tries < 20; tries++) {
          const spare = (s: string) => held(s, symbol) - (bought.get(k(s, symbol)) ?? 0) - (WINDOW_HOLDINGS[s]?.[symbol] ?? 0);
          const seller = weighted(a.participants.map((p) => p.key).filter((s) => !related(s, key)).map((s) => [s, spare(s)] as [string, number]).filter(([, n]) => n >= 100));
          if (!seller) break;
          const most = spare(seller);
          const q = round100(Math.min(left, most, left >= BLOCK_MIN && most >= BLOCK_MIN ? 600_000 : 99_900));
          if (q < 100) break;
          if (q >= BLOCK_MIN) await blockTrade(seller, key, symbol, q);
          else await listedTrade(seller, key, symbol, q);
          left -= q;
        }
      }
    }
    for (const p of a.participants) await fund(p.key, new Decimal(WINDOW_CASH[p.key] ?? WINDOW_CASH_OTHERS), true);
  }

  // --- the timeline -----------------------------------------------------------------------

  const onTradingDay = (d: string) => (isTradingDay(d, HOLIDAY_SET) ? d : nextTradingDay(d, HOLIDAY_SET));
  /** When on its day a step runs: before the day's trades, after them, or in the afternoon session (blocks, after an auction window). */
  type When = 'morning' | 'late' | 'afternoon';
  const steps = new Map<string, { when: When; run: () => Promise<void> }[]>();
  const on = (date: string, run: () => Promise<void>, when: When = 'morning') => {
    const d = onTradingDay(date);
    steps.set(d, [...(steps.get(d) ?? []), { run, when }]);
  };
  const newInstrument = (instrument: 'CEA' | 'CCER', vintage: number, reference: () => string) => async () => {
    await createInstrument(a.exchange, { instrument, vintage, referencePrice: reference() });
    tradable.push(`${instrument}-${vintage}`);
    await refresh();
  };
  const closeYear = (year: number) => async () => {
    for (const p of ['GD', 'HB'] as const) await closeComplianceYear(a.regulators[p], year);
  };
  const cycle = (year: number) => setCycle(a.mee, year, { reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31` });

  on(HISTORY_START, async () => {
    await cycle(2023);
    await cycle(2024);
    await publishYear(allocationActors, 2023);
    await publishYear(allocationActors, 2024);
    await seedAllocationPolicy(allocationActors);
    await newInstrument('CCER', 2023, () => '42.00')();
  });
  on('2024-01-10', () => fileReports(complianceActors, 2023));
  on('2024-01-17', () => verifyReports(complianceActors, 2023));
  on('2024-01-24', async () => {
    await runAllocation(allocationActors, 2023, 'TRUE_UP');
    await newInstrument('CEA', 2023, () => '60.00')();
  });
  on('2024-02-28', async () => {
    await runAllocation(allocationActors, 2024, 'PRE_ALLOCATION');
    await newInstrument('CEA', 2024, () => close.get('CEA-2023')!.times(1.01).toFixed(2))();
  });
  on('2025-01-08', async () => {
    await closeYear(2023)();
    await cycle(2025);
    await publishYear(allocationActors, 2025);
  });
  on('2025-01-15', () => fileReports(complianceActors, 2024));
  on('2025-02-12', () => verifyReports(complianceActors, 2024));
  on('2025-03-19', async () => {
    await runAllocation(allocationActors, 2024, 'TRUE_UP');
    await runAllocation(allocationActors, 2025, 'PRE_ALLOCATION');
    await newInstrument('CEA', 2025, () => close.get('CEA-2024')!.times(1.012).toFixed(2))();
  });
  on('2026-01-07', async () => {
    await closeYear(2024)();
    await cycle(2026);
    await publishYear(allocationActors, 2026);
  });
  on('2026-01-14', () => fileReports(complianceActors, 2025));
  on('2026-02-11', () => verifyReports(complianceActors, 2025));

  for (const [year, plans] of Object.entries(COMPLIANCE_PLAN)) {
    for (const [key, plan] of Object.entries(plans)) {
      if (plan.on) on(plan.on, () => surrenderFor(Number(year), key), 'late');
      if (plan.corrects) on(plan.corrects, () => surrenderFor(Number(year), key, true), 'late');
    }
  }
  for (const p of CCER_PURCHASES) on(p.on, async () => void (await listedTrade(p.seller, p.buyer, 'CCER-2023', p.quantity)));
  for (const s of CCER_SALES) on(s.on, async () => void (await listedTrade(s.seller, s.buyer, 'CCER-2023', s.quantity)));
  for (const auction of PAST_AUCTIONS) {
    const lot = holdPastAuction({ mee: a.mee, exchange: a.exchange, trader: a.actor }, auction, onTradingDay(auction.held));
    on(auction.announced, lot.announce);
    on(auction.held, async () => {
      await lot.bid(close.get(`CEA-${auction.terms.vintage}`)!);
      // The vintage trades on the auction's day: its close is what the auction is compared with.
      const [seller, buyer, symbol, quantity] = pairFor(`CEA-${auction.terms.vintage}`);
      await listedTrade(seller, buyer, symbol, quantity);
    });
    on(auction.held, async () => {
      await lot.close();
      await refresh();
    }, 'afternoon');
  }
  for (const [date, run] of a.analysisSteps) on(date, run);

  /** A seller and a buyer for one more trade of `symbol` on an auction day (its close is the one the auction is compared with). */
  function pairFor(symbol: string): [string, string, string, number] {
    const buyer = investors.find((i) => held(i, symbol) < 1_000_000) ?? entities[0]!;
    const seller = pickSeller(symbol, buyer, 5_000) ?? entities.find((e) => held(e, symbol) >= 20_000)!;
    return [seller, buyer, symbol, round100(Math.min(20_000, sellable(seller, symbol) || 20_000))];
  }

  // The week before the dense weeks: the holdings they need, then the registry's events.
  const before = (n: number) => {
    let d = a.until;
    for (let i = 0; i < n; i++) d = previousTradingDay(d, HOLIDAY_SET);
    return d;
  };
  on(before(3), prepareWindow, 'afternoon');
  on(before(3), async () => {
    await a.registryEvents();
    await refresh();
  }, 'afternoon');

  // Traded days: one a week (the first trading day from each Wednesday), every day of the Decembers before a deadline.
  const traded = (d: string) => {
    if (d < '2024-01-24') return false;
    if (d.slice(5, 7) === '12') return true;
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday === 3) return true;
    // The Wednesday was a holiday: the next trading day of the same week.
    for (let back = 1; back <= weekday - 3; back++) {
      const earlier = new Date(Date.parse(`${d}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
      if (isTradingDay(earlier, HOLIDAY_SET)) return false;
    }
    return weekday > 3;
  };

  for (let d = HISTORY_START; d < a.until; d = nextTradingDay(d, HOLIDAY_SET)) {
    today = d;
    const todays = steps.get(d) ?? [];
    const trade = traded(d) && tradable.some((s) => s.startsWith('CEA-'));
    if (!trade && todays.length === 0) continue;
    await setClock(d, 9 * 60 + 30);
    await refresh();
    for (const s of todays.filter((x) => x.when === 'morning')) await s.run();
    if (trade) await tradeDay(d.slice(5, 7) === '12');
    for (const s of todays.filter((x) => x.when === 'late')) await s.run();
    const afternoon = todays.filter((x) => x.when === 'afternoon');
    const blocks = d.slice(5, 7) === '12' && farShort().length > 0;
    if (afternoon.length || blocks) {
      await setClock(d, 13 * 60);
      if (blocks) await decemberBlocks();
      for (const s of afternoon) await s.run();
    }
  }
}
