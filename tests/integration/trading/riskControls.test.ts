import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { changeAccountStatus } from '@/server/registry/accounts';
import { acceptBlockTrade, proposeBlockTrade } from '@/server/trading/blockTrades';
import { setInstrumentStatus } from '@/server/trading/instruments';
import { amendListing, cancelListing, placeListing } from '@/server/trading/listings';
import { controlClock } from '@/server/schedule/dueWork';
import {
  getMarketSettings, listAlerts, listLargeHolderReports, listParticipants, reviewAlert, setParticipantSuspension, updateMarketSettings,
} from '@/server/trading/surveillance';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';
import { cashOf, expectRefused, expectTradingInvariants, listInstrument, nextDay, openMarket, setSettings, toAfternoon } from '../../support/trading';

/**
 * Risk controls (DOMAIN.md §4): sessions, day-end expiry, account and participant halts,
 * instrument suspension, position limits per participant class, large-holder reports, abnormal
 * trading alerts, the best-five-levels rule, and a fee rate that cannot change under open buy orders.
 * The tests run in order on one market clock, which starts at 09:00 before the first session.
 */

const SYMBOL = 'CEA-2024';
/** An instrument with a book of its own, for the best-five-levels test. */
const BOOK = 'CEA-2022';
let reg: Registry;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  await listInstrument(reg, 2024, '50.00');
  await listInstrument(reg, 2023, '40.00');
  await listInstrument(reg, 2022, '40.00');
});

const sell = (p: Participant, price: string, quantity: number, symbol = SYMBOL) => placeListing(p.actor, { symbol, side: 'SELL', price, quantity });
const buy = (p: Participant, price: string, quantity: number, symbol = SYMBOL) => placeListing(p.actor, { symbol, side: 'BUY', price, quantity });

describe('sessions and the day end', () => {
  it('refuses orders outside their session with 409 SESSION_CLOSED, and expires everything at 15:00 with its locks released', async () => {
    const s = await createParticipant(reg, { cea: { 2024: 200_000 }, cash: '1000.00' });
    const b = await createParticipant(reg, { cash: '10000000.00' });

    // 09:00, before the morning session.
    await expectRefused(sell(s, '50.00', 100), 'SESSION_CLOSED', 409);
    await expectRefused(take(b.actor, { symbol: SYMBOL, side: 'BUY', limitPrice: '55.00', quantity: 10 }), 'SESSION_CLOSED', 409);
    await expectRefused(proposeBlockTrade(s.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: b.accountId }), 'SESSION_CLOSED', 409);

    // Morning: listed trading, but no block trades.
    await openMarket(reg);
    const offer = await sell(s, '50.00', 1000);
    const bid = await buy(b, '49.00', 500);
    await expectRefused(proposeBlockTrade(s.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: b.accountId }), 'SESSION_CLOSED', 409);

    // Midday break: nothing.
    await controlClock(reg.exchange, { action: 'close-session' });
    await expectRefused(sell(s, '50.00', 100), 'SESSION_CLOSED', 409);
    await expectRefused(take(b.actor, { listingId: offer.id, quantity: 10 }), 'SESSION_CLOSED', 409);

    // Afternoon: both.
    await controlClock(reg.exchange, { action: 'open-session' });
    await take(b.actor, { listingId: offer.id, quantity: 300 });
    const block = await proposeBlockTrade(s.actor, { symbol: SYMBOL, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: b.accountId });
    const blockBuy = await proposeBlockTrade(b.actor, { symbol: SYMBOL, side: 'BUY', price: '48.00', quantity: 100_000 });
    expect(await holdingOf(s.accountId, 2024)).toMatchObject({ locked: 100_700 });
    expect(new Decimal((await cashOf(b.accountId)).locked).toNumber()).toBeGreaterThan(4_800_000);

    // 15:00: the day end expires every listing and proposal and releases their locks.
    await controlClock(reg.exchange, { action: 'close-session' });
    await expectRefused(sell(s, '50.00', 100), 'SESSION_CLOSED', 409);
    await expectRefused(acceptBlockTrade(b.actor, block.id), 'SESSION_CLOSED', 409);
    for (const id of [offer.id, bid.id]) expect((await db().listing.findUniqueOrThrow({ where: { id: BigInt(id) } })).status).toBe('EXPIRED');
    for (const id of [block.id, blockBuy.id]) expect((await db().blockProposal.findUniqueOrThrow({ where: { id } })).status).toBe('EXPIRED');
    expect(await holdingOf(s.accountId, 2024)).toEqual({ available: 199_700, locked: 0, pledged: 0, frozen: 0 });
    expect((await cashOf(b.accountId)).locked).toBe('0.00');
    expect((await cashOf(s.accountId)).locked).toBe('0.00');
    await expectTradingInvariants();

    await nextDay(reg);
    expect((await sell(s, '50.00', 100)).status).toBe('OPEN');
  });
});

