import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import {
  amendBid, cancelAuction, closeAuction, createAuction, getAuction, listAuctions, openAuction, placeBid, scheduleAuction, withdrawBid,
} from '@/server/auction/auctions';
import { systemAccountId } from '@/server/registry/accounts';
import { issue, setAsideForAuction } from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { getClock } from '@/server/trading/market';
import { controlClock } from '@/server/schedule/dueWork';
import { inTransaction } from '@/server/tx';
import type { AuctionCreateCommand } from '@/schemas/auction';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { placeListing } from '@/server/trading/listings';
import { cashOf, expectRefused, listInstrument } from '../../support/trading';

/**
 * One-way buying auctions end to end on real PostgreSQL: 20 bidders bid concurrently, the close
 * clears (ties at the marginal price split pro rata), settles in one journal entry and publishes;
 * allowances and cash are conserved and every frozen guarantee is released exactly. Refusals: no
 * cash for the guarantee, below the reserve, over the per-bidder maximum, not eligible, before and
 * after the window. A second auction: pay-as-bid, a 10 % guarantee, undersubscribed, a defaulting winner.
 */
let reg: Registry;
const bidders: Participant[] = [];
let poor: Participant;
let investor: Participant;
const CASH = '10000000.00';
/** The auction's day: the trading day after the one the test database's clock starts on. */
let DAY: string;
const at = (hhmm: string) => `${DAY}T${hhmm}:00+08:00`;
const setClock = (hhmm: string) => controlClock(reg.exchange, { action: 'set', at: at(hhmm) });

const terms = (over: Partial<AuctionCreateCommand> = {}): AuctionCreateCommand => ({
  title: 'Paid allocation 2025, lot 1', instrument: 'CEA', vintage: 2025, quantity: 100_000, reservePrice: '50.00',
  opensAt: at('10:30'), closesAt: at('11:30'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: 20_000, guaranteePercent: null,
  pricing: 'UNIFORM', tieRule: 'PRO_RATA', ...over,
});

/** Bidder i's price: 60.00 down by 0.50; bidders 9 and 10 tie at 55.50 at the margin. */
const priceOf = (i: number) => (i < 9 ? 60 - 0.5 * i : i <= 10 ? 55.5 : 55 - 0.5 * (i - 11)).toFixed(2);

beforeAll(async () => {
  reg = await bootstrapRegistry();
  DAY = (await getClock()).nextTradingDay;
  for (let i = 0; i < 20; i++) bidders.push(await createParticipant(reg, { province: i % 2 ? 'HB' : 'GD', cash: CASH, name: `Bidder ${i}` }));
  poor = await createParticipant(reg, { province: 'GD', cash: '100.00', name: 'Poor Cement' });
  investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR', cash: CASH, name: 'Green Capital' });
  // The paid share set aside: 200,000 t of CEA-2025 in the auction account.
  await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 200_000, legalBasis: 'paid allocation 2025' });
  await expectRefused(setAsideForAuction(reg.exchange, { vintage: 2025, quantity: 200_000, legalBasis: 'paid share' }), 'FORBIDDEN', 403);
  await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 200_000, legalBasis: 'paid allocation 2025' });
  await setClock('10:00');
});

const auctionHolding = async () => holdingOf(await inTransaction((tx) => systemAccountId(tx, 'AUCTION')), 2025);
const proceeds = async () => new Decimal((await db().cashAccount.findFirstOrThrow({ where: { type: 'AUCTION_PROCEEDS' } })).available.toString());

