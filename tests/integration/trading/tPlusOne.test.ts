import { beforeAll, describe, expect, it } from 'vitest';
import { acceptBlockTrade, proposeBlockTrade } from '@/server/trading/blockTrades';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, expectRefused, expectTradingInvariants, listInstrument, nextDay, openMarket, toAfternoon } from '../../support/trading';

/**
 * T+1 for allowances (DOMAIN.md §4): units bought today cannot be sold — listed, taken or used in a
 * block sale — before the next trading day. Cash from a sale is usable for buying at once.
 */

const SYMBOL = 'CEA-2024';
let reg: Registry;
let seller: Participant; // sells to the buyer on day 1
let buyer: Participant; // holds 50 t from before, buys today
let bidder: Participant; // keeps a buy listing in the book
let cashless: Participant; // holds allowances but no cash

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { cea: { 2024: 300_000 }, cash: '1000.00' });
  buyer = await createParticipant(reg, { cea: { 2024: 50 }, cash: '20000000.00' });
  bidder = await createParticipant(reg, { cash: '20000000.00' });
  cashless = await createParticipant(reg, { cea: { 2024: 1000 } });
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

const sell = (p: Participant, quantity: number, price = '50.00') => placeListing(p.actor, { symbol: SYMBOL, side: 'SELL', price, quantity });
const bid = (p: Participant, quantity: number, price = '49.00') => placeListing(p.actor, { symbol: SYMBOL, side: 'BUY', price, quantity });

describe('T+1', () => {
  it('refuses to sell today what was bought today — as a listing, a take or a block sale — with 409 T_PLUS_ONE', async () => {
    const offer = await sell(seller, 500);
    await take(buyer.actor, { listingId: offer.id, quantity: 500 });
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 550, locked: 0 });

    // Only the 50 t held from before can be sold today.
    const e = await expectRefused(sell(buyer, 51), 'T_PLUS_ONE', 409);
    expect(e.fields).toEqual({ quantity: '50 t sellable today' });
    expect((await sell(buyer, 50)).status).toBe('OPEN');
    await expectRefused(sell(buyer, 1), 'T_PLUS_ONE', 409);

    // Taking a buy listing is a sale too: by listing id and by sweep.
    const bidListing = await bid(bidder, 1000);
    await expectRefused(take(buyer.actor, { listingId: bidListing.id, quantity: 100 }), 'T_PLUS_ONE', 409);
    await expectRefused(take(buyer.actor, { symbol: SYMBOL, side: 'SELL', limitPrice: '49.00', quantity: 100 }), 'T_PLUS_ONE', 409);
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 500, locked: 50 });

    // A block purchase is a purchase: it cannot be sold on in a block the same day.
    await toAfternoon(reg);
    const p = await proposeBlockTrade(seller.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId });
    await acceptBlockTrade(buyer.actor, p.id);
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 100_500, locked: 50 });
    await expectRefused(
      proposeBlockTrade(buyer.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: bidder.accountId }),
      'T_PLUS_ONE', 409,
    );
    await expectRefused(sell(buyer, 1), 'T_PLUS_ONE', 409);
    await expectTradingInvariants();
  });

  it('accepts the same sales on the next trading day', async () => {
    await nextDay(reg);
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 100_550, locked: 0 });
    expect((await sell(buyer, 100, '50.50')).status).toBe('OPEN');
    const bidListing = await bid(bidder, 1000);
    expect((await take(buyer.actor, { listingId: bidListing.id, quantity: 100 })).filled).toBe(100);
    expect((await take(buyer.actor, { symbol: SYMBOL, side: 'SELL', limitPrice: '49.00', quantity: 100 })).filled).toBe(100);
    await toAfternoon(reg);
    const p = await proposeBlockTrade(buyer.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: bidder.accountId });
    expect((await acceptBlockTrade(bidder.actor, p.id)).status).toBe('ACCEPTED');
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 250, locked: 100 });
    await expectTradingInvariants();
  });

  it('lets the cash from a sale buy at once (but not sell again what it bought)', async () => {
    await nextDay(reg);
    expect(await cashOf(cashless.accountId)).toEqual({ available: '0.00', locked: '0.00' });
    await expectRefused(bid(cashless, 10), 'INSUFFICIENT_CASH', 409);

    const bidListing = await bid(bidder, 1000, '49.00');
    await take(cashless.actor, { listingId: bidListing.id, quantity: 1000 });
    // 49,000.00 received less the 24.50 fee.
    expect(await cashOf(cashless.accountId)).toEqual({ available: '48975.50', locked: '0.00' });

    const offer = await sell(seller, 500, '50.00');
    const bought = await take(cashless.actor, { listingId: offer.id, quantity: 500 });
    expect(bought).toMatchObject({ filled: 500, amount: '25000.00', fees: '12.50' });
    const buyListing = await bid(cashless, 400, '49.50');
    expect(buyListing.lockedCash).toBe('19809.90');
    expect(await cashOf(cashless.accountId)).toEqual({ available: (48975.5 - 25012.5 - 19809.9).toFixed(2), locked: '19809.90' });

    await expectRefused(sell(cashless, 1), 'T_PLUS_ONE', 409);
    await expectTradingInvariants();
  });
});