describe('halts', () => {
  it('refuses a RESTRICTED account with ACCOUNT_NOT_ACTIVE; its listings cannot be taken; reinstated, it trades again', async () => {
    const r = await createParticipant(reg, { cea: { 2023: 1000 }, cash: '100000.00' });
    const o = await createParticipant(reg, { cash: '100000.00' });
    const mine = await sell(r, '40.00', 100, 'CEA-2023');
    await changeAccountStatus(reg.registry, r.accountId, { action: 'restrict', reason: 'registered information outdated' });
    await expectRefused(sell(r, '40.00', 100, 'CEA-2023'), 'ACCOUNT_NOT_ACTIVE', 409);
    await expectRefused(buy(r, '40.00', 100, 'CEA-2023'), 'ACCOUNT_NOT_ACTIVE', 409);
    await expectRefused(take(o.actor, { listingId: mine.id, quantity: 10 }), 'OUTSIDE_BEST_FIVE_LEVELS', 409);
    await expectRefused(take(o.actor, { symbol: 'CEA-2023', side: 'BUY', limitPrice: '44.00', quantity: 10 }), 'NOTHING_TO_TAKE', 409);
    const theirs = await sell(await createParticipant(reg, { cea: { 2023: 100 } }), '40.00', 50, 'CEA-2023');
    await expectRefused(take(r.actor, { listingId: theirs.id, quantity: 10 }), 'ACCOUNT_NOT_ACTIVE', 409);

    await changeAccountStatus(reg.registry, r.accountId, { action: 'reinstate', reason: 'information updated' });
    expect((await take(o.actor, { listingId: mine.id, quantity: 10 })).filled).toBe(10);
    expect((await sell(r, '40.00', 100, 'CEA-2023')).status).toBe('OPEN');
  });

  it('refuses a suspended participant with PARTICIPANT_SUSPENDED until the exchange resumes it', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    const o = await createParticipant(reg, { cash: '100000.00' });
    const mine = await sell(p, '50.00', 100);
    const other = await sell(await createParticipant(reg, { cea: { 2024: 100 } }), '50.00', 100);
    await setParticipantSuspension(reg.exchange, p.accountId, { suspended: true, reason: 'abnormal trading under review' });
    await expectRefused(setParticipantSuspension(reg.exchange, p.accountId, { suspended: true, reason: 'again' }), 'NO_CHANGE', 409);
    const e = await expectRefused(sell(p, '50.00', 10), 'PARTICIPANT_SUSPENDED', 409);
    expect(e.message).toContain('abnormal trading under review');
    await expectRefused(take(p.actor, { listingId: other.id, quantity: 10 }), 'PARTICIPANT_SUSPENDED', 409);
    await expectRefused(take(o.actor, { listingId: mine.id, quantity: 10 }), 'OUTSIDE_BEST_FIVE_LEVELS', 409);
    // Its own listing stays cancellable, which releases the lock.
    await cancelListing(p.actor, BigInt(mine.id));
    expect(await holdingOf(p.accountId, 2024)).toMatchObject({ available: 1000, locked: 0 });
    expect((await listParticipants(reg.exchange)).find((x) => x.registryAccountId === p.accountId)).toMatchObject({ suspended: true });

    await setParticipantSuspension(reg.exchange, p.accountId, { suspended: false, reason: 'review closed' });
    expect((await take(p.actor, { listingId: other.id, quantity: 10 })).filled).toBe(10);
    expect((await sell(p, '50.00', 10)).status).toBe('OPEN');
  });

  it('refuses every order in a suspended instrument with INSTRUMENT_SUSPENDED; others keep trading', async () => {
    const p = await createParticipant(reg, { cea: { 2024: 1000, 2023: 1000 }, cash: '100000.00' });
    const o = await createParticipant(reg, { cash: '100000.00' });
    const l = await sell(p, '50.00', 100);
    await setInstrumentStatus(reg.exchange, SYMBOL, { status: 'SUSPENDED', reason: 'risk warning' });
    await expectRefused(sell(p, '50.00', 10), 'INSTRUMENT_SUSPENDED', 409);
    await expectRefused(buy(o, '50.00', 10), 'INSTRUMENT_SUSPENDED', 409);
    await expectRefused(take(o.actor, { listingId: l.id, quantity: 10 }), 'INSTRUMENT_SUSPENDED', 409);
    await expectRefused(take(o.actor, { symbol: SYMBOL, side: 'BUY', limitPrice: '55.00', quantity: 10 }), 'INSTRUMENT_SUSPENDED', 409);
    expect((await sell(p, '40.00', 10, 'CEA-2023')).status).toBe('OPEN');
    await setInstrumentStatus(reg.exchange, SYMBOL, { status: 'TRADING', reason: 'warning lifted' });
    expect((await take(o.actor, { listingId: l.id, quantity: 10 })).filled).toBe(10);
  });
});

