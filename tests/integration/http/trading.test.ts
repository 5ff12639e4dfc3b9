import { beforeAll, describe, expect, it } from 'vitest';
import {
  alertPageSchema, barsResponseSchema, blockProposalResponseSchema, bookResponseSchema, clockResponseSchema, instrumentCreateResultSchema,
  instrumentListSchema, instrumentStatusResultSchema, largeHolderPageSchema, listingPageSchema, listingResponseSchema,
  marketSettingsResponseSchema, marketSummarySchema, myBlockProposalsSchema, myTradesPageSchema, participantListSchema,
  participantSuspensionResultSchema, referencePriceResultSchema, takeResponseSchema, takeableListResponseSchema, tapePageSchema,
} from '@/schemas/tradingApi';
import { GET as myListings, POST as placeOrder } from '@/app/api/v1/orders/route';
import { DELETE as cancelOrder, PATCH as amendOrder } from '@/app/api/v1/orders/[id]/route';
import { POST as takes } from '@/app/api/v1/takes/route';
import { GET as myTrades } from '@/app/api/v1/trades/route';
import { GET as myBlocks, POST as proposeBlock } from '@/app/api/v1/block-trades/route';
import { DELETE as withdrawBlock } from '@/app/api/v1/block-trades/[id]/route';
import { POST as acceptBlock } from '@/app/api/v1/block-trades/[id]/accept/route';
import { POST as rejectBlock } from '@/app/api/v1/block-trades/[id]/reject/route';
import { GET as instruments, POST as createInstrument } from '@/app/api/v1/instruments/route';
import { GET as book } from '@/app/api/v1/instruments/[symbol]/book/route';
import { GET as takeable } from '@/app/api/v1/instruments/[symbol]/listings/route';
import { GET as tape } from '@/app/api/v1/instruments/[symbol]/trades/route';
import { GET as bars } from '@/app/api/v1/instruments/[symbol]/bars/route';
import { POST as instrumentStatus } from '@/app/api/v1/instruments/[symbol]/status/route';
import { POST as referencePrice } from '@/app/api/v1/instruments/[symbol]/reference-price/route';
import { GET as marketClock } from '@/app/api/v1/market/clock/route';
import { POST as adminClock } from '@/app/api/v1/admin/clock/route';
import { GET as alerts } from '@/app/api/v1/admin/alerts/route';
import { POST as reviewAlert } from '@/app/api/v1/admin/alerts/[id]/review/route';
import { GET as largeHolders } from '@/app/api/v1/admin/large-holders/route';
import { GET as getSettings, PUT as putSettings } from '@/app/api/v1/admin/market-settings/route';
import { GET as summary } from '@/app/api/v1/admin/market-summary/route';
import { GET as participants } from '@/app/api/v1/admin/participants/route';
import { POST as suspension } from '@/app/api/v1/admin/participants/[id]/suspension/route';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { cashOf, expectTradingInvariants, listInstrument } from '../../support/trading';
import { expectError, expectNothingChanged, key } from './helpers';

/**
 * The trading API over the real route handlers (API.md): bands and size rules answer 422 with the
 * rule's code, sessions 409, malformed prices 400 naming the field, Idempotency-Key replays, public
 * market data without a token, operator endpoints refused to entities; every success body parses
 * with its response schema. The tests run in order on one market clock (09:00 at the start).
 */

let reg: Registry;
let seller: Participant;
let buyer: Participant;
let third: Participant;
const t = {} as Record<'seller' | 'buyer' | 'third' | 'exchange' | 'mee', string>;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  seller = await createParticipant(reg, { name: 'Seller Steel', cea: { 2024: 400_000, 2023: 1000 }, cash: '10000.00' });
  buyer = await createParticipant(reg, { name: 'Buyer Power', cea: { 2023: 1000 }, cash: '50000000.00' });
  third = await createParticipant(reg, { name: 'Third Cement', cash: '1000000.00' });
  await listInstrument(reg, 2024, '50.00');
  await listInstrument(reg, 2023, '47.37');
  t.seller = await tokenFor(seller.actor);
  t.buyer = await tokenFor(buyer.actor);
  t.third = await tokenFor(third.actor);
  t.exchange = await tokenFor(reg.exchange);
  t.mee = await tokenFor(reg.mee);
});

