import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { priceBand } from '@/domain/trading/priceBand';
import { acceptBlockTrade, closeBlockProposal, proposeBlockTrade } from '@/server/trading/blockTrades';
import { amendListing, cancelListing, placeListing, type ListingView } from '@/server/trading/listings';
import { nextTradingDay } from '@/domain/trading/calendar';
import { getClock } from '@/server/trading/market';
import { controlClock } from '@/server/schedule/dueWork';
import { listInstrumentQuotes, tape } from '@/server/trading/marketData';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import {
  cashOf, expectRefused, expectTradingInvariants, listInstrument, marketTotals, nextDay, openMarket, setSettings, toAfternoon, type MarketTotals,
} from '../../support/trading';

/**
 * One whole trading day through the services, then the day end: listings on both sides, takes by
 * listing id and by limit sweep, partial fills, an amend-down, cancels, block trades (directed,
 * open, rejected, left to expire). Afterwards everything must add up: allowances and cash
 * conserved, every lock released, fees at the configured rate, the close = VWAP of the listed trades.
 */

const SYMBOL = 'CEA-2024';
const RATE = new Decimal('0.0003');
const SHARE = new Decimal('0.25');
const fee = (amount: Decimal.Value) => new Decimal(amount).times(RATE).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

let reg: Registry;
let s1: Participant, s2: Participant, b1: Participant, b2: Participant, b3: Participant, bs: Participant, bb: Participant, tp: Participant;
let everyone: Participant[];
const initialUnits = new Map<number, number>();
const initialCash = new Map<number, string>();
let before: MarketTotals;
let day1: string;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  await setSettings({ feeRate: RATE.toString(), riskReserveShare: SHARE.toString() });
  s1 = await createParticipant(reg, { name: 'Seller One', cea: { 2024: 20_000 }, cash: '1000.00' });
  s2 = await createParticipant(reg, { name: 'Seller Two', cea: { 2024: 10_000 }, cash: '1000.00' });
  b1 = await createParticipant(reg, { name: 'Buyer One', cash: '500000.00' });
  b2 = await createParticipant(reg, { name: 'Investor Two', kind: 'INVESTOR', cash: '500000.00' });
  b3 = await createParticipant(reg, { name: 'Buyer Three', cash: '100000.00' });
  bs = await createParticipant(reg, { name: 'Block Seller', cea: { 2024: 400_000 }, cash: '10000.00' });
  bb = await createParticipant(reg, { name: 'Block Buyer', cash: '20000000.00' });
  tp = await createParticipant(reg, { name: 'Third Party', cea: { 2024: 150_000 }, cash: '10000.00' });
  everyone = [s1, s2, b1, b2, b3, bs, bb, tp];
  for (const p of everyone) {
    initialUnits.set(p.accountId, (await holdingOf(p.accountId, 2024)).available);
    initialCash.set(p.accountId, (await cashOf(p.accountId)).available);
  }
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
  before = await marketTotals();
});

const listing = async (p: Participant, side: 'BUY' | 'SELL', price: string, quantity: number) =>
  placeListing(p.actor, { symbol: SYMBOL, side, price, quantity });
const row = (l: ListingView) => db().listing.findUniqueOrThrow({ where: { id: BigInt(l.id) } });
/** Now on the (demo) market clock, which stands still between moves: what business timestamps read. */
const marketNow = async () => (await db().$queryRaw<{ now: Date }[]>`SELECT market_now() AS now`)[0]!.now.toISOString();

