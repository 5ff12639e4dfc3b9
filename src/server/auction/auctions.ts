import { note, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type Auction, type AuctionBid } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { clearAuction } from '@/domain/auction/clearing';
import { bidGuarantee, type GuaranteeRule } from '@/domain/auction/guarantee';
import { can } from '@/domain/identity/permissions';
import { problem } from '@/domain/problems';
import type { AuctionStep } from '@/domain/problems/auction';
import { formatMarketTime, fromMarketTime, toMarketTime } from '@/domain/trading/calendar';
import type { AuctionCreateCommand, BidCommand } from '@/schemas/auction';
import { fail } from '../errors';
import { idempotent } from '../idempotency';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { notifyAuctionsOpened } from '../notifications/triggers';
import { inTransaction, marketNow as marketNowIn, type Tx } from '../tx';
import { systemAccountId } from '../registry/accounts';
import { lockCashAccounts, postEntry, unitMove, type CashLeg, type UnitLeg } from '../registry/ledger';
import { marketState } from '../trading/market';
import { actingTrader } from '../trading/participants';

/**
 * One-way buying auctions (单向竞买, DOMAIN §4): the national regulator (paid allocation) or the
 * exchange operator announces a lot of the auction account; participants bid sealed while the
 * window is open on the market clock; the exchange operator closes it: the pure clearing engine
 * allocates, and one journal entry settles everything.
 *
 * DRAFT → SCHEDULED (units locked in the auction account) → OPEN (at the opening time, or opened
 * by the operator) → CLOSED (the window has ended) → SETTLED; CANCELLED before it opens. The
 * time-driven steps (`applyAuctionWindows`) run with the other due work (src/server/schedule) and at
 * the start of every auction use case, audited as the system; reading auctions changes nothing.
 *
 * Sealed bids: nobody but the bidder sees a bid before the close (operators and regulators see
 * counts). The audit trail therefore records bid ids only until the settlement, whose audit record
 * carries every bid's price, quantity and result.
 */

/** An instant as the market clock shows it (Beijing): "2026-11-23 15:00". */
const marketTimeOf = (d: Date) => formatMarketTime(toMarketTime(d));

async function marketNow(): Promise<Date> {
  return fromMarketTime((await marketState()).now);
}

const asset = (a: Pick<Auction, 'instrument' | 'vintage'>) => ({ instrument: a.instrument, vintage: a.vintage });
const symbol = (a: Pick<Auction, 'instrument' | 'vintage'>) => `${a.instrument}-${a.vintage}`;
const guaranteeRule = (a: Pick<Auction, 'guaranteePercent'>): GuaranteeRule =>
  a.guaranteePercent === null ? { kind: 'FULL' } : { kind: 'PERCENT', percent: a.guaranteePercent.toString() };

/** Moves auctions whose time has come: SCHEDULED → OPEN at the opening time, OPEN → CLOSED at the closing time. */
async function syncStatuses(tx: Tx, now: Date): Promise<number> {
  const changed = await tx.$queryRaw<{ id: number; status: string }[]>`
    UPDATE auction SET status = CASE WHEN closes_at <= ${now} THEN 'CLOSED'::"AuctionStatus" ELSE 'OPEN'::"AuctionStatus" END,
                       opened_at = coalesce(opened_at, ${now}),
                       closed_at = CASE WHEN closes_at <= ${now} THEN ${now} ELSE closed_at END
     WHERE (status = 'SCHEDULED' AND opens_at <= ${now}) OR (status = 'OPEN' AND closes_at <= ${now})
    RETURNING id, status::text`;
  for (const c of changed) {
    await recordAudit(tx, null, { action: `auction.${c.status.toLowerCase()}`, targetType: 'auction', targetId: c.id, after: { status: c.status, at: now.toISOString() } });
  }
  // Those who may bid learn that bidding opened (issue 13 §7); an auction whose whole window passed goes straight to CLOSED.
  await notifyAuctionsOpened(tx, changed.filter((c) => c.status === 'OPEN').map((c) => c.id));
  return changed.length;
}

/**
 * Opens and closes the auctions whose window starts or ends by now on the market clock; returns how
 * many changed. Idempotent and safe with several processes (one UPDATE re-checks each row's status).
 */
