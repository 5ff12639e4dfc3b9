import { note, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type ListingStatus } from '@/generated/prisma/client';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { listerFeeForFill, tradeFee } from '@/domain/trading/fees';
import { statusesTrading } from '@/domain/registry/accountLifecycle';
import { isWithinBestLevels, oppositeSide, sweep, TAKEABLE_PRICE_LEVELS, type BookListing, type Fill, type Side } from '@/domain/trading/priceTimePriority';
import type { TakeCommand } from '@/schemas/trading';
import { db } from '@/db/client';
import { inPgTransaction } from '@/db/sql';
import { problem } from '@/domain/problems';
import { DomainError, fail } from '../errors';
import { claimKeys, type KeyClaim } from '../idempotency';
import { checkEntries, holdingKey, ledgerWriteArgs, planLotChanges, type LockedHolding, type LockedRows } from '../registry/ledger';
import { requestSigned } from '../requestContext';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { instrumentFromColumn, lockOpenInstrument, requireOpen, type InstrumentColumn } from './instruments';
import { requireListedQuantity } from './listings';
import { submitToQueue, type Outcome } from './matchingQueue';
import { sessionIn } from './market';
import { positionLimitOf, positionLimitRefusal, requireCanTrade, saleRefusal, traderOf, type Trader, type TraderRow } from './participants';
import { exchangeCashAccounts, settlementEntries, tradeRecordArgs, type SettlementContext, type TradeToSettle } from './settlement';

/**
 * Takes (摘牌): the taker picks one listing within the best five price levels of the other side
 * ({ listingId, quantity }), or sweeps the best listings up to a limit price ({ symbol, side,
 * limitPrice, quantity }) in price-time priority, never beyond the fifth level. Always at the
 * lister's price. Takes of an instrument run through its matching queue (matchingQueue.ts): the
 * takes that arrived together execute in arrival order in ONE transaction under the instrument
 * lock, each settling DvP as its own journal entry — so concurrent takes can never overfill a
 * listing nor overdraw an account, and a refused take changes nothing.
 */

export interface TakeResult {
  symbol: string;
  side: Side;
  requested: number;
  filled: number;
  averagePrice: string;
  amount: string;
  fees: string;
  entryId: string;
  trades: { id: string; listingId: string; price: string; quantity: number; amount: string; fee: string }[];
}

interface TakeJob {
  actor: Actor;
  cmd: TakeCommand;
  idempotencyKey?: string;
}


export async function take(actor: Actor, cmd: TakeCommand, opts: { idempotencyKey?: string } = {}): Promise<TakeResult> {
  requireListedQuantity(cmd.quantity);
  authorize(actor, 'trading.trade');
  // The session is checked by the batch, inside its transaction (sessionIn).
  let symbol: string;
  if ('listingId' in cmd) {
    const rows = await db().$queryRaw<{ symbol: string }[]>`SELECT symbol FROM listing WHERE id = ${BigInt(cmd.listingId)}`;
    if (!rows[0]) throw fail('NOT_FOUND', { what: 'listing', id: cmd.listingId });
    symbol = rows[0].symbol;
  } else {
    symbol = cmd.symbol;
  }
  return submitToQueue<TakeJob, TakeResult>(`take:${symbol}`, (jobs) => executeTakes(symbol, jobs), { actor, cmd, idempotencyKey: opts.idempotencyKey });
}

/** A listing of the book as take_batch_book reads it. */
interface BookRow {
  id: string;
  side: Side;
  account_id: number;
  price: string;
  quantity: number;
  remaining: number;
  locked_cash: string;
}

/** What take_batch_book returns: everything a batch decides on, locked (see the migration). */
interface Book {
  instrument: InstrumentColumn | null;
  takers: TraderRow[];
  listings: BookRow[];
  closed: Record<string, ListingStatus>;
  listers: TraderRow[];
  holdings: (Omit<LockedHolding, 'available' | 'locked' | 'pledged' | 'frozen'> & Record<'available' | 'locked' | 'pledged' | 'frozen', number>)[];
  cash: { id: number; available: string; locked: string; is_source: boolean }[];
  boughtToday: Record<string, number>;
  positions: { account_id: number; held: number; open_buys: number }[];
  lots: { account_id: number; vintage: number; project_id: number; quantity: number }[];
}

/** A listing as the batch sees it while it fills: its row, its lister and what is left. */
interface LiveListing {
  id: bigint;
  side: Side;
  lister: Trader;
  price: Decimal;
  remaining: bigint;
  filled: bigint;
  lockedCash: Decimal;
}