describe('a full trading day', () => {
  it('trades, expires and closes, and everything adds up', async () => {
    day1 = (await listInstrumentQuotes())[0]!.tradingDay;

    // ---- morning: the book ----
    const l1 = await listing(s1, 'SELL', '50.50', 1000);
    const l2 = await listing(s1, 'SELL', '51.00', 2000);
    const l3 = await listing(s2, 'SELL', '50.80', 1500);
    const l4 = await listing(s2, 'SELL', '52.00', 500);
    const l5 = await listing(b1, 'BUY', '49.50', 800);
    const l6 = await listing(b2, 'BUY', '49.80', 1200);
    const l7 = await listing(b3, 'BUY', '49.00', 300);
    expect(await holdingOf(s1.accountId, 2024)).toMatchObject({ available: 17_000, locked: 3000 });
    const lock5 = new Decimal('49.50').times(800);
    expect(l5.lockedCash).toBe(lock5.plus(fee(lock5)).toFixed(2));
    expect(await cashOf(b1.accountId)).toEqual({ available: new Decimal('500000').minus(l5.lockedCash).toFixed(2), locked: l5.lockedCash });

    // Take by listing id: the second-best offer, part of it, at the lister's price.
    const t1 = await take(b3.actor, { listingId: l3.id, quantity: 400 });
    expect(t1).toMatchObject({ side: 'BUY', filled: 400, averagePrice: '50.80', amount: '20320.00', fees: fee(20_320).toFixed(2) });
    expect(await row(l3)).toMatchObject({ remaining: 1100n, status: 'OPEN' });

    // Sweep: best price first, never beyond the limit.
    const t2 = await take(b1.actor, { symbol: SYMBOL, side: 'BUY', limitPrice: '51.00', quantity: 2500 });
    expect(t2.trades.map((t) => [t.listingId, t.price, t.quantity])).toEqual([[l1.id, '50.50', 1000], [l3.id, '50.80', 1100], [l2.id, '51.00', 400]]);
    expect(t2.filled).toBe(2500);
    expect((await row(l1)).status).toBe('FILLED');
    expect((await row(l3)).status).toBe('FILLED');
    expect(await row(l2)).toMatchObject({ remaining: 1600n, status: 'OPEN' });

    // A sell sweep that the book fills only in part: the rest is not kept.
    const t3 = await take(s2.actor, { symbol: SYMBOL, side: 'SELL', limitPrice: '49.70', quantity: 1500 });
    expect(t3).toMatchObject({ side: 'SELL', requested: 1500, filled: 1200, averagePrice: '49.80' });
    expect((await row(l6)).status).toBe('FILLED');
    expect(await row(l5)).toMatchObject({ remaining: 800n, status: 'OPEN' });

    // Amend down releases exactly the difference; then a partial take of the amended listing.
    const cashBeforeAmend = await cashOf(b1.accountId);
    const a5 = await amendListing(b1.actor, BigInt(l5.id), { quantity: 500 });
    const lock500 = new Decimal('49.50').times(500);
    expect(a5).toMatchObject({ quantity: 500, remaining: 500, lockedCash: lock500.plus(fee(lock500)).toFixed(2) });
    expect(new Decimal((await cashOf(b1.accountId)).available).minus(cashBeforeAmend.available).toFixed(2))
      .toBe(new Decimal(l5.lockedCash).minus(a5.lockedCash).toFixed(2));
    await expectRefused(amendListing(b1.actor, BigInt(l5.id), { quantity: 500 }), 'AMEND_NOT_DOWN', 422);
    const t4 = await take(s1.actor, { listingId: l5.id, quantity: 200 });
    expect(t4).toMatchObject({ side: 'SELL', filled: 200, averagePrice: '49.50' });
    expect(await row(l5)).toMatchObject({ quantity: 500n, remaining: 300n, status: 'OPEN' });

    // Cancels release their locks; a cancelled listing can be neither taken nor cancelled again.
    await cancelListing(s2.actor, BigInt(l4.id));
    await expectRefused(cancelListing(s2.actor, BigInt(l4.id)), 'LISTING_NOT_OPEN', 409);
    await expectRefused(take(b1.actor, { listingId: l4.id, quantity: 1 }), 'LISTING_NOT_OPEN', 409);
    await amendListing(b3.actor, BigInt(l7.id), { quantity: 100 });
    // Nobody changes someone else's listing.
    await expectRefused(cancelListing(b1.actor, BigInt(l2.id)), 'NOT_FOUND', 404);
    await expectTradingInvariants();

    // Block trades only in the afternoon session.
    await expectRefused(proposeBlockTrade(bs.actor, { symbol: SYMBOL, side: 'SELL', price: '60.00', quantity: 150_000, counterpartyAccountId: bb.accountId }), 'SESSION_CLOSED', 409);

    // ---- afternoon ----
    await toAfternoon(reg);
    const t5 = await take(b2.actor, { listingId: l2.id, quantity: 300 });
    expect(t5).toMatchObject({ filled: 300, averagePrice: '51.00' });

    // Directed block, accepted by its counterparty, at a price outside the listed band.
    const p1 = await proposeBlockTrade(bs.actor, { symbol: SYMBOL, side: 'SELL', price: '60.00', quantity: 150_000, counterpartyAccountId: bb.accountId });
    expect(await holdingOf(bs.accountId, 2024)).toMatchObject({ available: 250_000, locked: 150_000 });
    await expectRefused(acceptBlockTrade(tp.actor, p1.id), 'NOT_FOUND', 404); // not addressed to the third party
    const accepted1 = await acceptBlockTrade(bb.actor, p1.id);
    expect(accepted1).toMatchObject({ status: 'ACCEPTED', amount: '9000000.00' });
    expect(accepted1.tradeId).not.toBeNull();
    // Decided on the market clock, not the wall clock: the same clock as its creation.
    expect(accepted1.decidedAt).toBe(await marketNow());
    expect(accepted1.decidedAt! >= accepted1.createdAt).toBe(true);
    await expectRefused(acceptBlockTrade(bb.actor, p1.id), 'PROPOSAL_NOT_PENDING', 409);

    // Open offer to buy, accepted by a third party.
    const p2 = await proposeBlockTrade(bb.actor, { symbol: SYMBOL, side: 'BUY', price: '45.00', quantity: 100_000 });
    expect(p2.open).toBe(true);
    await expectRefused(closeBlockProposal(tp.actor, p2.id, 'reject'), 'OPEN_OFFER', 422);
    await expectRefused(acceptBlockTrade(bb.actor, p2.id), 'SELF_BLOCK_TRADE', 422);
    expect(await acceptBlockTrade(tp.actor, p2.id)).toMatchObject({ status: 'ACCEPTED' });

    // Rejected: the lock comes back.
    const p3 = await proposeBlockTrade(bs.actor, { symbol: SYMBOL, side: 'SELL', price: '55.00', quantity: 100_000, counterpartyAccountId: tp.accountId });
    expect(await closeBlockProposal(tp.actor, p3.id, 'reject')).toMatchObject({ status: 'REJECTED', decidedAt: await marketNow() });
    expect(await holdingOf(bs.accountId, 2024)).toMatchObject({ available: 250_000, locked: 0 });

    // Left pending: it expires at the day end.
    const p4 = await proposeBlockTrade(bs.actor, { symbol: SYMBOL, side: 'SELL', price: '52.00', quantity: 100_000, counterpartyAccountId: bb.accountId });
    expect(await holdingOf(bs.accountId, 2024)).toMatchObject({ available: 150_000, locked: 100_000 });
    await expectTradingInvariants();

    // Block trades stay out of the book and the tape; they are in the block trade report.
    const quote = (await listInstrumentQuotes()).find((q) => q.symbol === SYMBOL)!;
    expect(quote).toMatchObject({ volume: 4600, blockVolume: 250_000, trades: 7, open: '50.80', last: '51.00' });
    expect((await tape(SYMBOL, { kind: 'BLOCK', limit: 50 })).items.map((t) => [t.price, t.quantity])).toEqual([['45.00', 100_000], ['60.00', 150_000]]);
    expect((await tape(SYMBOL, { kind: 'LISTED', limit: 50 })).items).toHaveLength(7);

    // ---- day end ----
    await nextDay(reg);
    // The day end expired p4 at a market time of its own day end: after its creation, not after the clock.
    const expired = await db().blockProposal.findUniqueOrThrow({ where: { id: p4.id } });
    expect(expired.status).toBe('EXPIRED');
    expect(expired.decidedAt!.toISOString() >= p4.createdAt && expired.decidedAt!.toISOString() <= (await marketNow())).toBe(true);

    expect((await row(l2)).status).toBe('EXPIRED');
    expect((await row(l5)).status).toBe('EXPIRED');
    expect((await row(l7)).status).toBe('EXPIRED');
    expect((await row(l4)).status).toBe('CANCELLED');
    expect((await db().blockProposal.findUniqueOrThrow({ where: { id: p4.id } })).status).toBe('EXPIRED');

    // Every lock released exactly.
    for (const p of everyone) {
      expect((await holdingOf(p.accountId, 2024)).locked, `locked units of ${p.accountId}`).toBe(0);
      expect((await cashOf(p.accountId)).locked, `locked cash of ${p.accountId}`).toBe('0.00');
    }
    const after = await expectTradingInvariants();
    // Allowances and cash conserved.
    expect(after.participantUnits).toEqual(before.participantUnits);
    expect(after.deposits).toBe(before.deposits);
    expect(new Decimal(after.participantCash).plus(after.feeIncome).plus(after.riskReserve).toFixed(2)).toBe(before.participantCash);
  });

  it('charges the configured fee per side, rounded half-up, and sets the risk reserve share aside', async () => {
    const trades = await db().trade.findMany({ orderBy: { id: 'asc' } });
    expect(trades).toHaveLength(9);
    const byListing = new Map<bigint, typeof trades>();
    for (const t of trades) {
      const amount = new Decimal(t.price.toString()).times(t.quantity.toString());
      expect(t.amount.toFixed(2)).toBe(amount.toFixed(2));
      if (t.kind === 'BLOCK') {
        expect([t.buyerFee.toFixed(2), t.sellerFee.toFixed(2)]).toEqual([fee(amount).toFixed(2), fee(amount).toFixed(2)]);
        continue;
      }
      // The taker pays the fee of its own trade; the lister's fees are rounded over its listing's fills.
      const takerFee = t.aggressorSide === 'BUY' ? t.buyerFee : t.sellerFee;
      expect(takerFee.toFixed(2), `trade ${t.id}`).toBe(fee(amount).toFixed(2));
      byListing.set(t.listingId!, [...(byListing.get(t.listingId!) ?? []), t]);
    }
    for (const [id, fills] of byListing) {
      const listerFees = fills.reduce((s, t) => s.plus((t.aggressorSide === 'BUY' ? t.sellerFee : t.buyerFee).toString()), new Decimal(0));
      const value = fills.reduce((s, t) => s.plus(t.amount.toString()), new Decimal(0));
      expect(listerFees.toFixed(2), `listing ${id}`).toBe(fee(value).toFixed(2));
      for (const t of fills) expect((t.aggressorSide === 'BUY' ? t.sellerFee : t.buyerFee).minus(fee(t.amount.toString()).toString()).abs().lte(0.01)).toBe(true);
    }
    // The reserve share is taken on each settlement's fees.
    const perEntry = new Map<bigint, Decimal>();
    for (const t of trades) perEntry.set(t.entryId, (perEntry.get(t.entryId) ?? new Decimal(0)).plus(t.buyerFee.toString()).plus(t.sellerFee.toString()));
    const reserve = [...perEntry.values()].reduce((s, f) => s.plus(f.times(SHARE).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), new Decimal(0));
    const totalFees = [...perEntry.values()].reduce((s, f) => s.plus(f), new Decimal(0));
    const totals = await marketTotals();
    expect(totals.riskReserve).toBe(reserve.toFixed(2));
    expect(totals.feeIncome).toBe(totalFees.minus(reserve).toFixed(2));
    expect(reserve.gt(0)).toBe(true);

    // Each participant ends with exactly its initial position plus its trades.
    for (const p of everyone) {
      let units = initialUnits.get(p.accountId)!;
      let cash = new Decimal(initialCash.get(p.accountId)!);
      for (const t of trades) {
        if (t.buyerAccountId === p.accountId) { units += Number(t.quantity); cash = cash.minus(t.amount.toString()).minus(t.buyerFee.toString()); }
        if (t.sellerAccountId === p.accountId) { units -= Number(t.quantity); cash = cash.plus(t.amount.toString()).minus(t.sellerFee.toString()); }
      }
      expect(await holdingOf(p.accountId, 2024), `account ${p.accountId}`).toEqual({ available: units, locked: 0, pledged: 0, frozen: 0 });
      expect(await cashOf(p.accountId), `account ${p.accountId}`).toEqual({ available: cash.toFixed(2), locked: '0.00' });
    }
  });

  it('closes at the VWAP of the listed trades only, and the next day trades within bands around it', async () => {
    const listed = await db().trade.findMany({ where: { kind: 'LISTED' } });
    const value = listed.reduce((s, t) => s.plus(new Decimal(t.price.toString()).times(t.quantity.toString())), new Decimal(0));
    const volume = listed.reduce((s, t) => s + t.quantity, 0n);
    expect([value.toFixed(2), volume]).toEqual(['232060.00', 4600n]);
    const vwap = value.div(volume.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(vwap.toFixed(2)).toBe('50.45'); // with the block trades it would be 53.93

    const instrument = await db().tradingInstrument.findUniqueOrThrow({ where: { symbol: SYMBOL } });
    expect(instrument.previousClose?.toFixed(2)).toBe('50.45');
    const bar = await db().dailyBar.findUniqueOrThrow({ where: { symbol_tradingDay: { symbol: SYMBOL, tradingDay: new Date(`${day1}T00:00:00Z`) } } });
    expect({
      previousClose: bar.previousClose.toFixed(2), open: bar.open?.toFixed(2), high: bar.high?.toFixed(2), low: bar.low?.toFixed(2),
      close: bar.close.toFixed(2), volume: bar.volume, blockVolume: bar.blockVolume,
    }).toEqual({ previousClose: '50.00', open: '50.80', high: '51.00', low: '49.50', close: '50.45', volume: 4600n, blockVolume: 250_000n });

    const quote = (await listInstrumentQuotes()).find((q) => q.symbol === SYMBOL)!;
    const listedBand = priceBand(new Decimal('50.45'), 'LISTED');
    expect(quote.tradingDay > day1).toBe(true);
    expect(quote).toMatchObject({ previousClose: '50.45', listedBand: { low: '45.41', high: '55.49' }, blockBand: { low: '35.32', high: '65.58' }, volume: 0 });
    expect([listedBand.low.toFixed(2), listedBand.high.toFixed(2)]).toEqual(['45.41', '55.49']);

    // Yesterday's purchases are sellable today; the new band is enforced.
    await expectRefused(listing(bb, 'SELL', '55.50', 100), 'PRICE_OUTSIDE_LISTED_BAND', 422);
    await expectRefused(listing(bb, 'BUY', '45.40', 100), 'PRICE_OUTSIDE_LISTED_BAND', 422);
    expect((await listing(bb, 'SELL', '55.49', 100)).status).toBe('OPEN');
    expect((await listing(b1, 'BUY', '45.41', 100)).status).toBe('OPEN');
    await expectTradingInvariants();
  });

  it('carries the close over a day with only block trades, skips holidays, and closes every day a clock jump passed', async () => {
    const d2 = (await getClock()).tradingDay;
    const holiday = nextTradingDay(d2, new Set());
    await db().tradingHoliday.create({ data: { date: new Date(`${holiday}T00:00:00Z`), name: 'Test holiday' } });

    // Day 2: a block trade only (yesterday's purchases are sellable today).
    await toAfternoon(reg);
    const p = await proposeBlockTrade(bb.actor, { symbol: SYMBOL, side: 'SELL', price: '60.00', quantity: 100_000, counterpartyAccountId: bs.accountId });
    await acceptBlockTrade(bs.actor, p.id);
    await nextDay(reg);
    const d4 = (await getClock()).tradingDay;
    expect(d4).toBe(nextTradingDay(holiday, new Set()));
    const bar2 = await db().dailyBar.findUniqueOrThrow({ where: { symbol_tradingDay: { symbol: SYMBOL, tradingDay: new Date(`${d2}T00:00:00Z`) } } });
    expect({ close: bar2.close.toFixed(2), volume: bar2.volume, blockVolume: bar2.blockVolume, open: bar2.open }).toEqual({ close: '50.45', volume: 0n, blockVolume: 100_000n, open: null });
    expect(await db().dailyBar.count({ where: { tradingDay: new Date(`${holiday}T00:00:00Z`) } })).toBe(0);

    // Day 4: one listed trade; then the clock jumps over day 5 to day 6 without a request in between.
    const offer = await listing(s1, 'SELL', '51.00', 1000);
    await take(b2.actor, { listingId: offer.id, quantity: 400 });
    const d5 = nextTradingDay(d4, new Set());
    const d6 = nextTradingDay(d5, new Set());
    await controlClock(reg.exchange, { action: 'set', at: `${d6}T10:00:00+08:00` });
    const bars = await db().dailyBar.findMany({ where: { symbol: SYMBOL, tradingDay: { in: [d4, d5].map((d) => new Date(`${d}T00:00:00Z`)) } }, orderBy: { tradingDay: 'asc' } });
    expect(bars.map((b) => [b.previousClose.toFixed(2), b.close.toFixed(2), b.volume])).toEqual([['50.45', '51.00', 400n], ['51.00', '51.00', 0n]]);
    expect((await row(offer)).status).toBe('EXPIRED');
    const quote = (await listInstrumentQuotes()).find((q) => q.symbol === SYMBOL)!;
    expect(quote).toMatchObject({ tradingDay: d6, previousClose: '51.00', listedBand: { low: '45.90', high: '56.10' } });
    await expectTradingInvariants();
  });

  it('trades CCER on its own line, in the same way', async () => {
    await listInstrument(reg, 2023, '12.00', 'CCER');
    const holder = await createParticipant(reg, { name: 'Forestry Project', ccer: { 2023: 5000 } });
    const cea = await holdingOf(holder.accountId, 2023);
    const offer = await placeListing(holder.actor, { symbol: 'CCER-2023', side: 'SELL', price: '13.20', quantity: 2000 });
    await expectRefused(placeListing(holder.actor, { symbol: 'CCER-2023', side: 'SELL', price: '13.21', quantity: 1 }), 'PRICE_OUTSIDE_LISTED_BAND', 422);
    const r = await take(b1.actor, { symbol: 'CCER-2023', side: 'BUY', limitPrice: '13.20', quantity: 1500 });
    expect(r).toMatchObject({ filled: 1500, amount: '19800.00', fees: fee(19_800).toFixed(2) });
    expect((await row(offer)).remaining).toBe(500n);
    expect(await holdingOf(holder.accountId, 2023, 'CCER')).toEqual({ available: 3000, locked: 500, pledged: 0, frozen: 0 });
    expect(await holdingOf(b1.accountId, 2023, 'CCER')).toMatchObject({ available: 1500 });
    expect(await holdingOf(holder.accountId, 2023)).toEqual(cea); // CEA-2023 untouched
    const after = await expectTradingInvariants();
    expect(after.participantUnits['CCER-2023']).toBe(5000n);
  });
});