const order = (side: 'BUY' | 'SELL', price: unknown, quantity: number, symbol = 'CEA-2024') => ({ symbol, side, price, quantity });
const sym = (symbol = 'CEA-2024') => ({ symbol });
const id = (n: number | string) => ({ id: String(n) });
const clock = async (action: string) => {
  const res = await call(adminClock, { body: { action }, token: t.exchange });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return clockResponseSchema.parse(res.body);
};

describe('before the session', () => {
  it('answers 409 SESSION_CLOSED to orders and takes, changing nothing; the public clock says why', async () => {
    const c = clockResponseSchema.parse((await call(marketClock, { path: '/api/v1/market/clock' })).body);
    expect(c).toMatchObject({ mode: 'manual', phase: 'PRE_OPEN', listedOpen: false, blockOpen: false });
    await expectNothingChanged(async () => {
      await expectError(placeOrder, { body: order('SELL', '50.00', 100), token: t.seller }, 409, 'SESSION_CLOSED');
      await expectError(takes, { body: { symbol: 'CEA-2024', side: 'BUY', limitPrice: '50.00', quantity: 10 }, token: t.buyer }, 409, 'SESSION_CLOSED');
    });
    // Only the exchange operator moves the clock.
    await expectError(adminClock, { body: { action: 'open-session' }, token: t.seller }, 403, 'FORBIDDEN');
    expect(await clock('open-session')).toMatchObject({ phase: 'MORNING', listedOpen: true, blockOpen: false });
  });
});

