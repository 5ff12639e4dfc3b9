import Decimal from 'decimal.js';
import { db } from './client';
import { nextTradingDay } from '@/domain/trading/calendar';
import type { AuctionCreateCommand } from '@/schemas/auction';
import { amendBid, cancelAuction, closeAuction, createAuction, placeBid, scheduleAuction, withdrawBid } from '@/server/auction/auctions';
import type { Actor } from '@/server/identity/actor';
import { setAsideForAuction } from '@/server/registry/movements';
import { getClock, holidays } from '@/server/trading/market';
import type { HistoryMoment } from './seedMarket';

/**
 * Demo one-way auctions (paid allocation, 有偿分配), all through the services and on the demo
 * clock as the market history is made:
 * - 1,500,000 t of CEA-2024 set aside from the national reserve into the auction account;
 * - auction 1 (history day 4, morning): uniform price, full guarantee, compliance entities;
 *   oversubscribed, two bids tied at the marginal price share the rest pro rata — settled;
 * - auction 2 (history day 10, morning): pay-as-bid, 20 % guarantee, investors too;
 *   undersubscribed (one bid withdrawn), so part of the lot goes back unsold — settled;
 * - a postponed auction, cancelled before it opened;
 * - auction 3: OPEN from this morning for four more trading days, with four sealed bids
 *   (Guangzhou Pearl River Power and Wuhan Qingshan have not bid: the demo users can);
 * - CEA-2026 set aside and its first auction SCHEDULED five trading days ahead; a second in DRAFT.
 */

export interface AuctionSeedActors {
  mee: Actor;
  exchange: Actor;
  trader: (key: string) => Promise<Actor>;
}

/** Market time (Beijing) as ISO: at('2026-11-23', '09:30'). */
const at = (date: string, hhmm: string) => `${date}T${hhmm}:00+08:00`;

async function tradingDaysAfter(date: string, n: number): Promise<string> {
  const hol = await holidays();
  let d = date;
  for (let i = 0; i < n; i++) d = nextTradingDay(d, hol);
  return d;
}

/** The CEA-2024 price a bidder would look at: the previous close (or the reference price). */
async function lastClose(): Promise<Decimal> {
  const i = await db().tradingInstrument.findUniqueOrThrow({ where: { symbol: 'CEA-2024' } });
  return new Decimal((i.previousClose ?? i.referencePrice)!.toString());
}

const reserveBelow = (close: Decimal) => close.times(0.92).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(2);
const priceAt = (close: Decimal, offset: number) => close.plus(offset).toFixed(2);

const terms = (over: Partial<AuctionCreateCommand> & Pick<AuctionCreateCommand, 'title' | 'opensAt' | 'closesAt' | 'quantity'>): AuctionCreateCommand => ({
  instrument: 'CEA', vintage: 2024, reservePrice: null, eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null,
  pricing: 'UNIFORM', tieRule: 'PRO_RATA', ...over,
});

/** Bids of one auction: organisation key, offset from the last close (CNY), tonnes. */
type BidPlan = [key: string, offset: number, quantity: number][];

const FIRST_BIDS: BidPlan = [
  ['gd-power-1', 0.6, 50_000], ['gd-power-2', 0.4, 60_000], ['hb-power-1', 0.3, 70_000], ['gd-power-3', 0.2, 40_000],
  ['gd-cement', -0.1, 30_000], ['hb-power-2', -0.3, 50_000], ['hb-cement-1', -0.6, 40_000], ['hb-cement-2', -1.2, 30_000],
];
const SECOND_BIDS: BidPlan = [
  ['gd-investor', 0.5, 100_000], ['hb-investor', 0.2, 80_000], ['gd-power-1', 0.1, 40_000], ['gd-steel', 0, 60_000],
  ['hb-power-1', -0.4, 50_000], ['gd-power-3', -0.8, 40_000], ['hb-cement-1', -1, 30_000],
];
const OPEN_BIDS: BidPlan = [['gd-power-2', 0.3, 80_000], ['gd-power-3', 0.1, 50_000], ['hb-power-2', 0, 60_000], ['hb-cement-1', -0.2, 40_000]];

/**
 * Paid-allocation auctions held during the years before (seedHistory runs them on their days): the
 * national regulator raised the reserve price while the market fell (November 2024, June 2025: both
 * undersubscribed, the reserve above the day's close — the pilot's costly mistake), then lowered it
 * (May 2026, oversubscribed). A bid's price is a number, or an offset from the vintage's close.
 */
export interface PastAuction {
  announced: string;
  held: string;
  terms: Partial<AuctionCreateCommand> & Pick<AuctionCreateCommand, 'title' | 'vintage' | 'quantity'>;
  bids: [key: string, price: number | { fromClose: number }, quantity: number][];
}

