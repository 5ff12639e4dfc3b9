import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { closeAuction, createAuction, placeBid, scheduleAuction } from '@/server/auction/auctions';
import type { Actor } from '@/server/identity/actor';
import { csvSpecs } from '@/server/http/csvSpecs';
import { listMovements } from '@/server/registry/queries';
import { accountStatement } from '@/server/registry/statement';
import { decideNonTradeTransfer, issue, requestNonTradeTransfer, setAsideForAuction } from '@/server/registry/movements';
import { acceptBlockTrade, myBlockProposals, proposeBlockTrade } from '@/server/trading/blockTrades';
import { placeListing } from '@/server/trading/listings';
import { getClock } from '@/server/trading/market';
import { take } from '@/server/trading/takes';
import { controlClock } from '@/server/schedule/dueWork';
import type { AuctionCreateCommand } from '@/schemas/auction';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';
import { listInstrument, nextDay, openMarket } from '../../support/trading';

/**
 * The market is anonymous: no read model shows a participant another participant's identity unless
 * the rules name that counterparty. A holder's movements (and its statement) show its own legs, the
 * system accounts, its directed block trade's counterparty and a non-trade transfer's other side;
 * listed-trade and auction counterparts, co-winners and co-listers stay hidden. Regulators and
 * operators still see every account of an entry.
 */
let reg: Registry;
let a: Participant;
let b: Participant;
let c: Participant;
const who: Record<string, { number: string; name: string }> = {};
let day1: string;
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

const identity = async (p: Participant) => {
  const acc = await db().registryAccount.findUniqueOrThrow({ where: { id: p.accountId }, include: { organisation: true } });
  return { number: acc.number, name: acc.organisation!.name };
};

const movementsOf = async (actor: Actor, p: Participant, type?: 'TRADE_SETTLEMENT' | 'AUCTION_SETTLEMENT' | 'NON_TRADE_TRANSFER' | 'UNLOCK') =>
  (await listMovements(actor, p.accountId, { limit: 200, ...(type ? { type } : {}) })).items;

/** Nothing in the lines names `other`: neither its account number nor its name. */
const expectHidden = (lines: unknown, other: Participant) => {
  const text = JSON.stringify(lines);
  const id = who[other.accountId]!;
  expect(text).not.toContain(id.number);
  expect(text).not.toContain(id.name);
};

beforeAll(async () => {
  reg = await bootstrapRegistry();
  day1 = (await getClock()).tradingDay;
  a = await createParticipant(reg, { name: 'Anon Alpha Power', cea: { 2024: 400_000 }, cash: '30000000.00' });
  b = await createParticipant(reg, { name: 'Anon Beta Cement', cea: { 2024: 1_000 }, cash: '30000000.00' });
  c = await createParticipant(reg, { name: 'Anon Gamma Steel', cash: '30000000.00' });
  for (const p of [a, b, c]) who[p.accountId] = await identity(p);
  await listInstrument(reg, 2024, '50.00');
  await openMarket(reg);
});

describe('a listed trade between A and B', () => {
  it('shows neither side the other: an anonymous counterparty, the trade settled', async () => {
    const l = await placeListing(a.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 1_000 });
    await take(b.actor, { listingId: l.id, quantity: 600 });
    const mineA = await movementsOf(a.actor, a, 'TRADE_SETTLEMENT');
    expect(mineA).toHaveLength(1);
    expect(mineA[0]).toMatchObject({ available: 0, locked: -600, counterparties: [], anonymousCounterparty: true });
    expectHidden(mineA, b);
    // The CSV export says so in its language.
    const cell = csvSpecs.movements.values.counterparties;
    expect(cell(mineA[0]! as unknown as Record<string, unknown>, { lang: 'zh' })).toBe('匿名对手方');
    expect(cell(mineA[0]! as unknown as Record<string, unknown>, { lang: 'en' })).toBe('counterparty (anonymous)');
    const mineB = await movementsOf(b.actor, b, 'TRADE_SETTLEMENT');
    expect(mineB[0]).toMatchObject({ available: 600, counterparties: [], anonymousCounterparty: true });
    expectHidden(mineB, a);
  });

  it('a regulator and the registry operator still see both sides', async () => {
    for (const actor of [reg.regulators.GD, reg.mee, reg.registry]) {
      const lines = await movementsOf(actor, a, 'TRADE_SETTLEMENT');
      expect(lines[0]!.counterparties).toContain(who[b.accountId]!.number);
      expect(lines[0]!.anonymousCounterparty).toBe(false);
    }
  });
});