describe('position limits and large holders', () => {
  it('refuses orders that could take a position beyond its class limit (entities 1,000 t, investors 3,000 t) with 422 POSITION_LIMIT', async () => {
    await setSettings({ entityPositionLimit: 1000n, investorPositionLimit: 3000n });
    try {
      const seller = await createParticipant(reg, { cea: { 2024: 10_000 } });
      const offer = await sell(seller, '50.00', 5000);
      const entity = await createParticipant(reg, { cea: { 2024: 800 }, cash: '1000000.00' });
      await expectRefused(buy(entity, '49.00', 201), 'POSITION_LIMIT', 422);
      await expectRefused(take(entity.actor, { listingId: offer.id, quantity: 201 }), 'POSITION_LIMIT', 422);
      const open = await buy(entity, '49.00', 150);
      // Open buys count: 800 held + 150 bid + 51 = 1,001.
      await expectRefused(take(entity.actor, { symbol: SYMBOL, side: 'BUY', limitPrice: '50.00', quantity: 51 }), 'POSITION_LIMIT', 422);
      expect((await take(entity.actor, { listingId: offer.id, quantity: 50 })).filled).toBe(50);
      await amendListing(entity.actor, BigInt(open.id), { quantity: 100 });
      expect((await buy(entity, '49.00', 50)).status).toBe('OPEN');

      const investor = await createParticipant(reg, { kind: 'INVESTOR', cash: '1000000.00' });
      expect((await take(investor.actor, { listingId: offer.id, quantity: 2000 })).filled).toBe(2000);
      expect((await buy(investor, '49.00', 1000)).status).toBe('OPEN');
      await expectRefused(buy(investor, '49.00', 1), 'POSITION_LIMIT', 422);
      await expectTradingInvariants();
    } finally {
      await setSettings({ entityPositionLimit: null, investorPositionLimit: null });
    }
  });

  it('raises a large-holder report when a purchase crosses the threshold, once', async () => {
    await setSettings({ largeHolderThreshold: 10_000n });
    try {
      const seller = await createParticipant(reg, { cea: { 2024: 5000 } });
      const h = await createParticipant(reg, { cea: { 2024: 9500 }, cash: '1000000.00' });
      const big = await createParticipant(reg, { cea: { 2024: 12_000 }, cash: '1000000.00' });
      const offer = await sell(seller, '50.00', 2000);
      await take(h.actor, { listingId: offer.id, quantity: 499 });
      const reports = async (accountId: number) => (await listLargeHolderReports(reg.exchange, { limit: 200 })).items.filter((r) => r.accountId === accountId);
      expect(await reports(h.accountId)).toEqual([]);
      await take(h.actor, { listingId: offer.id, quantity: 1 }); // 10,000 t: at the threshold
      await take(h.actor, { listingId: offer.id, quantity: 100 });
      await take(big.actor, { listingId: offer.id, quantity: 10 }); // already above: no report
      expect(await reports(big.accountId)).toEqual([]);
      const [report, ...more] = await reports(h.accountId);
      expect(more).toEqual([]);
      expect(report).toMatchObject({ symbol: SYMBOL, threshold: 10_000, holding: 10_000 });
      await expectRefused(listLargeHolderReports(h.actor, { limit: 10 }), 'FORBIDDEN', 403);
    } finally {
      await setSettings({ largeHolderThreshold: null });
    }
  });
});