export const PAST_AUCTIONS: PastAuction[] = [
  {
    announced: '2024-05-22', held: '2024-06-12',
    terms: { title: 'CEA-2023 paid allocation, June 2024', titleZh: '2023年度配额有偿分配（2024年6月）', vintage: 2023, quantity: 400_000, reservePrice: '48.00', perBidderMax: 120_000, guaranteePercent: '0.10' },
    bids: [['gd-power-1', { fromClose: 0.4 }, 100_000], ['hb-power-1', { fromClose: 0.2 }, 80_000], ['gd-power-2', { fromClose: 0 }, 90_000], ['hb-power-2', { fromClose: -0.3 }, 60_000],
      ['gd-steel', { fromClose: -0.5 }, 70_000], ['hb-cement-1', { fromClose: -1 }, 50_000], ['gd-cement', { fromClose: -1.5 }, 40_000]],
  },
  {
    announced: '2024-10-23', held: '2024-11-13',
    terms: { title: 'CEA-2024 paid allocation, November 2024', titleZh: '2024年度配额有偿分配（2024年11月）', vintage: 2024, quantity: 400_000, reservePrice: '50.00', perBidderMax: 100_000, guaranteePercent: '0.10' },
    bids: [['gd-steel', 50.2, 50_000], ['hb-steel', 50.1, 40_000], ['gd-cement', 50, 40_000], ['hb-cement-1', 50, 30_000]],
  },
  {
    announced: '2025-05-21', held: '2025-06-11',
    terms: { title: 'CEA-2024 paid allocation, June 2025', titleZh: '2024年度配额有偿分配（2025年6月）', vintage: 2024, quantity: 400_000, reservePrice: '52.00', perBidderMax: 100_000, guaranteePercent: '0.10' },
    bids: [['gd-steel', 52, 40_000], ['hb-cement-1', 52, 25_000]],
  },
  {
    announced: '2026-04-22', held: '2026-05-13',
    terms: { title: 'CEA-2025 paid allocation, May 2026', titleZh: '2025年度配额有偿分配（2026年5月）', vintage: 2025, quantity: 500_000, reservePrice: '50.00', eligibility: 'ALL_PARTICIPANTS', perBidderMax: 150_000, guaranteePercent: '0.10' },
    bids: [['gd-investor', { fromClose: 0.6 }, 150_000], ['hb-investor', { fromClose: 0.3 }, 120_000], ['gd-power-1', { fromClose: 0.2 }, 100_000], ['hb-power-1', { fromClose: 0 }, 100_000],
      ['gd-power-3', { fromClose: -0.2 }, 80_000], ['hb-power-2', { fromClose: -0.4 }, 60_000], ['gd-steel', { fromClose: -0.8 }, 50_000]],
  },
];

/** One past auction's steps: announce it (setting aside from the national reserve what the auction account lacks), bid on its day, close it after the window. */
export function holdPastAuction({ mee, exchange, trader }: AuctionSeedActors, auction: PastAuction, held: string) {
  let id = 0;
  const { vintage, quantity } = auction.terms;
  return {
    announce: async () => {
      const account = await db().registryAccount.findFirstOrThrow({ where: { type: 'AUCTION' }, select: { id: true } });
      const h = await db().holding.findUnique({ where: { accountId_instrument_vintage: { accountId: account.id, instrument: 'CEA', vintage } } });
      const missing = quantity - Number(h?.available ?? 0n);
      if (missing > 0) await setAsideForAuction(mee, { vintage, quantity: missing, legalBasis: `${vintage} paid allocation: share of the national reserve offered by auction` });
      const a = await createAuction(mee, terms({ ...auction.terms, opensAt: at(held, '09:30'), closesAt: at(held, '11:30') }));
      await scheduleAuction(mee, a.id);
      id = a.id;
    },
    bid: async (close: Decimal) => {
      for (const [key, price, q] of auction.bids) {
        await placeBid(await trader(key), id, { price: typeof price === 'number' ? price.toFixed(2) : close.plus(price.fromClose).toFixed(2), quantity: q });
      }
    },
    close: async () => {
      await closeAuction(exchange, id);
    },
  };
}

