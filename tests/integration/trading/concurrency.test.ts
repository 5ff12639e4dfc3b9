import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { acceptBlockTrade, proposeBlockTrade } from '@/server/trading/blockTrades';
import { amendListing, cancelListing, placeListing, type ListingView } from '@/server/trading/listings';
import { getClock } from '@/server/trading/market';
import { controlClock } from '@/server/schedule/dueWork';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, codeOf, expectTradingInvariants, listInstrument, marketTotals, openMarket, setSettings, toAfternoon } from '../../support/trading';

/**
 * Real concurrency against one PostgreSQL: many takes, cancels and sales at once (Promise.all over
 * the services, each its own transaction on the connection pool), then the invariants. The
 * outcome of a race may vary; what may never happen is an overfilled listing, a negative balance,
 * a lock that does not match the open orders, or an error that is not a clean refusal.
 */

const SYMBOL = 'CEA-2024';
let reg: Registry;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

/** `n` participants with cash only (no issuance to share), created ten at a time. */
async function cashHolders(n: number, cash: string): Promise<Participant[]> {
  const out: Participant[] = [];
  while (out.length < n) out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - out.length) }, () => createParticipant(reg, { cash })))));
  return out;
}

const outcomes = async (jobs: Promise<unknown>[]) => (await Promise.allSettled(jobs)).map((r) => (r.status === 'fulfilled' ? 'OK' : codeOf(r.reason)));
const count = (codes: string[]) => codes.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});

/** Fills per listing from the trade table must never exceed its quantity, and remaining = quantity − fills. */
async function expectNoOverfill(listings: ListingView[]): Promise<bigint> {
  let total = 0n;
  for (const l of listings) {
    const row = await db().listing.findUniqueOrThrow({ where: { id: BigInt(l.id) } });
    const fills = (await db().trade.aggregate({ where: { listingId: row.id }, _sum: { quantity: true } }))._sum.quantity ?? 0n;
    expect(fills, `listing ${l.id}`).toBeLessThanOrEqual(row.quantity);
    expect(row.remaining, `listing ${l.id}`).toBe(row.quantity - fills);
    if (row.status !== 'CANCELLED' && row.status !== 'EXPIRED') expect(row.status, `listing ${l.id}`).toBe(row.remaining === 0n ? 'FILLED' : 'OPEN');
    total += fills;
  }
  return total;
}

describe('concurrent takes', () => {
  it('100 concurrent takes by 50 buyers never overfill the listings they race for', async () => {
    const sellers: Participant[] = [];
    for (let i = 0; i < 3; i++) sellers.push(await createParticipant(reg, { cea: { 2024: 1000 } }));
    const buyers = await cashHolders(50, '100000.00');
    const before = await marketTotals();
    const listings = [
      await placeListing(sellers[0]!.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 500 }),
      await placeListing(sellers[1]!.actor, { symbol: SYMBOL, side: 'SELL', price: '50.10', quantity: 500 }),
      await placeListing(sellers[2]!.actor, { symbol: SYMBOL, side: 'SELL', price: '50.20', quantity: 500 }),
    ];
    // Demand 100 × 20 t = 2,000 t against 1,500 t offered: half pick a listing, half sweep.
    const jobs = Array.from({ length: 100 }, (_, i) => {
      const buyer = buyers[i % 50]!.actor;
      return i % 2 === 0
        ? take(buyer, { listingId: listings[i % 3]!.id, quantity: 20 })
        : take(buyer, { symbol: SYMBOL, side: 'BUY', limitPrice: '50.20', quantity: 20 });
    });
    const codes = await outcomes(jobs);
    const unexpected = codes.filter((c) => !['OK', 'LISTING_NOT_OPEN', 'NOTHING_TO_TAKE'].includes(c));
    expect(unexpected).toEqual([]);

    const filled = await expectNoOverfill(listings);
    expect(filled).toBeLessThanOrEqual(1500n);
    // A sweep finds nothing only once every listing within its limit is gone.
    if (codes.includes('NOTHING_TO_TAKE')) expect(filled).toBe(1500n);
    const perTake = await db().trade.groupBy({ by: ['entryId'], where: { listingId: { in: listings.map((l) => BigInt(l.id)) } }, _sum: { quantity: true } });
    expect(perTake.length).toBe(codes.filter((c) => c === 'OK').length);
    for (const t of perTake) expect(t._sum.quantity).toBeLessThanOrEqual(20n);
    let bought = 0;
    for (const b of buyers) bought += (await holdingOf(b.accountId, 2024)).available;
    expect(BigInt(bought)).toBe(filled);
    const after = await expectTradingInvariants();
    expect(after.participantUnits).toEqual(before.participantUnits);
  });

  it('buyers with cash for two takes get INSUFFICIENT_CASH for the rest, never a negative balance', async () => {
    const seller = await createParticipant(reg, { cea: { 2024: 10_000 } });
    const offer = await placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 5000 });
    // One take: 10 t × 50.00 + fee 0.25 = 500.25 CNY. Each buyer can pay for two, not three.
    const buyers = await cashHolders(20, '1300.50');
    const jobs = buyers.flatMap((b) => Array.from({ length: 5 }, () => take(b.actor, { listingId: offer.id, quantity: 10 })));
    const codes = await outcomes(jobs);
    expect(count(codes)).toEqual({ OK: 40, INSUFFICIENT_CASH: 60 });
    for (const b of buyers) {
      expect(await cashOf(b.accountId)).toEqual({ available: '300.00', locked: '0.00' });
      expect((await holdingOf(b.accountId, 2024)).available).toBe(20);
    }
    expect(await expectNoOverfill([offer])).toBe(400n);
    await expectTradingInvariants();
  });
});