describe('abnormal trading alerts', () => {
  it('flags self-trades, related accounts, trades at the band limit and repeated list-and-cancel', async () => {
    await setSettings({ listAndCancelThreshold: 3 });
    const x = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    const a = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    const b = await createParticipant(reg, { cash: '100000.00' });
    const c = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    const d = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    const g = await createParticipant(reg, { cea: { 2024: 1000 }, cash: '100000.00' });
    await db().organisation.update({ where: { id: a.organisationId }, data: { groupName: 'Sino Steel Group' } });
    await db().organisation.update({ where: { id: b.organisationId }, data: { groupName: ' sino steel group ' } });
    await db().organisation.update({ where: { id: c.organisationId }, data: { groupName: 'Other Group' } });

    const own = await sell(x, '50.00', 10);
    await take(x.actor, { listingId: own.id, quantity: 10 });
    const related = await sell(a, '50.10', 10);
    await take(b.actor, { listingId: related.id, quantity: 10 });
    const atHigh = await sell(c, '55.00', 10); // the listed band is 45.00–55.00
    await take(d.actor, { listingId: atHigh.id, quantity: 5 });
    const atLow = await buy(c, '45.00', 10);
    await take(d.actor, { listingId: atLow.id, quantity: 5 });
    const plain = await sell(d, '50.20', 10); // unrelated parties, inside the band: no alert
    await take(c.actor, { listingId: plain.id, quantity: 10 });
    for (let i = 0; i < 4; i++) await cancelListing(g.actor, BigInt((await sell(g, '51.00', 10)).id));

    const alerts = (await listAlerts(reg.exchange, { limit: 200 })).items;
    const about = (p: Participant) => alerts.filter((al) => al.accounts.some((ac) => ac.id === p.accountId)).map((al) => al.kind).sort();
    expect(about(x)).toEqual(['SELF_TRADE']);
    expect(about(a)).toEqual(['RELATED_ACCOUNTS']);
    expect(about(b)).toEqual(['RELATED_ACCOUNTS']);
    expect(about(c)).toEqual(['BAND_LIMIT', 'BAND_LIMIT']);
    expect(about(d)).toEqual(['BAND_LIMIT', 'BAND_LIMIT']);
    expect(about(g)).toEqual(['LIST_AND_CANCEL']);
    const self = alerts.find((al) => al.kind === 'SELF_TRADE' && al.accounts[0]!.id === x.accountId)!;
    expect(self.trades).toHaveLength(1);
    expect(self.trades[0]).toMatchObject({ buyerAccountId: x.accountId, sellerAccountId: x.accountId, quantity: 10, price: '50.00' });
    const lac = alerts.find((al) => al.kind === 'LIST_AND_CANCEL' && al.accounts[0]!.id === g.accountId)!;
    expect(lac.listings).toHaveLength(3);
    expect(lac.listings.every((l) => l.status === 'CANCELLED')).toBe(true);

    expect(await reviewAlert(reg.exchange, self.id, 'hedging between desks, explained')).toEqual({ id: self.id, status: 'REVIEWED' });
    await expectRefused(reviewAlert(reg.exchange, self.id, 'again'), 'ALERT_ALREADY_REVIEWED', 409);
    await expectRefused(listAlerts(x.actor, { limit: 10 }), 'FORBIDDEN', 403);
    await expectRefused(reviewAlert(reg.mee, lac.id, 'regulators only read'), 'FORBIDDEN', 403);
    await expectTradingInvariants();
  });
});