export function seedAuctions({ mee, exchange, trader }: AuctionSeedActors) {
  const ids = { first: 0, second: 0, open: 0 };

  const announce = async (cmd: AuctionCreateCommand) => {
    const a = await createAuction(mee, cmd);
    await scheduleAuction(mee, a.id);
    return a.id;
  };
  const bid = async (id: number, plan: BidPlan) => {
    const close = await lastClose();
    const placed = new Map<string, number>();
    for (const [key, offset, quantity] of plan) placed.set(key, (await placeBid(await trader(key), id, { price: priceAt(close, offset), quantity })).id);
    return { close, placed };
  };

  /** seedMarket's hook: the first two auctions are announced, held and settled during the history. */
  const onMorning = async ({ day, date, today, phase }: HistoryMoment) => {
    if (phase === 'morning-open') {
      if (day === 0) {
        await setAsideForAuction(mee, { vintage: 2024, quantity: 1_500_000, legalBasis: '2024 paid allocation: share of the national reserve offered by auction' });
      } else if (day === 1) {
        const held = await tradingDaysAfter(date, 3);
        ids.first = await announce(terms({
          title: 'CEA-2024 paid allocation, auction 1', titleZh: '2024年度配额有偿分配第1场', quantity: 300_000, reservePrice: reserveBelow(await lastClose()),
          opensAt: at(held, '09:30'), closesAt: at(held, '11:30'), perBidderMax: 100_000,
        }));
      } else if (day === 4) {
        const { close, placed } = await bid(ids.first, FIRST_BIDS);
        // Huangshi cement raises its bid to the marginal price: a tie with Xiangyang power, shared pro rata.
        await amendBid(await trader('hb-cement-1'), ids.first, placed.get('hb-cement-1')!, { price: priceAt(close, -0.3), quantity: 40_000 });
      } else if (day === 6) {
        const postponed = await announce(terms({
          title: 'CEA-2024 paid allocation, additional lot', titleZh: '2024年度配额有偿分配追加场', quantity: 200_000, opensAt: at(await tradingDaysAfter(date, 6), '09:30'), closesAt: at(await tradingDaysAfter(date, 6), '11:30'),
        }));
        await cancelAuction(mee, postponed, 'Merged into the next auction after consultation with the exchange');
      } else if (day === 7) {
        const held = await tradingDaysAfter(date, 3);
        ids.second = await announce(terms({
          title: 'CEA-2024 paid allocation, auction 2', titleZh: '2024年度配额有偿分配第2场', quantity: 400_000, reservePrice: reserveBelow(await lastClose()),
          opensAt: at(held, '09:30'), closesAt: at(held, '11:30'), eligibility: 'ALL_PARTICIPANTS', perBidderMax: 120_000,
          guaranteePercent: '0.20', pricing: 'PAY_AS_BID', tieRule: 'TIME_PRIORITY',
        }));
      } else if (day === 10) {
        const { placed } = await bid(ids.second, SECOND_BIDS);
        await withdrawBid(await trader('gd-power-3'), ids.second, placed.get('gd-power-3')!);
      } else if (day === 12) {
        ids.open = await announce(terms({
          title: 'CEA-2024 paid allocation, auction 3', titleZh: '2024年度配额有偿分配第3场', quantity: 500_000, reservePrice: reserveBelow(await lastClose()),
          opensAt: at(today, '09:30'), closesAt: at(await tradingDaysAfter(today, 4), '15:00'), perBidderMax: 150_000, guaranteePercent: '0.10',
        }));
      }
    } else if (day === 4) {
      await closeAuction(exchange, ids.first);
    } else if (day === 10) {
      await closeAuction(exchange, ids.second);
    }
  };

  /** After the rest of the demo (the clock at today's afternoon): bids in the open auction; the 2026 auctions. */
  const finish = async () => {
    const today = (await getClock()).marketTime.slice(0, 10);
    await bid(ids.open, OPEN_BIDS);
    await setAsideForAuction(mee, { vintage: 2026, quantity: 1_000_000, legalBasis: '2026 paid allocation: share of the national reserve offered by auction' });
    const held = await tradingDaysAfter(today, 5);
    await announce(terms({
      title: 'CEA-2026 paid allocation, auction 1', titleZh: '2026年度配额有偿分配第1场', vintage: 2026, quantity: 800_000, reservePrice: '55.00',
      opensAt: at(held, '09:30'), closesAt: at(held, '15:00'), perBidderMax: 200_000, guaranteePercent: '0.10',
    }));
    await createAuction(exchange, terms({
      title: 'CEA-2026 paid allocation, auction 2 (draft)', titleZh: '2026年度配额有偿分配第2场（草稿）', vintage: 2026, quantity: 200_000, reservePrice: '55.00',
      opensAt: at(await tradingDaysAfter(held, 5), '09:30'), closesAt: at(await tradingDaysAfter(held, 5), '15:00'), perBidderMax: 50_000, guaranteePercent: '0.10',
    }));
  };

  return { onMorning, finish };
}
