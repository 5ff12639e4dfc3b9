import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';
import { listInstrument, nextDay, openMarket, toAfternoon } from '../../support/trading';
import { controlClock } from '@/server/schedule/dueWork';
import { getClock } from '@/server/trading/market';
import { placeListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { listInstrumentQuotes } from '@/server/trading/marketData';

/**
 * The day's change on the market page: against the previous trading day's close, before and after
 * the day end (when the instrument's previous close has already become the day's own close).
 */
let reg: Registry;
let seller: Participant;
let buyer: Participant;
const SYMBOL = 'CEA-2024';
const quote = async () => (await listInstrumentQuotes()).find((q) => q.symbol === SYMBOL)!;

async function trade(price: string, quantity: number): Promise<void> {
  const l = await placeListing(seller.actor, { symbol: SYMBOL, side: 'SELL', price, quantity });
  await take(buyer.actor, { listingId: l.id, quantity });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { cea: { 2024: 10_000 }, cash: '1000.00' });
  buyer = await createParticipant(reg, { cash: '1000000.00' });
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
  await trade('51.00', 400); // day 1 closes at 51.00
  await nextDay(reg);
});

describe('day change', () => {
  it('counts the day change against the previous close while the day trades', async () => {
    await trade('50.00', 300);
    await trade('50.50', 100); // VWAP 50.125 → close 50.13; last 50.50
    expect(await quote()).toMatchObject({ previousClose: '51.00', last: '50.50', close: null, change: '-0.50', changePercent: '-0.98' });
  });

  it('after the day end, counts the close against the previous trading day’s close, not against itself', async () => {
    const day = (await getClock()).tradingDay;
    await toAfternoon(reg);
    await controlClock(reg.exchange, { action: 'close-session' }); // 15:00: the day end runs
    const clock = await getClock();
    expect([clock.tradingDay, clock.closedThrough]).toEqual([day, day]);
    const q = await quote();
    expect(q).toMatchObject({ tradingDay: day, previousClose: '51.00', last: '50.50', close: '50.13', change: '-0.87', changePercent: '-1.71' });
    // The bands are already the next trading day's, around the day's close.
    expect(q.listedBand).toEqual({ low: '45.12', high: '55.14' });
  });

  it('starts the next day against the new close', async () => {
    await controlClock(reg.exchange, { action: 'next-trading-day' });
    expect(await quote()).toMatchObject({ previousClose: '50.13', last: null, close: null, change: null });
  });
});