describe('a uniform-price auction with 20 bidders', () => {
  let id: number;
  const bidIds: number[] = [];

  it('is created by the national regulator, not by an entity; scheduling locks its units', async () => {
    await expectRefused(createAuction(bidders[0]!.actor, terms()), 'FORBIDDEN', 403);
    const draft = await createAuction(reg.mee, terms());
    id = draft.id;
    expect(draft).toMatchObject({ status: 'DRAFT', quantity: 100_000, reservePrice: '50.00', activity: { bids: 0, bidders: 0 } });
    await expectRefused(getAuction(null, id), 'NOT_FOUND', 404); // drafts are not public
    await expectRefused(scheduleAuction(reg.mee, (await createAuction(reg.mee, terms({ quantity: 200_001, perBidderMax: null }))).id), 'AUCTION_ACCOUNT_SHORT', 409);
    expect((await scheduleAuction(reg.exchange, id)).status).toBe('SCHEDULED');
    expect(await auctionHolding()).toMatchObject({ available: 100_000, locked: 100_000 });
    await expectRefused(placeBid(bidders[0]!.actor, id, { price: '60.00', quantity: 10_000 }), 'BIDDING_NOT_OPEN', 409);
  });

  it('opens at its opening time on the market clock', async () => {
    await setClock('10:30');
    expect((await getAuction(null, id)).status).toBe('OPEN');
    await expectRefused(cancelAuction(reg.mee, id, 'too late'), 'AUCTION_STATUS', 409);
  });

  it('refuses a bidder without cash for the guarantee, below the reserve, over the maximum, and an investor — changing nothing', async () => {
    await expectRefused(placeBid(poor.actor, id, { price: '55.00', quantity: 10 }), 'INSUFFICIENT_CASH', 409);
    expect(await cashOf(poor.accountId)).toEqual({ available: '100.00', locked: '0.00' });
    await expectRefused(placeBid(bidders[0]!.actor, id, { price: '49.99', quantity: 10_000 }), 'BELOW_RESERVE', 422);
    await expectRefused(placeBid(bidders[0]!.actor, id, { price: '60.00', quantity: 20_001 }), 'PER_BIDDER_MAX', 422);
    await expectRefused(placeBid(investor.actor, id, { price: '60.00', quantity: 1_000 }), 'NOT_ELIGIBLE', 422);
    await expectRefused(placeBid(reg.exchange, id, { price: '60.00', quantity: 1_000 }), 'FORBIDDEN', 403);
    expect(await db().auctionBid.count({ where: { auctionId: id } })).toBe(0);
  });

  it('records 20 concurrent bids, each freezing its full value', async () => {
    const placed = await Promise.all(bidders.map((b, i) => placeBid(b.actor, id, { price: priceOf(i), quantity: 10_000 })));
    bidIds.push(...placed.map((p) => p.id));
    expect(await db().auctionBid.count({ where: { auctionId: id, status: 'ACTIVE' } })).toBe(20);
    for (const [i, b] of bidders.entries()) {
      const frozen = new Decimal(priceOf(i)).times(10_000).toFixed(2);
      expect(placed[i]!.guarantee).toBe(frozen);
      expect(await cashOf(b.accountId)).toEqual({ available: new Decimal(CASH).minus(frozen).toFixed(2), locked: frozen });
    }
    // A second bid would take bidder 0 over its 20,000 t maximum.
    await expectRefused(placeBid(bidders[0]!.actor, id, { price: '58.00', quantity: 10_001 }), 'PER_BIDDER_MAX', 422);
  });

  it('keeps bids sealed: the operator sees counts, each bidder only its own bids', async () => {
    const seen = await getAuction(reg.exchange, id);
    expect(seen.activity).toEqual({ bids: 20, bidders: 20 });
    expect(seen.myBids).toEqual([]);
    const mine = await getAuction(bidders[3]!.actor, id);
    expect(mine.activity).toBeNull();
    expect(mine.myBids.map((b) => b.id)).toEqual([bidIds[3]]);
    await expectRefused(amendBid(bidders[4]!.actor, id, bidIds[3]!, { price: '59.00', quantity: 1 }), 'NOT_FOUND', 404);
  });

  it('amends and withdraws: the guarantee follows exactly', async () => {
    const amended = await amendBid(bidders[19]!.actor, id, bidIds[19]!, { price: '51.50', quantity: 8_000 });
    expect(amended.guarantee).toBe('412000.00');
    expect(await cashOf(bidders[19]!.accountId)).toEqual({ available: new Decimal(CASH).minus('412000.00').toFixed(2), locked: '412000.00' });
    // Two withdrawals of one bid at once: one releases the guarantee, the other finds it withdrawn.
    const both = await Promise.allSettled([withdrawBid(bidders[18]!.actor, id, bidIds[18]!), withdrawBid(bidders[18]!.actor, id, bidIds[18]!)]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'WITHDRAWN')).sort()).toEqual(['BID_NOT_ACTIVE', 'WITHDRAWN']);
    expect(await cashOf(bidders[18]!.accountId)).toEqual({ available: CASH, locked: '0.00' });
  });

  it('cannot close before the window ends; refuses bids after it', async () => {
    await expectRefused(closeAuction(reg.exchange, id), 'WINDOW_OPEN', 409);
    await setClock('11:30');
    await expectRefused(placeBid(bidders[18]!.actor, id, { price: '60.00', quantity: 1_000 }), 'BIDDING_CLOSED', 409);
    expect((await getAuction(null, id)).status).toBe('CLOSED');
    await expectRefused(closeAuction(reg.mee, id), 'FORBIDDEN', 403);
  });

  it('closes: clears at 55.50 (the two tied bids share the last 10,000 t), settles and publishes', async () => {
    const before = await proceeds();
    const settled = await closeAuction(reg.exchange, id);
    expect(settled.status).toBe('SETTLED');
    // Active demand: 18 × 10,000 + 8,000 = 188,000 t; 19 bidders; 11 winners.
    expect(settled.result).toMatchObject({ clearingPrice: '55.50', quantitySold: 100_000, unsold: 0, bidQuantity: 188_000, coverageRatio: '1.8800', bidders: 19, winners: 11, proceeds: '5550000.00' });
    expect((await proceeds()).minus(before).toFixed(2)).toBe('5550000.00');

    for (const [i, b] of bidders.entries()) {
      const won = i < 9 ? 10_000 : i <= 10 ? 5_000 : 0;
      const paid = new Decimal('55.50').times(won);
      expect(await holdingOf(b.accountId, 2025)).toMatchObject({ available: won, locked: 0 });
      // Frozen cash released exactly: only the payment has left.
      expect(await cashOf(b.accountId)).toEqual({ available: new Decimal(CASH).minus(paid).toFixed(2), locked: '0.00' });
    }
    expect(await auctionHolding()).toMatchObject({ available: 100_000, locked: 0 });
    const own = await getAuction(bidders[10]!.actor, id);
    expect(own.myBids[0]).toMatchObject({ status: 'WON', wonQuantity: 5_000, paidPrice: '55.50', amount: '277500.00' });
    expect((await getAuction(bidders[12]!.actor, id)).myBids[0]).toMatchObject({ status: 'LOST', wonQuantity: 0 });
    expect((await listAuctions(null)).find((a) => a.id === id)?.result?.clearingPrice).toBe('55.50');
    expect((await verifyLedger()).ok).toBe(true);
  });
});