const party = (t: Trader) => ({ accountId: t.accountId, cashAccountId: t.cashAccountId, organisationId: t.organisationId, groupName: t.groupName });

/**
 * Executes the takes of one instrument that queued together, in arrival order, in one transaction
 * with two calls under the instrument lock: take_batch_book reads and locks the book, the parties
 * and their balances; the fills are decided here; settle_take_batch writes them. Each take is
 * checked against the book and balances as the takes before it left them; a refused take gets its
 * own error and changes nothing. Throws only if the batch as a whole cannot run.
 */
async function executeTakes(symbol: string, jobs: TakeJob[]): Promise<Outcome<TakeResult>[]> {
  // On node-postgres directly: the batch holds its instrument's lock across its statements.
  return inPgTransaction(async (tx) => {
    const outcomes: (Outcome<TakeResult> | null)[] = jobs.map(() => null);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });
    const refuseAll = (e: unknown) => {
      if (e instanceof DomainError) return jobs.map(() => ({ ok: false as const, error: e }));
      throw e;
    };
    let state;
    try {
      state = await sessionIn(tx, 'LISTED');
    } catch (e) {
      return refuseAll(e);
    }
    const rate = state.settings.feeRate;

    // Idempotency-Keys, under the instrument lock (two processes claiming one key must not wait on
    // each other's instrument): replays answer at once; keys repeated in the batch follow their first use.
    let claims: KeyClaim[] = jobs.map(() => ({ kind: 'none' }));
    if (jobs.some((j) => j.idempotencyKey)) {
      try {
        await lockOpenInstrument(tx, symbol, 'LISTED');
      } catch (e) {
        return refuseAll(e);
      }
      claims = await claimKeys(tx, jobs.map((j) => ({ actorUserId: j.actor.userId, key: j.idempotencyKey, scope: 'take', request: j.cmd })));
      claims.forEach((c, i) => {
        if (c.kind === 'replay') outcomes[i] = { ok: true, value: c.response as TakeResult };
        if (c.kind === 'refused') refuse(i, c.error);
      });
    }

    // The book: the best listings of each side some take needs (a side with picked listings to
    // beyond its takeable levels), the takers and listers, their holdings and cash, all locked.
    const need: Record<Side, bigint> = { BUY: 0n, SELL: 0n };
    const picks: bigint[] = [];
    jobs.forEach((j, i) => {
      if (outcomes[i] || claims[i]!.kind === 'follow') return;
      if ('listingId' in j.cmd) picks.push(BigInt(j.cmd.listingId));
      else need[oppositeSide(j.cmd.side)] += BigInt(j.cmd.quantity);
    });
    const exchange = await exchangeCashAccounts(tx);
    const [{ book }] = await tx.$queryRaw<[{ book: Book }]>`
      SELECT take_batch_book(${symbol}, ${[...new Set(jobs.map((j) => j.actor.organisationId))]}::int[], ${need.BUY}::bigint, ${need.SELL}::bigint,
        ${picks}::bigint[], ${statusesTrading('BUY')}::text[], ${statusesTrading('SELL')}::text[], ${TAKEABLE_PRICE_LEVELS}::int,
        ${state.tradingDay}::date, ${state.settings.entityPositionLimit !== null || state.settings.investorPositionLimit !== null},
        ${exchange.fees}::int, ${exchange.risk}::int) AS book`;
    let instrument;
    let band;
    try {
      ({ instrument, band } = requireOpen(instrumentFromColumn(book.instrument), symbol, 'LISTED'));
    } catch (e) {
      return refuseAll(e);
    }
    const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol };
    const ctx: SettlementContext = { ...asset, band, actorUserId: jobs[0]!.actor.userId, feeAccountId: exchange.fees, riskReserveAccountId: exchange.risk };

    const takers = new Map(book.takers.map(traderOf).map((t) => [t.organisationId, t]));
    const listers = new Map(book.listers.map(traderOf).map((t) => [t.accountId, t]));
    const live = new Map<bigint, LiveListing>(book.listings.map((r) => [BigInt(r.id), {
      id: BigInt(r.id), side: r.side, lister: listers.get(r.account_id)!, price: new Decimal(r.price),
      remaining: BigInt(r.remaining), filled: BigInt(r.quantity - r.remaining), lockedCash: new Decimal(r.locked_cash),
    }]));
    const held: LockedRows['holdings'] = new Map(book.holdings.map((h) => [holdingKey({ accountId: h.account_id, instrument: h.instrument, vintage: h.vintage }), {
      ...h, available: BigInt(h.available), locked: BigInt(h.locked), pledged: BigInt(h.pledged), frozen: BigInt(h.frozen),
    }]));
    const cashRows: LockedRows['cash'] = new Map(book.cash.map((c) => [c.id, { ...c, available: new Prisma.Decimal(c.available), locked: new Prisma.Decimal(c.locked) }]));
    const available = new Map([...held.values()].map((h) => [h.account_id, h.available]));
    const cash = new Map(book.cash.map((c) => [c.id, new Decimal(c.available)]));
    const today = new Map(Object.entries(book.boughtToday).map(([id, q]) => [Number(id), BigInt(q)]));
    const positions = new Map(book.positions.map((p) => [p.account_id, { position: BigInt(p.held), openBuys: BigInt(p.open_buys) }]));

    const groups: { index: number; actorUserId: number; trades: TradeToSettle[]; memo: Note }[] = [];
    const changed = new Map<bigint, LiveListing>();
    jobs.forEach((job, i) => {
      if (outcomes[i] || claims[i]!.kind === 'follow') return;
      try {
        const taker = takers.get(job.actor.organisationId);
        if (!taker) throw fail('NOT_FOUND', { what: 'account', id: null });
        const quantity = BigInt(job.cmd.quantity);
        const takerSide: Side = 'listingId' in job.cmd ? oppositeSide(live.get(BigInt(job.cmd.listingId))?.side ?? 'BUY') : job.cmd.side;
        requireCanTrade(taker, 'OWN', takerSide);
        const listingSide = oppositeSide(takerSide);
        const bookSide: BookListing[] = [...live.values()]
          .filter((l) => l.side === listingSide && l.remaining > 0n)
          .map((l) => ({ id: l.id, side: l.side, price: l.price, remaining: l.remaining, sequence: l.id }));

        let fills: Fill[];
        if ('listingId' in job.cmd) {
          const picked = BigInt(job.cmd.listingId);
          const target = live.get(picked);
          const closedStatus = book.closed[picked.toString()];
          if (!target && closedStatus === 'OPEN') {
            throw fail('OUTSIDE_BEST_FIVE_LEVELS', { id: picked.toString(), price: null, levels: TAKEABLE_PRICE_LEVELS });
          }
          if (!target || target.remaining === 0n) {
            throw fail('LISTING_NOT_OPEN', { id: picked.toString(), status: target ? 'FILLED' : (closedStatus ?? null), doing: 'TAKE' });
          }
          if (!isWithinBestLevels(bookSide, target.price)) {
            throw fail('OUTSIDE_BEST_FIVE_LEVELS', { id: picked.toString(), price: target.price.toFixed(2), levels: TAKEABLE_PRICE_LEVELS });
          }
          // The quantity traded is what the taker declares, up to what the listing has left.
          fills = [{ listingId: picked, price: target.price, quantity: quantity < target.remaining ? quantity : target.remaining }];
        } else {
          const limit = parsePrice(job.cmd.limitPrice);
          fills = sweep(bookSide, takerSide, limit, quantity);
          if (fills.length === 0) {
            throw fail('NOTHING_TO_TAKE', { symbol, side: takerSide, limit: limit.toFixed(2), levels: TAKEABLE_PRICE_LEVELS }, { limitPrice: problem('NO_LISTING_WITHIN_LIMIT') });
          }
        }
        const filled = fills.reduce((s, f) => s + f.quantity, 0n);

        // Compute the take's trades, then check the taker can pay or deliver, before changing anything.
        const trades: TradeToSettle[] = [];
        const updates: { l: LiveListing; q: bigint; listerFee: Decimal }[] = [];
        let takerPays = new Decimal(0);
        for (const f of fills) {
          const l = live.get(f.listingId)!;
          const listerFee = listerFeeForFill(f.price, l.filled, f.quantity, rate);
          const takerFee = tradeFee(f.price, f.quantity, rate);
          const buyerIsLister = l.side === 'BUY';
          if (!buyerIsLister) takerPays = takerPays.plus(priceTimesTonnes(f.price, f.quantity)).plus(takerFee);
          updates.push({ l, q: f.quantity, listerFee });
          trades.push({
            kind: 'LISTED', price: f.price, quantity: f.quantity,
            buyer: party(buyerIsLister ? l.lister : taker), seller: party(buyerIsLister ? taker : l.lister),
            buyerFee: buyerIsLister ? listerFee : takerFee, sellerFee: buyerIsLister ? takerFee : listerFee,
            sellerUnitsFrom: buyerIsLister ? 'AVAILABLE' : 'LOCKED', buyerCashFrom: buyerIsLister ? 'LOCKED' : 'AVAILABLE',
            aggressorSide: takerSide, listingId: l.id,
          });
        }
        if (takerSide === 'SELL') {
          const refusal = saleRefusal(asset, available.get(taker.accountId) ?? 0n, today.get(taker.accountId) ?? 0n, filled);
          if (refusal) throw refusal;
        } else {
          const p = positions.get(taker.accountId) ?? { position: 0n, openBuys: 0n };
          const refusal = positionLimitRefusal(symbol, positionLimitOf(state, taker), p.position, p.openBuys, filled);
          if (refusal) throw refusal;
          const balance = cash.get(taker.cashAccountId) ?? new Decimal(0);
          if (balance.lt(takerPays)) {
            throw fail('INSUFFICIENT_CASH', { cashAccountId: null, available: balance.toFixed(2), needed: takerPays.toFixed(2) }, { amount: problem('FIELD_CASH_SHORT', { available: balance.toFixed(2) }) });
          }
        }

        // Accepted: apply it to the batch's view of the book and balances.
        for (const u of updates) {
          u.l.remaining -= u.q;
          u.l.filled += u.q;
          if (u.l.side === 'BUY') u.l.lockedCash = u.l.lockedCash.minus(priceTimesTonnes(u.l.price, u.q)).minus(u.listerFee);
          changed.set(u.l.id, u.l);
        }
        for (const t of trades) {
          available.set(t.buyer.accountId, (available.get(t.buyer.accountId) ?? 0n) + t.quantity);
          today.set(t.buyer.accountId, (today.get(t.buyer.accountId) ?? 0n) + t.quantity);
          if (t.sellerUnitsFrom === 'AVAILABLE') available.set(t.seller.accountId, (available.get(t.seller.accountId) ?? 0n) - t.quantity);
          const p = positions.get(t.buyer.accountId);
          if (p) p.position += t.quantity;
          const amount = priceTimesTonnes(t.price, t.quantity);
          if (t.buyerCashFrom === 'AVAILABLE') cash.set(t.buyer.cashAccountId, (cash.get(t.buyer.cashAccountId) ?? new Decimal(0)).minus(amount).minus(t.buyerFee));
          cash.set(t.seller.cashAccountId, (cash.get(t.seller.cashAccountId) ?? new Decimal(0)).plus(amount).minus(t.sellerFee));
        }
        groups.push({ index: i, actorUserId: job.actor.userId, trades, memo: note('TAKE', { quantity: Number(filled), symbol, fills: fills.length }) });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        refuse(i, e);
      }
    });

    // Write: the entries (checked against the rows locked above, unchanged since), the trades, the
    // listings, each take's result on its key and in the audit trail, in ONE call sent with the COMMIT.
    const failedKeys = claims.flatMap((c, i) => (c.kind === 'claimed' && outcomes[i]?.ok === false ? [c.id] : []));
    if (groups.length > 0 || failedKeys.length > 0) {
      const entries = settlementEntries(state, ctx, groups);
      checkEntries(entries, { holdings: held, cash: cashRows });
      const lots = planLotChanges(entries, held, book.lots.map((l) => ({ ...l, quantity: BigInt(l.quantity) })));
      const keyOf = (i: number) => {
        const c = claims[i]!;
        return c.kind === 'claimed' ? c.id : null;
      };
      const [{ results }] = await tx.$queryRawAndCommit<[{ results: TakeResult[] }]>(Prisma.sql`
        SELECT settle_take_batch(${ledgerWriteArgs(entries)},
          ${lots.map((x) => x.ord)}::int[], ${lots.map((x) => x.accountId)}::int[], ${lots.map((x) => x.vintage)}::int[], ${lots.map((x) => x.projectId)}::int[], ${lots.map((x) => x.quantity)}::bigint[],
          ${groups.flatMap((g, n) => g.trades.map(() => n))}::int[], ${tradeRecordArgs(state, ctx, groups)},
          ${[...changed.keys()]}::bigint[], ${[...changed.values()].map((l) => l.remaining)}::bigint[], ${[...changed.values()].map((l) => l.lockedCash.toFixed(2))}::numeric[],
          ${groups.map((g) => jobs[g.index]!.actor.organisationId)}::int[], ${groups.map((g) => jobs[g.index]!.cmd.quantity)}::int[], ${groups.map((g) => keyOf(g.index))}::int[],
          ${failedKeys}::int[], ${requestSigned()}) AS results`);
      groups.forEach((g, n) => (outcomes[g.index] = { ok: true, value: results[n]! }));
    }
    claims.forEach((c, i) => {
      if (c.kind === 'follow') outcomes[i] = outcomes[c.index] ?? { ok: false, error: fail('IDEMPOTENCY_KEY_IN_USE', {}) };
    });
    return outcomes.map((o) => o!);
  });
}
