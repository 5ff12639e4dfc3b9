import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, listInstrument, nextDay, openMarket } from '../../support/trading';
import { placeListing, cancelListing } from '@/server/trading/listings';
import { take } from '@/server/trading/takes';
import { listInstrumentQuotes } from '@/server/trading/marketData';
import { verifyLedger } from '@/server/registry/verify';

let reg: Registry;
let seller: Participant;
let buyer: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { cea: { 2024: 10_000 }, cash: '1000.00' });
  buyer = await createParticipant(reg, { cash: '1000000.00' });
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

describe('trading smoke', () => {
  it('lists, takes part, cancels the rest, closes the day', async () => {
    const l = await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '51.00', quantity: 1000 });
    expect(await holdingOf(seller.accountId, 2024)).toMatchObject({ available: 9000, locked: 1000 });
    const r = await take(buyer.actor, { listingId: l.id, quantity: 400 });
    expect(r.filled).toBe(400);
    expect(await holdingOf(buyer.accountId, 2024)).toMatchObject({ available: 400 });
    expect(await cashOf(buyer.accountId)).toEqual({ available: (1000000 - 20400 - 10.2).toFixed(2), locked: '0.00' });
    await cancelListing(seller.actor, BigInt(l.id));
    expect(await holdingOf(seller.accountId, 2024)).toMatchObject({ available: 9600, locked: 0 });
    await nextDay(reg);
    const q = (await listInstrumentQuotes()).find((x) => x.symbol === 'CEA-2024')!;
    expect(q.previousClose).toBe('51.00');
    const v = await verifyLedger();
    expect(v.ok).toBe(true);
  });
});