export async function applyAuctionWindows(now: Date): Promise<number> {
  // Most writes find nothing due: one read then, no transaction.
  const due = await db().$queryRaw<{ due: boolean }[]>`SELECT ${auctionWindowsDue(now)} AS due`;
  return due[0]?.due ? inTransaction((tx) => syncStatuses(tx, now)) : 0;
}

/** True (in SQL) when an auction window opened or closed by `now` and its status has not followed yet. */
export const auctionWindowsDue = (now: Date | Prisma.Sql): Prisma.Sql =>
  Prisma.sql`EXISTS (SELECT 1 FROM auction WHERE (status = 'SCHEDULED' AND opens_at <= ${now}) OR (status = 'OPEN' AND closes_at <= ${now}))`;

async function lockAuction(tx: Tx, id: number, mode: 'share' | 'update'): Promise<Auction> {
  const rows = mode === 'update'
    ? await tx.$queryRaw<{ id: number }[]>`SELECT id FROM auction WHERE id = ${id} FOR UPDATE`
    : await tx.$queryRaw<{ id: number }[]>`SELECT id FROM auction WHERE id = ${id} FOR SHARE`;
  if (rows.length === 0) throw fail('NOT_FOUND', { what: 'auction', id });
  return tx.auction.findUniqueOrThrow({ where: { id } });
}