describe('listed orders', () => {
  it('refuses a price one tick above previous close × 1.10 with 422 PRICE_OUTSIDE_LISTED_BAND and accepts exactly × 1.10', async () => {
    await expectNothingChanged(async () => {
      const e = await expectError(placeOrder, { body: order('SELL', '55.01', 100), token: t.seller }, 422, 'PRICE_OUTSIDE_LISTED_BAND');
      expect(e.fields).toHaveProperty(['price']);
      await expectError(placeOrder, { body: order('BUY', '44.99', 100), token: t.buyer }, 422, 'PRICE_OUTSIDE_LISTED_BAND');
    });
    const high = await call(placeOrder, { body: order('SELL', '55.00', 100), token: t.seller });
    expect(high.status).toBe(201);
    expect(listingResponseSchema.parse(high.body)).toMatchObject({ price: '55.00', quantity: 100, remaining: 100, status: 'OPEN' });
    expect((await call(placeOrder, { body: order('BUY', '45.00', 100), token: t.buyer })).status).toBe(201);

    // Band limits round inward: 47.37 × 1.10 = 52.107 → 52.10; 47.37 × 0.90 = 42.633 → 42.64.
    await expectError(placeOrder, { body: order('SELL', '52.11', 10, 'CEA-2023'), token: t.seller }, 422, 'PRICE_OUTSIDE_LISTED_BAND');
    await expectError(placeOrder, { body: order('BUY', '42.63', 10, 'CEA-2023'), token: t.buyer }, 422, 'PRICE_OUTSIDE_LISTED_BAND');
    expect((await call(placeOrder, { body: order('SELL', '52.10', 10, 'CEA-2023'), token: t.seller })).status).toBe(201);
    expect((await call(placeOrder, { body: order('BUY', '42.64', 10, 'CEA-2023'), token: t.buyer })).status).toBe(201);
    const quotes = instrumentListSchema.parse((await call(instruments, {})).body);
    expect(quotes.find((q) => q.symbol === 'CEA-2023')).toMatchObject({ listedBand: { low: '42.64', high: '52.10' }, blockBand: { low: '33.16', high: '61.58' } });
  });

  it('refuses a listed order of 100,000 t (422 LISTED_QUANTITY_LIMIT) and a block of 99,999 t (422 BLOCK_MIN_QUANTITY)', async () => {
    await expectNothingChanged(async () => {
      const e = await expectError(placeOrder, { body: order('SELL', '50.00', 100_000), token: t.seller }, 422, 'LISTED_QUANTITY_LIMIT');
      expect(e.fields).toHaveProperty(['quantity']);
      await expectError(takes, { body: { symbol: 'CEA-2024', side: 'BUY', limitPrice: '55.00', quantity: 100_000 }, token: t.buyer }, 422, 'LISTED_QUANTITY_LIMIT');
      await expectError(proposeBlock, { body: { ...order('SELL', '50.00', 99_999), counterpartyAccountId: buyer.accountId }, token: t.seller }, 422, 'BLOCK_MIN_QUANTITY');
    });
    const max = await call(placeOrder, { body: order('SELL', '54.00', 99_999), token: t.seller });
    expect(max.status).toBe(201);
    const cancelled = await call(cancelOrder, { method: 'DELETE', params: id(max.body.id), token: t.seller });
    expect(listingResponseSchema.parse(cancelled.body)).toMatchObject({ status: 'CANCELLED' });
  });

  it('answers 400 naming the field to prices sent as JSON numbers or with three decimals', async () => {
    await expectNothingChanged(async () => {
      for (const price of [52.3, 52, '52.301', '-1.00', '0.00', ' ', '5e1']) {
        const e = await expectError(placeOrder, { body: order('SELL', price, 10), token: t.seller }, 400, 'INVALID_INPUT');
        expect(e.fields, `price ${JSON.stringify(price)}`).toHaveProperty(['price']);
      }
      const e = await expectError(takes, { body: { symbol: 'CEA-2024', side: 'BUY', limitPrice: 52.3, quantity: 10 }, token: t.buyer }, 400, 'INVALID_INPUT');
      expect(e.fields).toHaveProperty(['limitPrice']);
      const b = await expectError(proposeBlock, { body: { ...order('SELL', '60.001', 100_000), counterpartyAccountId: buyer.accountId }, token: t.seller }, 400, 'INVALID_INPUT');
      expect(b.fields).toHaveProperty(['price']);
    });
  });

  it('replays a take sent again with the same Idempotency-Key: the first result, nothing moved again', async () => {
    const offer = listingResponseSchema.parse((await call(placeOrder, { body: order('SELL', '50.50', 1000), token: t.seller })).body);
    const k = key('take');
    const body = { listingId: offer.id, quantity: 300 };
    const first = await call(takes, { body, token: t.buyer, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(201);
    const result = takeResponseSchema.parse(first.body);
    expect(result).toMatchObject({ side: 'BUY', requested: 300, filled: 300, averagePrice: '50.50', amount: '15150.00', fees: '7.58' });
    const holding = await holdingOf(buyer.accountId, 2024);
    const cash = await cashOf(buyer.accountId);

    await expectNothingChanged(async () => {
      const again = await call(takes, { body, token: t.buyer, headers: { 'idempotency-key': k } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      await expectError(takes, { body: { ...body, quantity: 301 }, token: t.buyer, headers: { 'idempotency-key': k } }, 422, 'IDEMPOTENCY_KEY_REUSED');
    });
    expect(await holdingOf(buyer.accountId, 2024)).toEqual(holding);
    expect(await cashOf(buyer.accountId)).toEqual(cash);

    // A sweep, an amend and the caller's own lists.
    const swept = takeResponseSchema.parse((await call(takes, { body: { symbol: 'CEA-2024', side: 'BUY', limitPrice: '51.00', quantity: 200 }, token: t.buyer })).body);
    expect(swept.trades.map((x) => [x.listingId, x.price, x.quantity])).toEqual([[offer.id, '50.50', 200]]);
    const amended = await call(amendOrder, { method: 'PATCH', params: id(offer.id), body: { quantity: 100 }, token: t.seller });
    expect(listingResponseSchema.parse(amended.body)).toMatchObject({ quantity: 600, filled: 500, remaining: 100 });
    await expectError(amendOrder, { method: 'PATCH', params: id(offer.id), body: { quantity: 50 }, token: t.buyer }, 404, 'NOT_FOUND');
    const mine = listingPageSchema.parse((await call(myListings, { path: '/api/v1/orders?status=OPEN&symbol=CEA-2024', token: t.seller })).body);
    expect(mine.items.map((l) => l.id)).toContain(offer.id);
    const trades = myTradesPageSchema.parse((await call(myTrades, { path: '/api/v1/trades?limit=10', token: t.buyer })).body);
    expect(trades.items.map((x) => [x.side, x.quantity, x.net])).toEqual([['BUY', 200, '-10105.05'], ['BUY', 300, '-15157.58']]);
  });
});

describe('block trades', () => {
  it('are refused in the morning (409) and outside ±30 % (422 PRICE_OUTSIDE_BLOCK_BAND); proposed, listed, accepted, rejected and withdrawn', async () => {
    const proposal = (price: string, extra: Record<string, unknown> = {}) => ({ ...order('SELL', price, 100_000), counterpartyAccountId: buyer.accountId, ...extra });
    await expectError(proposeBlock, { body: proposal('60.00'), token: t.seller }, 409, 'SESSION_CLOSED');
    await clock('close-session');
    expect(await clock('open-session')).toMatchObject({ phase: 'AFTERNOON', listedOpen: true, blockOpen: true });

    await expectNothingChanged(async () => {
      for (const price of ['65.01', '34.99']) {
        const e = await expectError(proposeBlock, { body: proposal(price), token: t.seller }, 422, 'PRICE_OUTSIDE_BLOCK_BAND');
        expect(e.fields).toHaveProperty(['price']);
      }
      await expectError(proposeBlock, { body: proposal('60.00', { counterpartyAccountId: seller.accountId }), token: t.seller }, 422, 'SELF_BLOCK_TRADE');
    });
    const created = await call(proposeBlock, { body: proposal('65.00'), token: t.seller, headers: { 'idempotency-key': key('block') } });
    expect(created.status).toBe(201);
    const p = blockProposalResponseSchema.parse(created.body);
    expect(p).toMatchObject({ price: '65.00', quantity: 100_000, amount: '6500000.00', status: 'PENDING', open: false });

    const inbox = myBlockProposalsSchema.parse((await call(myBlocks, { token: t.buyer })).body);
    expect(inbox.incoming.map((x) => x.id)).toContain(p.id);
    await expectError(acceptBlock, { params: id(p.id), token: t.third }, 404, 'NOT_FOUND');
    const accepted = await call(acceptBlock, { params: id(p.id), token: t.buyer });
    expect(accepted.status).toBe(200);
    expect(blockProposalResponseSchema.parse(accepted.body)).toMatchObject({ status: 'ACCEPTED' });
    await expectError(acceptBlock, { params: id(p.id), token: t.buyer }, 409, 'PROPOSAL_NOT_PENDING');

    const toReject = blockProposalResponseSchema.parse((await call(proposeBlock, { body: proposal('50.00'), token: t.seller })).body);
    expect(blockProposalResponseSchema.parse((await call(rejectBlock, { params: id(toReject.id), token: t.buyer })).body)).toMatchObject({ status: 'REJECTED' });
    const open = blockProposalResponseSchema.parse((await call(proposeBlock, { body: { ...order('SELL', '49.00', 100_000) }, token: t.seller })).body);
    expect(open.open).toBe(true);
    expect(myBlockProposalsSchema.parse((await call(myBlocks, { token: t.third })).body).openOffers.map((x) => x.id)).toContain(open.id);
    await expectError(rejectBlock, { params: id(open.id), token: t.third }, 422, 'OPEN_OFFER');
    const withdrawn = await call(withdrawBlock, { method: 'DELETE', params: id(open.id), token: t.seller });
    expect(blockProposalResponseSchema.parse(withdrawn.body)).toMatchObject({ status: 'CANCELLED' });
    expect(await holdingOf(seller.accountId, 2024)).toMatchObject({ locked: 100 + 100 }); // the two listings still open
    await expectTradingInvariants();
  });
});

describe('public market data', () => {
  it('answers without a token: clock, instruments, book, takeable listings, tape, block report, bars', async () => {
    expect(clockResponseSchema.parse((await call(marketClock, {})).body).phase).toBe('AFTERNOON');
    const quotes = instrumentListSchema.parse((await call(instruments, {})).body);
    expect(quotes.find((q) => q.symbol === 'CEA-2024')).toMatchObject({
      previousClose: null, referencePrice: '50.00', listedBand: { low: '45.00', high: '55.00' }, blockBand: { low: '35.00', high: '65.00' },
      open: '50.50', last: '50.50', volume: 500, blockVolume: 100_000, trades: 2, bestAsk: '50.50', bestBid: '45.00',
    });

    const b = bookResponseSchema.parse((await call(book, { path: '/api/v1/instruments/CEA-2024/book?levels=3', params: sym() })).body);
    expect(b.asks).toEqual([{ price: '50.50', quantity: 100, listings: 1 }, { price: '55.00', quantity: 100, listings: 1 }]);
    expect(b.bids).toEqual([{ price: '45.00', quantity: 100, listings: 1 }]);
    const asks = takeableListResponseSchema.parse((await call(takeable, { path: '/api/v1/instruments/CEA-2024/listings?side=SELL', params: sym() })).body);
    expect(asks.map((l) => [l.price, l.remaining])).toEqual([['50.50', 100], ['55.00', 100]]);
    expect(Object.keys(asks[0]!).sort()).toEqual(['createdAt', 'id', 'price', 'remaining']); // listers stay anonymous

    const listed = tapePageSchema.parse((await call(tape, { path: '/api/v1/instruments/CEA-2024/trades', params: sym() })).body);
    expect(listed.items.map((x) => [x.kind, x.price, x.quantity])).toEqual([['LISTED', '50.50', 200], ['LISTED', '50.50', 300]]);
    const blocks = tapePageSchema.parse((await call(tape, { path: '/api/v1/instruments/CEA-2024/trades?kind=BLOCK', params: sym() })).body);
    expect(blocks.items.map((x) => [x.kind, x.price, x.quantity])).toEqual([['BLOCK', '65.00', 100_000]]);
    const paged = tapePageSchema.parse((await call(tape, { path: '/api/v1/instruments/CEA-2024/trades?limit=1', params: sym() })).body);
    expect(paged.items).toHaveLength(1);
    expect(paged.nextCursor).not.toBeNull();

    const today = barsResponseSchema.parse((await call(bars, { params: sym() })).body);
    expect(today).toEqual([expect.objectContaining({ open: '50.50', close: '50.50', volume: 500, blockVolume: 100_000, final: false })]);

    await expectError(book, { params: sym('CEA-2099') }, 404, 'NOT_FOUND');
    await expectError(book, { params: sym('XYZ') }, 400, 'INVALID_INPUT');
  });
});

describe('exchange operation', () => {
  it('answers 403 to an entity on every operator endpoint, changing nothing', async () => {
    const settings = { feeRate: '0.0005', riskReserveShare: '0.2', entityPositionLimit: null, investorPositionLimit: null, largeHolderThreshold: null, listAndCancelThreshold: 5 };
    const cases: [Parameters<typeof call>[0], Parameters<typeof call>[1]][] = [
      [adminClock, { body: { action: 'close-session' } }],
      [createInstrument, { body: { instrument: 'CEA', vintage: 2025, referencePrice: '60.00' } }],
      [instrumentStatus, { params: sym(), body: { status: 'SUSPENDED', reason: 'risk warning' } }],
      [referencePrice, { params: sym(), body: { referencePrice: '60.00' } }],
      [participants, {}],
      [suspension, { params: id(buyer.accountId), body: { suspended: true, reason: 'abnormal trading' } }],
      [alerts, {}],
      [reviewAlert, { params: id(1), body: { note: 'looked at it' } }],
      [largeHolders, {}],
      [getSettings, {}],
      [putSettings, { method: 'PUT', body: settings }],
      [summary, {}],
    ];
    await expectNothingChanged(async () => {
      for (const [handler, opts] of cases) await expectError(handler, { ...opts, token: t.seller }, 403, 'FORBIDDEN');
    });
  });

  it('serves the exchange operator, every answer parsing with its response schema', async () => {
    const op = { token: t.exchange };
    expect(instrumentCreateResultSchema.parse((await call(createInstrument, { ...op, body: { instrument: 'CEA', vintage: 2025, referencePrice: '60.00' } })).body)).toEqual({ symbol: 'CEA-2025' });
    await expectError(createInstrument, { ...op, body: { instrument: 'CEA', vintage: 2025, referencePrice: '60.00' } }, 409, 'INSTRUMENT_EXISTS');
    expect(referencePriceResultSchema.parse((await call(referencePrice, { ...op, params: sym('CEA-2025'), body: { referencePrice: '61.5' } })).body))
      .toEqual({ symbol: 'CEA-2025', referencePrice: '61.50' });
    expect(instrumentStatusResultSchema.parse((await call(instrumentStatus, { ...op, params: sym('CEA-2025'), body: { status: 'SUSPENDED', reason: 'risk warning' } })).body))
      .toEqual({ symbol: 'CEA-2025', status: 'SUSPENDED' });
    await expectError(placeOrder, { body: order('BUY', '61.50', 10, 'CEA-2025'), token: t.buyer }, 409, 'INSTRUMENT_SUSPENDED');

    const halted = await call(suspension, { ...op, params: id(third.accountId), body: { suspended: true, reason: 'abnormal trading' } });
    expect(participantSuspensionResultSchema.parse(halted.body)).toMatchObject({ registryAccountId: third.accountId, suspended: true });
    await expectError(placeOrder, { body: order('BUY', '50.00', 10), token: t.third }, 409, 'PARTICIPANT_SUSPENDED');
    const list = participantListSchema.parse((await call(participants, op)).body);
    expect(list.find((p) => p.registryAccountId === third.accountId)).toMatchObject({ suspended: true, suspensionReason: 'abnormal trading' });
    await call(suspension, { ...op, params: id(third.accountId), body: { suspended: false, reason: 'review closed' } });

    // The block trade at 65.00 sat on the block band's limit: an alert.
    const page = alertPageSchema.parse((await call(alerts, { ...op, path: '/api/v1/admin/alerts?status=OPEN' })).body);
    const bandAlert = page.items.find((a) => a.kind === 'BAND_LIMIT')!;
    expect(bandAlert.trades[0]).toMatchObject({ price: '65.00', quantity: 100_000 });
    const reviewed = await call(reviewAlert, { ...op, params: id(bandAlert.id), body: { note: 'agreed block price, documented' } });
    expect(reviewed.body).toEqual({ id: bandAlert.id, status: 'REVIEWED' });
    expect(alertPageSchema.parse((await call(alerts, { token: t.mee })).body).items.length).toBeGreaterThan(0);

    largeHolderPageSchema.parse((await call(largeHolders, op)).body);
    const settings = marketSettingsResponseSchema.parse((await call(getSettings, op)).body);
    const put = await call(putSettings, { ...op, method: 'PUT', body: { ...settings, listAndCancelThreshold: 4 } });
    expect(marketSettingsResponseSchema.parse(put.body)).toMatchObject({ feeRate: settings.feeRate, listAndCancelThreshold: 4 });
    // Open buy listings hold cash locked at the current rate.
    await expectError(putSettings, { ...op, method: 'PUT', body: { ...settings, feeRate: '0.001' } }, 409, 'FEE_RATE_IN_USE');
    const s = marketSummarySchema.parse((await call(summary, op)).body);
    expect(s).toMatchObject({ today: { trades: 3, volume: 100_500 } });
    expect(Number(s.feeIncome) + Number(s.riskReserve)).toBeGreaterThan(0);
  });
});