describe('the best five price levels', () => {
  it('refuses to take a listing beyond the fifth price level (OUTSIDE_BEST_FIVE_LEVELS); a sweep stops there too', async () => {
    const q = await createParticipant(reg, { cea: { 2022: 10_000 }, cash: '1000000.00' });
    const w = await createParticipant(reg, { cea: { 2022: 10_000 }, cash: '1000000.00' });
    const asks = [];
    // Six price levels (two listings share the best): 40.06 is the sixth.
    for (const price of ['40.01', '40.01', '40.02', '40.03', '40.04', '40.05', '40.06']) asks.push(await sell(q, price, 100, BOOK));
    await expectRefused(take(w.actor, { listingId: asks[6]!.id, quantity: 10 }), 'OUTSIDE_BEST_FIVE_LEVELS', 409);
    expect(await holdingOf(w.accountId, 2022)).toMatchObject({ available: 10_000 });
    // Any listing within the five, not only the best, at its own price; the second at the best price too.
    expect((await take(w.actor, { listingId: asks[5]!.id, quantity: 10 })).trades[0]!.price).toBe('40.05');
    expect((await take(w.actor, { listingId: asks[1]!.id, quantity: 10 })).trades[0]!.price).toBe('40.01');

    const swept = await take(w.actor, { symbol: BOOK, side: 'BUY', limitPrice: '40.06', quantity: 5000 });
    expect([...new Set(swept.trades.map((t) => t.price))]).toEqual(['40.01', '40.02', '40.03', '40.04', '40.05']);
    expect(swept.filled).toBe(580); // 7 × 100 less the 20 taken above, less the sixth level's 100
    // Now 40.06 is the best level.
    expect((await take(w.actor, { listingId: asks[6]!.id, quantity: 10 })).filled).toBe(10);

    const bids = [];
    for (const price of ['39.99', '39.98', '39.97', '39.96', '39.95', '39.94']) bids.push(await buy(w, price, 100, BOOK));
    await expectRefused(take(q.actor, { listingId: bids[5]!.id, quantity: 10 }), 'OUTSIDE_BEST_FIVE_LEVELS', 409);
    expect((await take(q.actor, { listingId: bids[4]!.id, quantity: 10 })).trades[0]!.price).toBe('39.95');
    const sold = await take(q.actor, { symbol: BOOK, side: 'SELL', limitPrice: '39.00', quantity: 5000 });
    expect([...new Set(sold.trades.map((t) => t.price))]).toEqual(['39.99', '39.98', '39.97', '39.96', '39.95']);
    await expectTradingInvariants();
  });
});

describe('the fee rate', () => {
  it('cannot change while buy orders hold cash locked at the current rate; after the day end it can', async () => {
    await nextDay(reg); // a fresh day: the day end expired every order of the tests above
    const cur = await getMarketSettings(reg.exchange);
    expect(cur.feeRate).toBe('0.0005');
    const b = await createParticipant(reg, { cash: '10000000.00' });
    const s = await createParticipant(reg, { cea: { 2024: 200_000 } });
    const bid = await buy(b, '50.00', 100);
    const e = await expectRefused(updateMarketSettings(reg.exchange, { ...cur, feeRate: '0.001' }), 'FEE_RATE_IN_USE', 409);
    expect(e.fields).toHaveProperty(['feeRate']);
    // Other settings can change.
    expect(await updateMarketSettings(reg.exchange, { ...cur, listAndCancelThreshold: 7 })).toMatchObject({ feeRate: '0.0005', listAndCancelThreshold: 7 });

    // A pending buy block proposal holds the rate too.
    await cancelListing(b.actor, BigInt(bid.id));
    await toAfternoon(reg);
    await proposeBlockTrade(b.actor, { symbol: SYMBOL, side: 'BUY', price: '50.00', quantity: 100_000 });
    await expectRefused(updateMarketSettings(reg.exchange, { ...cur, feeRate: '0.001' }), 'FEE_RATE_IN_USE', 409);

    // Sell orders do not.
    await nextDay(reg);
    await sell(s, '50.00', 1000);
    expect(await updateMarketSettings(reg.exchange, { ...cur, feeRate: '0.001' })).toMatchObject({ feeRate: '0.001' });

    // New buy orders lock and pay at the new rate, and the lock comes back exactly.
    const next = await buy(b, '50.00', 333);
    expect(next.lockedCash).toBe('16666.65'); // 16,650.00 + 16.65
    await take(s.actor, { listingId: next.id, quantity: 111 });
    await take(s.actor, { listingId: next.id, quantity: 222 });
    expect((await cashOf(b.accountId)).locked).toBe('0.00');
    const fills = await db().trade.findMany({ where: { listingId: BigInt(next.id) } });
    expect(fills.reduce((sum, t) => sum.plus(t.buyerFee.toString()), new Decimal(0)).toFixed(2)).toBe('16.65');
    await expectTradingInvariants();
    await updateMarketSettings(reg.exchange, { ...cur });
  });
});