describe('a pay-as-bid auction with a 10 % guarantee, undersubscribed, with a defaulting winner', () => {
  let id: number;
  let rich: Participant;
  let thin: Participant;

  it('settles the paying winner at its own price, forfeits the defaulter’s guarantee and returns what is unsold', async () => {
    rich = await createParticipant(reg, { province: 'GD', cash: '2000000.00', name: 'Rich Power' });
    thin = await createParticipant(reg, { province: 'HB', cash: '60000.00', name: 'Thin Steel' });
    await setClock('13:00');
    const a = await createAuction(reg.exchange, terms({
      title: 'Lot 2', quantity: 50_000, reservePrice: null, opensAt: at('13:10'), closesAt: at('13:30'), perBidderMax: null,
      guaranteePercent: '0.10', pricing: 'PAY_AS_BID', tieRule: 'TIME_PRIORITY',
    }));
    id = a.id;
    await expectRefused(cancelAuction(bidders[0]!.actor, id, 'not mine'), 'FORBIDDEN', 403);
    await scheduleAuction(reg.exchange, id);
    expect((await openAuction(reg.exchange, id)).status).toBe('OPEN');
    await placeBid(rich.actor, id, { price: '58.00', quantity: 20_000 }); // guarantee 116,000.00
    await placeBid(thin.actor, id, { price: '52.00', quantity: 10_000 }); // guarantee 52,000.00; 8,000.00 left to pay 468,000.00
    expect(await cashOf(thin.accountId)).toEqual({ available: '8000.00', locked: '52000.00' });

    await setClock('13:30');
    const before = await proceeds();
    const auctionBefore = await auctionHolding();
    const settled = await closeAuction(reg.exchange, id);
    expect(settled.result).toMatchObject({ clearingPrice: '52.00', quantitySold: 20_000, unsold: 30_000, bidQuantity: 30_000, coverageRatio: '0.6000', winners: 1, proceeds: '1212000.00' });
    expect((await proceeds()).minus(before).toFixed(2)).toBe('1212000.00'); // 1,160,000 paid + 52,000 forfeited
    expect(await cashOf(rich.accountId)).toEqual({ available: '840000.00', locked: '0.00' });
    expect(await cashOf(thin.accountId)).toEqual({ available: '8000.00', locked: '0.00' });
    expect(await holdingOf(rich.accountId, 2025)).toMatchObject({ available: 20_000 });
    expect(await holdingOf(thin.accountId, 2025)).toMatchObject({ available: 0 });
    expect((await getAuction(thin.actor, id)).myBids[0]).toMatchObject({ status: 'DEFAULTED', wonQuantity: 0 });
    expect(await auctionHolding()).toMatchObject({ available: auctionBefore.available + 30_000, locked: 0 });
    expect((await verifyLedger()).ok).toBe(true);
  });

  it('units won are under T+1 like units bought on the market: not sellable before the next trading day', async () => {
    const symbol = await listInstrument(reg, 2025, '55.00');
    await expectRefused(placeListing(rich.actor, { symbol, side: 'SELL', price: '55.00', quantity: 100 }), 'T_PLUS_ONE', 409);
    // Units won in the morning's auction were also bought today.
    await expectRefused(placeListing(bidders[0]!.actor, { symbol, side: 'SELL', price: '55.00', quantity: 100 }), 'T_PLUS_ONE', 409);
  });

  it('a cancelled scheduled auction unlocks its units', async () => {
    const a = await createAuction(reg.mee, terms({ title: 'Lot 3', quantity: 10_000, opensAt: at('14:00'), closesAt: at('14:30') }));
    await scheduleAuction(reg.mee, a.id);
    const locked = (await auctionHolding()).locked;
    expect((await cancelAuction(reg.mee, a.id, 'Market conditions')).status).toBe('CANCELLED');
    expect((await auctionHolding()).locked).toBe(locked - 10_000);
  });

  it('conserves allowances and cash across everything above', async () => {
    const issued = 200_000;
    const held = (await db().holding.aggregate({ where: { instrument: 'CEA', vintage: 2025, account: { type: { in: ['PARTICIPANT', 'AUCTION', 'NATIONAL_RESERVE'] } } }, _sum: { available: true, locked: true } }))._sum;
    expect(Number((held.available ?? 0n) + (held.locked ?? 0n))).toBe(issued);
    const report = await verifyLedger();
    expect(report.vintages.filter((v) => v.net !== '0')).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