function requireStatus(a: Auction, allowed: Auction['status'][], step: AuctionStep): void {
  if (!allowed.includes(a.status)) throw fail('AUCTION_STATUS', { id: a.id, status: a.status, step });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle (announcers and the exchange operator)
// ---------------------------------------------------------------------------------------------

export async function createAuction(actor: Actor, cmd: AuctionCreateCommand): Promise<AuctionView> {
  authorize(actor, 'auctions.announce');
  const id = await inTransaction(async (tx) => {
    const row = await tx.auction.create({
      data: {
        title: cmd.title, titleZh: cmd.titleZh ?? null, instrument: cmd.instrument, vintage: cmd.vintage, quantity: BigInt(cmd.quantity), reservePrice: cmd.reservePrice,
        opensAt: new Date(cmd.opensAt), closesAt: new Date(cmd.closesAt), eligibility: cmd.eligibility,
        perBidderMax: cmd.perBidderMax === null ? null : BigInt(cmd.perBidderMax), guaranteePercent: cmd.guaranteePercent,
        pricing: cmd.pricing, tieRule: cmd.tieRule, createdById: actor.userId,
      },
    });
    await recordAudit(tx, actor, { action: 'auction.create', targetType: 'auction', targetId: row.id, after: cmd });
    return row.id;
  });
  return readAuction(actor, id);
}

/** Announces the auction: its units are locked in the auction account until the close (or a cancellation). */
export async function scheduleAuction(actor: Actor, id: number, opts: { idempotencyKey?: string } = {}): Promise<AuctionView> {
  authorize(actor, 'auctions.announce');
  const now = await marketNow();
  await inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'auction-schedule', request: { id } }, async () => {
    const a = await lockAuction(tx, id, 'update');
    requireStatus(a, ['DRAFT'], 'SCHEDULE');
    if (a.closesAt <= now) {
      const closesAt = marketTimeOf(a.closesAt);
      throw fail('WINDOW_PASSED', { closesAt }, { closesAt: problem('WINDOW_PASSED', { closesAt }) });
    }
    const auctionAccount = await systemAccountId(tx, 'AUCTION');
    try {
      await postEntry(tx, {
        type: 'LOCK', memo: note('AUCTION_OFFERED', { auction: a.id, title: a.title, titleZh: a.titleZh }), reference: `AUCTION-${a.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: auctionAccount, bucket: 'AVAILABLE' }, { accountId: auctionAccount, bucket: 'LOCKED' }, asset(a), a.quantity),
      });
    } catch (e) {
      if ((e as { code?: string }).code !== 'INSUFFICIENT_HOLDING') throw e;
      const held = await tx.holding.findUnique({ where: { accountId_instrument_vintage: { accountId: auctionAccount, instrument: a.instrument, vintage: a.vintage } } });
      const available = Number(held?.available ?? 0n);
      throw fail('AUCTION_ACCOUNT_SHORT', { asset: symbol(a), available, offered: Number(a.quantity) }, { quantity: problem('FIELD_AT_MOST', { max: available }) });
    }
    await tx.auction.update({ where: { id }, data: { status: 'SCHEDULED', scheduledById: actor.userId, scheduledAt: await marketNowIn(tx) } });
    await recordAudit(tx, actor, { action: 'auction.schedule', targetType: 'auction', targetId: id, after: { quantity: Number(a.quantity), asset: symbol(a) } });
    await syncStatuses(tx, now);
    return { id };
  }));
  return readAuction(actor, id);
}

/** The exchange operator opens a scheduled auction now (its window then starts now if it was to start later). */
export async function openAuction(actor: Actor, id: number): Promise<AuctionView> {
  authorize(actor, 'auctions.run');
  const now = await marketNow();
  await inTransaction(async (tx) => {
    await syncStatuses(tx, now);
    const a = await lockAuction(tx, id, 'update');
    requireStatus(a, ['SCHEDULED'], 'OPEN');
    await tx.auction.update({ where: { id }, data: { status: 'OPEN', openedAt: now, opensAt: a.opensAt < now ? a.opensAt : now } });
    await recordAudit(tx, actor, { action: 'auction.open', targetType: 'auction', targetId: id, before: { opensAt: a.opensAt.toISOString() }, after: { status: 'OPEN', at: now.toISOString() } });
    await notifyAuctionsOpened(tx, [id]);
  });
  return readAuction(actor, id);
}

/** Cancels an auction before it opens; a scheduled one's units are unlocked. */
export async function cancelAuction(actor: Actor, id: number, reason: string, opts: { idempotencyKey?: string } = {}): Promise<AuctionView> {
  authorize(actor, 'auctions.announce');
  const now = await marketNow();
  await inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'auction-cancel', request: { id, reason } }, async () => {
    await syncStatuses(tx, now);
    const a = await lockAuction(tx, id, 'update');
    requireStatus(a, ['DRAFT', 'SCHEDULED'], 'CANCEL');
    if (a.status === 'SCHEDULED') {
      const auctionAccount = await systemAccountId(tx, 'AUCTION');
      await postEntry(tx, {
        type: 'UNLOCK', memo: note('AUCTION_CANCELLED', { auction: a.id }), reference: `AUCTION-${a.id}`, actorUserId: actor.userId,
        units: unitMove({ accountId: auctionAccount, bucket: 'LOCKED' }, { accountId: auctionAccount, bucket: 'AVAILABLE' }, asset(a), a.quantity),
      });
    }
    await tx.auction.update({ where: { id }, data: { status: 'CANCELLED', cancelledAt: await marketNowIn(tx), cancelReason: reason } });
    await recordAudit(tx, actor, { action: 'auction.cancel', targetType: 'auction', targetId: id, before: { status: a.status }, after: { status: 'CANCELLED', reason } });
    return { id };
  }));
  return readAuction(actor, id);
}

// ---------------------------------------------------------------------------------------------
// Bids (eligible participants, while the window is open)
// ---------------------------------------------------------------------------------------------

/** The auction, locked FOR SHARE (the close waits for bids in flight), if it takes bids now. */
async function biddableAuction(tx: Tx, id: number, now: Date): Promise<Auction> {
  await syncStatuses(tx, now);
  const a = await lockAuction(tx, id, 'share');
  if (a.status === 'CLOSED' || a.status === 'SETTLED') throw fail('BIDDING_CLOSED', { id, closedAt: marketTimeOf(a.closesAt) });
  if (a.status !== 'OPEN') throw fail('BIDDING_NOT_OPEN', { id, status: a.status });
  return a;
}

function requireEligible(a: Auction, kind: string): void {
  if (a.eligibility === 'COMPLIANCE_ENTITIES' && kind !== 'COMPLIANCE_ENTITY') {
    throw fail('NOT_ELIGIBLE', { id: a.id });
  }
}

function requireAboveReserve(a: Auction, price: string): void {
  if (a.reservePrice !== null && new Decimal(price).lt(a.reservePrice.toString())) {
    const reserve = new Decimal(a.reservePrice.toString()).toFixed(2);
    throw fail('BELOW_RESERVE', { reserve }, { price: problem('BELOW_RESERVE', { reserve }) });
  }
}

async function requireWithinBidderMax(tx: Tx, a: Auction, organisationId: number, quantity: number, exceptBidId?: number): Promise<void> {
  if (a.perBidderMax === null) return;
  const rows = await tx.$queryRaw<{ q: bigint | null }[]>`
    SELECT sum(quantity)::bigint AS q FROM auction_bid
     WHERE auction_id = ${a.id} AND organisation_id = ${organisationId} AND status = 'ACTIVE' AND id <> ${exceptBidId ?? 0}`;
  const already = Number(rows[0]?.q ?? 0n);
  if (already + quantity > Number(a.perBidderMax)) {
    const max = Number(a.perBidderMax);
    throw fail('PER_BIDDER_MAX', { id: a.id, max, already }, { quantity: problem('FIELD_AT_MOST', { max: Math.max(max - already, 0) }) });
  }
}

/** Locks (positive) or releases (negative) guarantee cash in the bidder's cash account, refusing clearly when it is short. */
async function moveGuarantee(tx: Tx, actor: Actor, a: Auction, cashAccountId: number, delta: Decimal, memo: Note): Promise<void> {
  if (delta.isZero()) return;
  const [cash] = [...(await lockCashAccounts(tx, [cashAccountId])).values()];
  if (delta.isPositive() && cash && new Decimal(cash.available.toString()).lt(delta)) {
    const available = new Decimal(cash.available.toString()).toFixed(2);
    throw fail('INSUFFICIENT_CASH', { cashAccountId: null, available, needed: delta.toFixed(2) }, { quantity: problem('FIELD_CASH_SHORT', { available }) });
  }
  await postEntry(tx, {
    type: delta.isPositive() ? 'LOCK' : 'UNLOCK', memo, reference: `AUCTION-${a.id}`, actorUserId: actor.userId,
    cash: [
      { cashAccountId, bucket: 'AVAILABLE', amount: delta.negated() },
      { cashAccountId, bucket: 'LOCKED', amount: delta },
    ],
  });
}

export async function placeBid(actor: Actor, auctionId: number, cmd: BidCommand, opts: { idempotencyKey?: string } = {}): Promise<BidView> {
  const now = await marketNow();
  // The key is claimed first: a concurrent duplicate waits on it, then replays the first bid.
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'auction-bid', request: { auctionId, ...cmd } }, async () => {
    const trader = await actingTrader(tx, actor, 'BUY');
    const a = await biddableAuction(tx, auctionId, now);
    requireEligible(a, trader.organisationKind);
    requireAboveReserve(a, cmd.price);
    // The cash account row lock serializes one bidder's bids; the maximum is checked under it.
    await lockCashAccounts(tx, [trader.cashAccountId]);
    await requireWithinBidderMax(tx, a, trader.organisationId, cmd.quantity);
    const guarantee = new Decimal(bidGuarantee(guaranteeRule(a), cmd.price, cmd.quantity));
    await moveGuarantee(tx, actor, a, trader.cashAccountId, guarantee, note('AUCTION_GUARANTEE', { auction: a.id, change: 'lock' }));
    const bid = await tx.auctionBid.create({
      data: {
        auctionId: a.id, organisationId: trader.organisationId, accountId: trader.accountId, cashAccountId: trader.cashAccountId, placedById: actor.userId,
        price: cmd.price, quantity: BigInt(cmd.quantity), guarantee: guarantee.toFixed(2),
      },
    });
    await recordAudit(tx, actor, { action: 'auction.bid.place', targetType: 'auction_bid', targetId: bid.id, after: { auctionId: a.id, bidId: bid.id } });
    return bidView(bid);
  }));
}

/**
 * Runs `fn` on the caller's own ACTIVE bid while the auction takes bids. The bidder's cash account
 * row is locked before the bid is read, so two changes of one bid (say, two withdrawals) run one
 * after the other and the second sees the first's result.
 */
async function onOwnActiveBid<T>(
  actor: Actor, auctionId: number, bidId: number, idem: { key: string | undefined; scope: string; request: unknown },
  fn: (tx: Tx, a: Auction, bid: AuctionBid) => Promise<T>,
): Promise<T> {
  const now = await marketNow();
  return inTransaction(async (tx) => idempotent(tx, actor.userId, idem, async () => {
    const trader = await actingTrader(tx, actor, 'BUY');
    const a = await biddableAuction(tx, auctionId, now);
    await lockCashAccounts(tx, [trader.cashAccountId]);
    const bid = await tx.auctionBid.findUnique({ where: { id: bidId } });
    // Another organisation's bid is "not found": bids are sealed.
    if (!bid || bid.auctionId !== auctionId || bid.organisationId !== actor.organisationId) throw fail('NOT_FOUND', { what: 'bid', id: bidId });
    if (bid.status !== 'ACTIVE') throw fail('BID_NOT_ACTIVE', { id: bidId, status: bid.status });
    return fn(tx, a, bid);
  }));
}

/** Amends price and/or quantity; the guarantee follows, and the bid takes a new place in time priority. */
export async function amendBid(actor: Actor, auctionId: number, bidId: number, cmd: BidCommand, opts: { idempotencyKey?: string } = {}): Promise<BidView> {
  return onOwnActiveBid(actor, auctionId, bidId, { key: opts.idempotencyKey, scope: 'auction-bid-amend', request: { auctionId, bidId, ...cmd } }, async (tx, a, bid) => {
    requireAboveReserve(a, cmd.price);
    await requireWithinBidderMax(tx, a, bid.organisationId, cmd.quantity, bid.id);
    const guarantee = new Decimal(bidGuarantee(guaranteeRule(a), cmd.price, cmd.quantity));
    await moveGuarantee(tx, actor, a, bid.cashAccountId, guarantee.minus(bid.guarantee.toString()), note('AUCTION_GUARANTEE', { auction: a.id, change: 'amend' }));
    await tx.$executeRaw`
      UPDATE auction_bid SET price = ${cmd.price}::numeric, quantity = ${cmd.quantity}, guarantee = ${guarantee.toFixed(2)}::numeric,
                             seq = nextval('auction_bid_seq_seq'), amended_at = now()
       WHERE id = ${bid.id}`;
    await recordAudit(tx, actor, { action: 'auction.bid.amend', targetType: 'auction_bid', targetId: bid.id, after: { auctionId: a.id, bidId: bid.id } });
    return bidView(await tx.auctionBid.findUniqueOrThrow({ where: { id: bid.id } }));
  });
}

export async function withdrawBid(actor: Actor, auctionId: number, bidId: number, opts: { idempotencyKey?: string } = {}): Promise<BidView> {
  return onOwnActiveBid(actor, auctionId, bidId, { key: opts.idempotencyKey, scope: 'auction-bid-withdraw', request: { auctionId, bidId } }, async (tx, a, bid) => {
    await moveGuarantee(tx, actor, a, bid.cashAccountId, new Decimal(bid.guarantee.toString()).negated(), note('AUCTION_GUARANTEE', { auction: a.id, change: 'release' }));
    const updated = await tx.auctionBid.update({ where: { id: bid.id }, data: { status: 'WITHDRAWN', withdrawnAt: await marketNowIn(tx) } });
    await recordAudit(tx, actor, { action: 'auction.bid.withdraw', targetType: 'auction_bid', targetId: bid.id, after: { auctionId: a.id, bidId: bid.id } });
    return bidView(updated);
  });
}

// ---------------------------------------------------------------------------------------------
// Close: clear, settle, publish (exchange operator)
// ---------------------------------------------------------------------------------------------

/**
 * Clears the bids with the pure engine and settles in ONE journal entry: the units sold leave the
 * auction account's locked bucket for the winners; each winner pays from its locked guarantee (and,
 * with a partial guarantee, the rest from its available cash) into the auction proceeds; every
 * guarantee not used is released; unsold units are unlocked back to the auction account. A winner
 * that cannot pay (possible only with a partial guarantee) defaults: its award goes unsold and its
 * guarantee is forfeited to the proceeds.
 */
export async function closeAuction(actor: Actor, id: number, opts: { idempotencyKey?: string } = {}): Promise<AuctionView> {
  authorize(actor, 'auctions.run');
  // The settlement's trading day puts the units won under T+1, like units bought on the market.
  const state = await marketState();
  const now = fromMarketTime(state.now);
  const settlementDay = state.tradingDay;
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'auction-close', request: { id } }, async () => {
    await syncStatuses(tx, now);
    const a = await lockAuction(tx, id, 'update');
    if (a.status === 'OPEN') throw fail('WINDOW_OPEN', { id, closesAt: marketTimeOf(a.closesAt) });
    requireStatus(a, ['CLOSED'], 'CLOSE');
    const bids = await tx.auctionBid.findMany({ where: { auctionId: id, status: 'ACTIVE' }, orderBy: { id: 'asc' } });
    const cleared = clearAuction(
      { quantity: Number(a.quantity), reservePrice: a.reservePrice === null ? null : new Decimal(a.reservePrice.toString()).toFixed(2), pricing: a.pricing, tieRule: a.tieRule, perBidderMax: a.perBidderMax === null ? null : Number(a.perBidderMax) },
      bids.map((b) => ({ id: b.id, bidderId: b.organisationId, price: new Decimal(b.price.toString()).toFixed(2), quantity: Number(b.quantity), seq: Number(b.seq) })),
    );
    const awardOf = new Map(cleared.awards.map((w) => [w.bidId, w]));

    // What each bidder can pay: locked guarantees plus available cash (rows locked in id order).
    const cashRows = await lockCashAccounts(tx, bids.map((b) => b.cashAccountId));
    const spendable = new Map([...cashRows].map(([cid, c]) => [cid, new Decimal(c.available.toString())]));
    const auctionAccount = await systemAccountId(tx, 'AUCTION');
    const proceedsAccount = (await tx.cashAccount.findFirstOrThrow({ where: { type: 'AUCTION_PROCEEDS' } })).id;

    const units: UnitLeg[] = [];
    const cash: CashLeg[] = [];
    let proceeds = new Decimal(0);
    let sold = 0n;
    const results: { bid: AuctionBid; status: 'WON' | 'LOST' | 'DEFAULTED'; won: number; price: string | null; amount: string | null }[] = [];
    for (const bid of bids) {
      const award = awardOf.get(bid.id)!;
      const guarantee = new Decimal(bid.guarantee.toString());
      let amount = new Decimal(award.amount);
      let status: 'WON' | 'LOST' | 'DEFAULTED' = award.quantity > 0 ? 'WON' : 'LOST';
      if (status === 'WON') {
        const fromAvailable = Decimal.max(amount.minus(guarantee), 0);
        const left = spendable.get(bid.cashAccountId) ?? new Decimal(0);
        if (fromAvailable.gt(left)) status = 'DEFAULTED';
        else spendable.set(bid.cashAccountId, left.minus(fromAvailable));
      }
      // Payment (or the forfeited guarantee) to the proceeds; the rest of the guarantee released.
      const paid = status === 'WON' ? amount : status === 'DEFAULTED' ? guarantee : new Decimal(0);
      if (status === 'DEFAULTED') amount = new Decimal(0);
      if (!guarantee.isZero()) cash.push({ cashAccountId: bid.cashAccountId, bucket: 'LOCKED', amount: guarantee.negated() });
      const backToAvailable = guarantee.minus(paid);
      if (!backToAvailable.isZero()) cash.push({ cashAccountId: bid.cashAccountId, bucket: 'AVAILABLE', amount: backToAvailable });
      proceeds = proceeds.plus(paid);
      if (status === 'WON') {
        units.push({ ...asset(a), accountId: bid.accountId, bucket: 'AVAILABLE', quantity: BigInt(award.quantity) });
        sold += BigInt(award.quantity);
      }
      results.push({ bid, status, won: status === 'WON' ? award.quantity : 0, price: status === 'WON' ? award.price : null, amount: status === 'WON' ? amount.toFixed(2) : status === 'DEFAULTED' ? '0.00' : null });
    }
    if (!proceeds.isZero()) cash.push({ cashAccountId: proceedsAccount, bucket: 'AVAILABLE', amount: proceeds });
    units.push({ ...asset(a), accountId: auctionAccount, bucket: 'LOCKED', quantity: -a.quantity });
    const unsold = a.quantity - sold;
    if (unsold > 0n) units.push({ ...asset(a), accountId: auctionAccount, bucket: 'AVAILABLE', quantity: unsold });

    const entryId = await postEntry(tx, {
      type: 'AUCTION_SETTLEMENT', memo: note('AUCTION_SETTLED', { auction: a.id, title: a.title, titleZh: a.titleZh }), reference: `AUCTION-${a.id}`, actorUserId: actor.userId, units, cash,
    });
    // Every bid's result in one statement (20,000 bids at national scale).
    await tx.$executeRaw`
      UPDATE auction_bid b SET status = v.status, won_quantity = v.won, paid_price = v.price, amount = v.amount
        FROM unnest(${results.map((r) => r.bid.id)}::int[], ${results.map((r) => r.status)}::"AuctionBidStatus"[], ${results.map((r) => BigInt(r.won))}::bigint[],
                    ${results.map((r) => r.price)}::numeric[], ${results.map((r) => r.amount)}::numeric[]) AS v(id, status, won, price, amount)
       WHERE b.id = v.id`;
    const winners = new Set(results.filter((r) => r.status === 'WON').map((r) => r.bid.organisationId)).size;
    const clearingPrice = sold > 0n ? cleared.clearingPrice : null;
    await tx.auction.update({
      where: { id },
      data: {
        status: 'SETTLED', settledAt: await marketNowIn(tx), settledById: actor.userId, settlementEntryId: entryId, settlementDay: new Date(`${settlementDay}T00:00:00Z`), clearingPrice,
        quantitySold: sold, bidQuantity: BigInt(cleared.bidQuantity), coverageRatio: cleared.coverageRatio, bidders: cleared.bidders, winners, proceeds: proceeds.toFixed(2),
      },
    });
    await recordAudit(tx, actor, {
      action: 'auction.settle', targetType: 'auction', targetId: id,
      after: {
        entryId: entryId.toString(), clearingPrice, quantitySold: Number(sold), proceeds: proceeds.toFixed(2), coverageRatio: cleared.coverageRatio,
        bids: results.map((r) => ({ bidId: r.bid.id, organisationId: r.bid.organisationId, price: r.bid.price.toString(), quantity: Number(r.bid.quantity), status: r.status, won: r.won, amount: r.amount })),
      },
    });
    // Read through the transaction: under four eyes it is the approval's, not yet committed.
    return readAuction(actor, id, tx);
  }));
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

export interface BidView {
  id: number;
  price: string;
  quantity: number;
  guarantee: string;
  status: AuctionBid['status'];
  placedAt: string;
  amendedAt: string | null;
  wonQuantity: number | null;
  paidPrice: string | null;
  amount: string | null;
}

function bidView(b: AuctionBid): BidView {
  return {
    id: b.id, price: new Decimal(b.price.toString()).toFixed(2), quantity: Number(b.quantity), guarantee: new Decimal(b.guarantee.toString()).toFixed(2),
    status: b.status, placedAt: b.placedAt.toISOString(), amendedAt: b.amendedAt?.toISOString() ?? null,
    wonQuantity: b.wonQuantity === null ? null : Number(b.wonQuantity), paidPrice: b.paidPrice === null ? null : new Decimal(b.paidPrice.toString()).toFixed(2),
    amount: b.amount === null ? null : new Decimal(b.amount.toString()).toFixed(2),
  };
}

export interface AuctionView {
  id: number;
  title: string;
  /** The title in Chinese, when the announcer gave one. */
  titleZh: string | null;
  instrument: Auction['instrument'];
  vintage: number;
  quantity: number;
  reservePrice: string | null;
  opensAt: string;
  closesAt: string;
  eligibility: Auction['eligibility'];
  perBidderMax: number | null;
  guaranteePercent: string | null;
  pricing: Auction['pricing'];
  tieRule: Auction['tieRule'];
  status: Auction['status'];
  cancelReason: string | null;
  activity: { bids: number; bidders: number } | null;
  result: {
    clearingPrice: string | null; quantitySold: number; unsold: number; bidQuantity: number; coverageRatio: string; bidders: number; winners: number; proceeds: string; settledAt: string;
  } | null;
  myBids: BidView[];
}

const money = (d: Prisma.Decimal | null) => (d === null ? null : new Decimal(d.toString()).toFixed(2));

function auctionView(a: Auction, activity: AuctionView['activity'], myBids: AuctionBid[]): AuctionView {
  return {
    id: a.id, title: a.title, titleZh: a.titleZh, instrument: a.instrument, vintage: a.vintage, quantity: Number(a.quantity), reservePrice: money(a.reservePrice),
    opensAt: a.opensAt.toISOString(), closesAt: a.closesAt.toISOString(), eligibility: a.eligibility,
    perBidderMax: a.perBidderMax === null ? null : Number(a.perBidderMax), guaranteePercent: a.guaranteePercent === null ? null : new Decimal(a.guaranteePercent.toString()).toFixed(4),
    pricing: a.pricing, tieRule: a.tieRule, status: a.status, cancelReason: a.cancelReason, activity,
    result: a.status === 'SETTLED'
      ? {
          clearingPrice: money(a.clearingPrice), quantitySold: Number(a.quantitySold ?? 0n), unsold: Number(a.quantity - (a.quantitySold ?? 0n)),
          bidQuantity: Number(a.bidQuantity ?? 0n), coverageRatio: new Decimal((a.coverageRatio ?? 0).toString()).toFixed(4), bidders: a.bidders ?? 0, winners: a.winners ?? 0,
          proceeds: money(a.proceeds) ?? '0.00', settledAt: a.settledAt!.toISOString(),
        }
      : null,
    myBids: myBids.map(bidView),
  };
}

/**
 * Auctions as the caller may see them: everyone (signed in or not) the announced ones and the
 * published results; operators and regulators also drafts and live counts; a participant its own
 * bids. Newest window first.
 */
export async function listAuctions(actor: Actor | null, filter: { status?: Auction['status'] } = {}): Promise<AuctionView[]> {
  const overseer = isOverseer(actor);
  if (filter.status === 'DRAFT' && !overseer) return [];
  const rows = await db().auction.findMany({
    where: filter.status ? { status: filter.status } : overseer ? {} : { status: { not: 'DRAFT' } },
    orderBy: [{ opensAt: 'desc' }, { id: 'desc' }],
    take: 200,
  });
  return viewsOf(actor, rows);
}

export async function getAuction(actor: Actor | null, id: number): Promise<AuctionView> {
  return readAuction(actor, id);
}

/** Who sees drafts and the live counters (operators and regulators: `auctions.oversee`). */
const isOverseer = (actor: Actor | null) => actor !== null && can(actor.roles, 'auctions.oversee');

/** One auction as the caller may see it. */
/** One auction as `actor` sees it; `client` is the use case's transaction where it must see its own writes. */
async function readAuction(actor: Actor | null, id: number, client: Tx | ReturnType<typeof db> = db()): Promise<AuctionView> {
  const a = await client.auction.findUnique({ where: { id } });
  if (!a || (a.status === 'DRAFT' && !isOverseer(actor))) throw fail('NOT_FOUND', { what: 'auction', id });
  return (await viewsOf(actor, [a], client))[0]!;
}

/** The views of `rows`: live counts for overseers (never prices), and the caller's own bids. */
async function viewsOf(actor: Actor | null, rows: Auction[], client: Tx | ReturnType<typeof db> = db()): Promise<AuctionView[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const overseer = isOverseer(actor);
  const counts = overseer
    ? await client.$queryRaw<{ auction_id: number; bids: bigint; bidders: bigint }[]>`
        SELECT auction_id, count(*) AS bids, count(DISTINCT organisation_id) AS bidders
          FROM auction_bid WHERE auction_id IN (${Prisma.join(ids)}) AND status <> 'WITHDRAWN' GROUP BY auction_id`
    : [];
  const countOf = new Map(counts.map((c) => [c.auction_id, { bids: Number(c.bids), bidders: Number(c.bidders) }]));
  const mine = actor ? await client.auctionBid.findMany({ where: { auctionId: { in: ids }, organisationId: actor.organisationId }, orderBy: { id: 'asc' } }) : [];
  return rows.map((a) => auctionView(a, overseer ? (countOf.get(a.id) ?? { bids: 0, bidders: 0 }) : null, mine.filter((b) => b.auctionId === a.id)));
}