describe('cancels and amends racing takes', () => {
  it('a sell listing cancelled while 20 takes race for it: fills + released = its quantity', async () => {
    const seller = await createParticipant(reg, { cea: { 2024: 1000 } });
    const buyers = await cashHolders(5, '500000.00');
    const l = await placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 1000 });
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(take(buyers[i % 5]!.actor, { listingId: l.id, quantity: 60 }));
      if (i % 5 === 2) jobs.push(cancelListing(seller.actor, BigInt(l.id)));
      if (i === 7) jobs.push(amendListing(seller.actor, BigInt(l.id), { quantity: 300 }));
    }
    const codes = await outcomes(jobs);
    expect(codes.filter((c) => !['OK', 'LISTING_NOT_OPEN', 'AMEND_NOT_DOWN'].includes(c))).toEqual([]);
    // Exactly one of the four cancels wins (unless the takes filled the listing first).
    const row = await db().listing.findUniqueOrThrow({ where: { id: BigInt(l.id) } });
    expect(['CANCELLED', 'FILLED']).toContain(row.status);
    const filled = await expectNoOverfill([l]);
    const h = await holdingOf(seller.accountId, 2024);
    expect(h).toEqual({ available: 1000 - Number(filled), locked: 0, pledged: 0, frozen: 0 });
    await expectTradingInvariants();
  });

  it('a buy listing cancelled while 20 sellers take it: the cash lock comes back to the fen', async () => {
    const buyer = await createParticipant(reg, { cash: '60000.00' });
    const sellers: Participant[] = [];
    for (let i = 0; i < 5; i++) sellers.push(await createParticipant(reg, { cea: { 2024: 1000 } }));
    const l = await placeListing(buyer.actor, { symbol: SYMBOL, side: 'BUY', price: '49.99', quantity: 999 });
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      jobs.push(take(sellers[i % 5]!.actor, { listingId: l.id, quantity: 37 }));
      if (i % 6 === 3) jobs.push(cancelListing(buyer.actor, BigInt(l.id)));
    }
    const codes = await outcomes(jobs);
    expect(codes.filter((c) => !['OK', 'LISTING_NOT_OPEN'].includes(c))).toEqual([]);
    const filled = await expectNoOverfill([l]);
    const trades = await db().trade.findMany({ where: { listingId: BigInt(l.id) } });
    const paid = trades.reduce((s, t) => s.plus(t.amount.toString()).plus(t.buyerFee.toString()), new Decimal(0));
    expect(await cashOf(buyer.accountId)).toEqual({ available: new Decimal('60000').minus(paid).toFixed(2), locked: '0.00' });
    expect((await holdingOf(buyer.accountId, 2024)).available).toBe(Number(filled));
    await expectTradingInvariants();
  });
});

describe('one seller racing for the same allowances', () => {
  it('concurrent sell listings and sell sweeps: exactly what it holds is sold or locked', async () => {
    const seller = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100.00' });
    const bidder = await createParticipant(reg, { cash: '1000000.00' });
    await placeListing(bidder.actor, { symbol: SYMBOL, side: 'BUY', price: '49.00', quantity: 5000 });
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      jobs.push(i % 2 === 0
        ? placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '55.00', quantity: 100 })
        : take(seller.actor, { symbol: SYMBOL, side: 'SELL', limitPrice: '49.00', quantity: 100 }));
    }
    const codes = await outcomes(jobs);
    expect(count(codes)).toEqual({ OK: 10, INSUFFICIENT_HOLDING: 20 });
    const h = await holdingOf(seller.accountId, 2024);
    const sold = Number((await db().trade.aggregate({ where: { sellerAccountId: seller.accountId }, _sum: { quantity: true } }))._sum.quantity ?? 0n);
    const listed = Number((await db().listing.aggregate({ where: { accountId: seller.accountId, status: 'OPEN' }, _sum: { remaining: true } }))._sum.remaining ?? 0n);
    expect(sold + listed).toBe(1000);
    expect(h).toEqual({ available: 0, locked: listed, pledged: 0, frozen: 0 });
    await expectTradingInvariants();
  });

  it('concurrent block sell proposals: no more is proposed than is held', async () => {
    await toAfternoon(reg);
    const seller = await createParticipant(reg, { cea: { 2024: 350_000 } });
    const buyer = await createParticipant(reg, { cash: '100.00' });
    const codes = await outcomes(Array.from({ length: 8 }, () =>
      proposeBlockTrade(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId })));
    expect(count(codes)).toEqual({ OK: 3, INSUFFICIENT_HOLDING: 5 });
    expect(await holdingOf(seller.accountId, 2024)).toEqual({ available: 50_000, locked: 300_000, pledged: 0, frozen: 0 });
    await expectTradingInvariants();
  });
});