describe('a day-end release of listings of A and B', () => {
  it('shows A only its own release', async () => {
    await placeListing(a.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.10', quantity: 100 });
    await placeListing(b.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.20', quantity: 100 });
    await nextDay(reg);
    day1 = (await getClock()).tradingDay;
    const shared = await db().unitPosting.groupBy({ by: ['entryId'], where: { accountId: { in: [a.accountId, b.accountId] }, entry: { type: 'UNLOCK' } }, _count: { accountId: true } });
    expect(shared.some((s) => s._count.accountId >= 2)).toBe(true); // one entry releases both
    const mine = await movementsOf(a.actor, a, 'UNLOCK');
    expectHidden(mine, b);
    expect(mine.every((m) => !m.anonymousCounterparty)).toBe(true);
    const seen = await movementsOf(reg.regulators.GD, a, 'UNLOCK');
    expect(seen.flatMap((m) => m.counterparties)).toContain(who[b.accountId]!.number);
  });
});

describe('an auction with two winners', () => {
  it('shows a winner the auction account, not the other winner', async () => {
    await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 50_000, legalBasis: 'paid allocation 2025' });
    await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 50_000, legalBasis: 'paid allocation 2025' });
    const terms: AuctionCreateCommand = {
      title: 'Anonymity lot', instrument: 'CEA', vintage: 2025, quantity: 50_000, reservePrice: '50.00',
      opensAt: at(day1, '13:30'), closesAt: at(day1, '13:45'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null,
      pricing: 'UNIFORM', tieRule: 'PRO_RATA',
    };
    const { id } = await createAuction(reg.mee, terms);
    await scheduleAuction(reg.exchange, id);
    await controlClock(reg.exchange, { action: 'set', at: at(day1, '13:30') });
    await placeBid(a.actor, id, { price: '55.00', quantity: 20_000 });
    await placeBid(c.actor, id, { price: '52.00', quantity: 20_000 });
    await controlClock(reg.exchange, { action: 'set', at: at(day1, '13:45') });
    expect((await closeAuction(reg.exchange, id)).status).toBe('SETTLED');

    const auctionNumber = (await db().registryAccount.findFirstOrThrow({ where: { type: 'AUCTION' } })).number;
    const mine = await movementsOf(a.actor, a, 'AUCTION_SETTLEMENT');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ available: 20_000, counterparties: [auctionNumber], anonymousCounterparty: false });
    expectHidden(mine, c);
    expectHidden(await movementsOf(c.actor, c, 'AUCTION_SETTLEMENT'), a);

    const seen = await movementsOf(reg.mee, a, 'AUCTION_SETTLEMENT');
    expect(seen[0]!.counterparties).toEqual(expect.arrayContaining([auctionNumber, who[c.accountId]!.number]));
  });
});

describe('a directed block trade', () => {
  it('shows each side the counterparty it named or was named by', async () => {
    await controlClock(reg.exchange, { action: 'set', at: at(day1, '14:00') });
    const p = await proposeBlockTrade(a.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: c.accountId });
    await acceptBlockTrade(c.actor, p.id);
    const blockEntry = (await db().trade.findFirstOrThrow({ where: { kind: 'BLOCK', sellerAccountId: a.accountId } })).entryId.toString();
    const mineA = (await movementsOf(a.actor, a, 'TRADE_SETTLEMENT')).filter((m) => m.entryId === blockEntry);
    expect(mineA[0]).toMatchObject({ counterparties: [who[c.accountId]!.number], anonymousCounterparty: false });
    const mineC = (await movementsOf(c.actor, c, 'TRADE_SETTLEMENT')).filter((m) => m.entryId === blockEntry);
    expect(mineC[0]).toMatchObject({ counterparties: [who[a.accountId]!.number], anonymousCounterparty: false });
    // The listed trade with B stays anonymous on the same page.
    expectHidden(await movementsOf(a.actor, a), b);
  });

  it('an open offer names nobody to the others, and its maker sees it as its own', async () => {
    const offer = await proposeBlockTrade(a.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 100_000 });
    const seenByB = (await myBlockProposals(b.actor)).openOffers.find((o) => o.id === offer.id);
    expect(seenByB).toMatchObject({ open: true, initiatorAccountId: null });
    expectHidden(seenByB, a);
    expect((await myBlockProposals(a.actor)).outgoing.find((o) => o.id === offer.id)).toMatchObject({ initiatorAccountId: a.accountId });
  });
});

describe('a non-trade transfer', () => {
  it('shows both sides the other', async () => {
    const req = await requestNonTradeTransfer(a.actor, { toAccountId: b.accountId, instrument: 'CEA', vintage: 2024, quantity: 300, kind: 'DONATION', reason: 'donation to a sister plant', documentsRef: 'DOC-ANON-1' });
    await decideNonTradeTransfer(reg.registry, req.requestId, 'approve', 'documents checked');
    const mineA = await movementsOf(a.actor, a, 'NON_TRADE_TRANSFER');
    expect(mineA[0]!.counterparties).toEqual([who[b.accountId]!.number]);
    const mineB = await movementsOf(b.actor, b, 'NON_TRADE_TRANSFER');
    expect(mineB[0]!.counterparties).toEqual([who[a.accountId]!.number]);
  });
});

describe('the account statement', () => {
  it('hides the same counterparts as the movements, and not from a regulator', async () => {
    const period = { from: '2000-01-01', to: '2100-12-31' };
    const own = await accountStatement(a.actor, a.accountId, period);
    expectHidden(own.lines.filter((l) => l.type !== 'NON_TRADE_TRANSFER'), b);
    expect(own.lines.some((l) => l.type === 'TRADE_SETTLEMENT' && l.anonymousCounterparty)).toBe(true);
    const seen = await accountStatement(reg.regulators.GD, a.accountId, period);
    expect(seen.lines.filter((l) => l.type === 'TRADE_SETTLEMENT').flatMap((l) => l.counterparties)).toContain(who[b.accountId]!.number);
  });
});