describe('risk controls under concurrency', () => {
  it('concurrent buy listings and takes of one participant never pass its position limit together', async () => {
    await setSettings({ entityPositionLimit: 1000n });
    try {
      const seller = await createParticipant(reg, { cea: { 2024: 5000 } });
      const offer = await placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 5000 });
      const buyer = await createParticipant(reg, { cash: '10000000.00' });
      const jobs = Array.from({ length: 10 }, (_, i) => (i % 2 === 0
        ? placeListing(buyer.actor, { symbol: SYMBOL, side: 'BUY', price: '49.00', quantity: 200 })
        : take(buyer.actor, { listingId: offer.id, quantity: 200 })));
      expect(count(await outcomes(jobs))).toEqual({ OK: 5, POSITION_LIMIT: 5 });
      const held = (await holdingOf(buyer.accountId, 2024)).available;
      const bids = (await db().listing.aggregate({ where: { accountId: buyer.accountId, status: 'OPEN' }, _sum: { remaining: true } }))._sum.remaining ?? 0n;
      expect(BigInt(held) + bids).toBe(1000n);
      await expectTradingInvariants();
    } finally {
      await setSettings({ entityPositionLimit: null });
    }
  });
});

describe('races across use cases', () => {
  it('takes and block acceptances between the same two parties never deadlock', async () => {
    // Afternoon (from the test above). x sells into y's buy listing while y sells to x's block bids.
    const x = await createParticipant(reg, { cea: { 2024: 1_000_000 }, cash: '100000000.00' });
    const y = await createParticipant(reg, { cea: { 2024: 1_000_000 }, cash: '100000000.00' });
    const yBid = await placeListing(y.actor, { symbol: SYMBOL, side: 'BUY', price: '50.00', quantity: 99_999 });
    const xBids = [];
    for (let i = 0; i < 6; i++) xBids.push(await proposeBlockTrade(x.actor, { symbol: SYMBOL, side: 'BUY', price: '50.00', quantity: 100_000, counterpartyAccountId: y.accountId }));
    const jobs: Promise<unknown>[] = [];
    for (const p of xBids) {
      jobs.push(take(x.actor, { listingId: yBid.id, quantity: 10 }));
      jobs.push(acceptBlockTrade(y.actor, p.id));
      jobs.push(take(x.actor, { symbol: SYMBOL, side: 'SELL', limitPrice: '50.00', quantity: 10 }));
    }
    expect(count(await outcomes(jobs))).toEqual({ OK: 18 });
    expect(await holdingOf(x.accountId, 2024)).toMatchObject({ available: 1_000_000 + 600_000 - 120, locked: 0 });
    await expectTradingInvariants();
  });

  it('orders racing the 15:00 day end are either in before it (and expire, and count in the close) or refused', async () => {
    const seller = await createParticipant(reg, { cea: { 2024: 100_000 } });
    const buyer = await createParticipant(reg, { cash: '10000000.00' });
    const offer = await placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 50_000 });
    const day = (await getClock()).tradingDay;
    await controlClock(reg.exchange, { action: 'set', at: `${day}T14:59:00+08:00` });
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      jobs.push(i % 2 === 0
        ? placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 10 })
        : take(buyer.actor, { listingId: offer.id, quantity: 10 }));
      if (i === 8) jobs.push(controlClock(reg.exchange, { action: 'close-session' }));
    }
    const codes = await outcomes(jobs);
    expect(codes.filter((c) => !['OK', 'SESSION_CLOSED'].includes(c))).toEqual([]);
    expect((await getClock()).closedThrough).toBe(day);

    // Nothing placed before the day end outlived it...
    expect(await db().listing.count({ where: { status: 'OPEN', tradingDay: { lte: new Date(`${day}T00:00:00Z`) } } })).toBe(0);
    expect(await holdingOf(seller.accountId, 2024)).toMatchObject({ locked: 0 });
    // ...and every trade of the day is in its bar and close.
    const listed = await db().trade.aggregate({ where: { symbol: SYMBOL, kind: 'LISTED', tradingDay: new Date(`${day}T00:00:00Z`) }, _sum: { quantity: true } });
    const bar = await db().dailyBar.findUniqueOrThrow({ where: { symbol_tradingDay: { symbol: SYMBOL, tradingDay: new Date(`${day}T00:00:00Z`) } } });
    expect(bar.volume).toBe(listed._sum.quantity ?? 0n);
    await expectTradingInvariants();
  });
});
