import { note, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { listerFeeForFill, tradeFee } from '@/domain/trading/fees';
import { statusesTrading } from '@/domain/registry/accountLifecycle';
import { isWithinBestLevels, oppositeSide, sweep, TAKEABLE_PRICE_LEVELS, type BookListing, type Fill, type Side } from '@/domain/trading/priceTimePriority';
import type { TakeCommand } from '@/schemas/trading';
import { db } from '@/db/client';
import { inPgTransaction } from '@/db/sql';
import { problem } from '@/domain/problems';
import { DomainError, fail } from '../errors';
import { recordAudits } from '../audit/audit';
import { claimKeys, settleKeys } from '../idempotency';
import { lockCashAccounts, lockHoldings } from '../registry/ledger';
import type { Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { lockOpenInstrument } from './instruments';
import { requireListedQuantity, type ListingRow } from './listings';
import { submitToQueue, type Outcome } from './matchingQueue';
import { sessionIn } from './market';
import { boughtTodayBy, loadTraders, positionLimitOf, positionLimitRefusal, positionsOf, requireCanTrade, saleRefusal, type Trader } from './participants';
import { settleTradeGroups, settlementContext, type TradeToSettle } from './settlement';

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


/**
 * The best open listings of one side whose listers may trade that side (their account's status lets the units leave or come in; not suspended), best first,
 * locked. The window grows until it holds `quantity` t or more than the five takeable price levels.
 */
async function lockBestListings(tx: Tx, symbol: string, side: Side, quantity: bigint): Promise<ListingRow[]> {
  const order = side === 'SELL' ? 'l.price ASC, l.id ASC' : 'l.price DESC, l.id ASC';
  for (let window = 32; ; window *= 4) {
    const rows = await tx.$queryRawUnsafe<ListingRow[]>(
      `SELECT l.id, l.symbol, l.side, l.account_id, l.cash_account_id, l.user_id, l.price, l.quantity, l.remaining, l.locked_cash, l.status,
              to_char(l.trading_day, 'YYYY-MM-DD') AS trading_day, l.created_at FROM listing l
         JOIN registry_account a ON a.id = l.account_id AND a.status = ANY($3::"AccountStatus"[])
         JOIN trading_account t ON t.registry_account_id = a.id AND NOT t.suspended
        WHERE l.symbol = $1 AND l.side = $2::"OrderSide" AND l.status = 'OPEN'
        ORDER BY ${order} LIMIT ${window} FOR UPDATE OF l`,
      symbol, side, statusesTrading(side),
    );
    const levels = new Set(rows.map((r) => r.price.toString()));
    const total = rows.reduce((s, r) => s + r.remaining, 0n);
    if (rows.length < window || total >= quantity || levels.size > TAKEABLE_PRICE_LEVELS) return rows;
  }
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

/** A listing as the batch sees it while it fills: its row, its lister and what is left. */
interface LiveListing {
  row: ListingRow;
  lister: Trader;
  price: Decimal;
  remaining: bigint;
  filled: bigint;
  lockedCash: Decimal;
}

const party = (t: Trader) => ({ accountId: t.accountId, cashAccountId: t.cashAccountId, organisationId: t.organisationId, groupName: t.groupName });

/**
 * Executes the takes of one instrument that queued together, in arrival order, in one transaction.
 * Each take is checked against the book and balances as the takes before it left them; a refused
 * take gets its own error and changes nothing. Throws only if the batch as a whole cannot run.
 */
async function executeTakes(symbol: string, jobs: TakeJob[]): Promise<Outcome<TakeResult>[]> {
  // On node-postgres directly: the batch holds its instrument's lock across its statements.
  return inPgTransaction(async (tx) => {
    const outcomes: (Outcome<TakeResult> | null)[] = jobs.map(() => null);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });
    let state;
    let instrument;
    let band;
    try {
      state = await sessionIn(tx, 'LISTED');
      // The instrument lock is taken as the instrument is read (locks.ts: after the day-end lock).
      ({ instrument, band } = await lockOpenInstrument(tx, symbol, 'LISTED'));
    } catch (e) {
      if (e instanceof DomainError) return jobs.map(() => ({ ok: false as const, error: e }));
      throw e;
    }
    const rate = state.settings.feeRate;
    const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol };

    // Idempotency-Keys: replays answer at once; keys repeated in the batch follow their first use.
    const claims = await claimKeys(tx, jobs.map((j) => ({ actorUserId: j.actor.userId, key: j.idempotencyKey, scope: 'take', request: j.cmd })));
    claims.forEach((c, i) => {
      if (c.kind === 'replay') outcomes[i] = { ok: true, value: c.response as TakeResult };
      if (c.kind === 'refused') refuse(i, c.error);
    });

    // The takers, then the book: the best listings of each side some take needs, and picked ones.
    const takers = new Map((await loadTraders(tx, Prisma.sql`a.organisation_id IN (${Prisma.join([...new Set(jobs.map((j) => j.actor.organisationId))])})`)).map((t) => [t.organisationId, t]));
    const need: Record<Side, bigint> = { BUY: 0n, SELL: 0n };
    const picks: bigint[] = [];
    jobs.forEach((j, i) => {
      if (outcomes[i] || claims[i]!.kind === 'follow') return;
      if ('listingId' in j.cmd) picks.push(BigInt(j.cmd.listingId));
      else need[oppositeSide(j.cmd.side)] += BigInt(j.cmd.quantity);
    });
    const rows: ListingRow[] = [];
    for (const side of ['BUY', 'SELL'] as const) {
      const pickedHere = picks.length > 0;
      if (need[side] > 0n || pickedHere) rows.push(...(await lockBestListings(tx, symbol, side, pickedHere ? BigInt(Number.MAX_SAFE_INTEGER) : need[side])));
    }
    // Picked listings outside the takeable book: closed ones, or open ones whose lister cannot trade now.
    const missing = picks.filter((id) => !rows.some((r) => r.id === id));
    const statusOf = new Map((missing.length ? await tx.$queryRaw<{ id: bigint; status: string }[]>`SELECT id, status::text FROM listing WHERE id IN (${Prisma.join(missing)})` : []).map((r) => [r.id, r.status]));
    const listers = new Map((rows.length ? await loadTraders(tx, Prisma.sql`a.id IN (${Prisma.join([...new Set(rows.map((r) => r.account_id))])})`) : []).map((t) => [t.accountId, t]));
    const live = new Map<bigint, LiveListing>(rows.map((r) => [r.id, {
      row: r, lister: listers.get(r.account_id)!, price: new Decimal(r.price.toString()), remaining: r.remaining, filled: r.quantity - r.remaining,
      lockedCash: new Decimal(r.locked_cash.toString()),
    }]));

    // Every party's holding and cash, locked once in the ledger's order, and their T+1 and positions.
    const accounts = [...new Set([...[...takers.values()].map((t) => t.accountId), ...[...listers.keys()]])];
    const held = await lockHoldings(tx, accounts.map((accountId) => ({ accountId, instrument: asset.instrument, vintage: asset.vintage })));
    const available = new Map([...held.values()].map((h) => [h.account_id, h.available]));
    // Cash rows too, the exchange's fee and reserve accounts included, all in one id-ordered pass.
    const ctx = await settlementContext(tx, jobs[0]!.actor.userId, asset, band);
    const cashIds = [...takers.values(), ...listers.values()].map((t) => t.cashAccountId).filter((id) => id > 0);
    const cashRows = await lockCashAccounts(tx, [...cashIds, ctx.feeAccountId, ctx.riskReserveAccountId]);
    const cash = new Map([...cashRows.values()].map((c) => [c.id, new Decimal(c.available.toString())]));
    const today = await boughtTodayBy(tx, accounts, symbol, state.tradingDay);
    const limited = [...takers.values()].filter((t) => positionLimitOf(state, t) !== null);
    const positions = await positionsOf(tx, limited.map((t) => t.accountId), asset);

    const groups: { index: number; actorUserId: number; trades: TradeToSettle[]; memo: Note }[] = [];
    const changed = new Map<bigint, LiveListing>();
    jobs.forEach((job, i) => {
      if (outcomes[i] || claims[i]!.kind === 'follow') return;
      try {
        const taker = takers.get(job.actor.organisationId);
        if (!taker) throw fail('NOT_FOUND', { what: 'account', id: null });
        const quantity = BigInt(job.cmd.quantity);
        const takerSide: Side = 'listingId' in job.cmd ? oppositeSide(live.get(BigInt(job.cmd.listingId))?.row.side ?? 'BUY') : job.cmd.side;
        requireCanTrade(taker, 'OWN', takerSide);
        const listingSide = oppositeSide(takerSide);
        const book: BookListing[] = [...live.values()]
          .filter((l) => l.row.side === listingSide && l.remaining > 0n)
          .map((l) => ({ id: l.row.id, side: l.row.side, price: l.price, remaining: l.remaining, sequence: l.row.id }));

        let fills: Fill[];
        if ('listingId' in job.cmd) {
          const picked = BigInt(job.cmd.listingId);
          const target = live.get(picked);
          if (!target && statusOf.get(picked) === 'OPEN') {
            throw fail('OUTSIDE_BEST_FIVE_LEVELS', { id: picked.toString(), price: null, levels: TAKEABLE_PRICE_LEVELS });
          }
          if (!target || target.remaining === 0n) {
            throw fail('LISTING_NOT_OPEN', { id: picked.toString(), status: target ? 'FILLED' : (statusOf.get(picked) ?? null), doing: 'TAKE' });
          }
          if (!isWithinBestLevels(book, target.price)) {
            throw fail('OUTSIDE_BEST_FIVE_LEVELS', { id: picked.toString(), price: target.price.toFixed(2), levels: TAKEABLE_PRICE_LEVELS });
          }
          // The quantity traded is what the taker declares, up to what the listing has left.
          fills = [{ listingId: picked, price: target.price, quantity: quantity < target.remaining ? quantity : target.remaining }];
        } else {
          const limit = parsePrice(job.cmd.limitPrice);
          fills = sweep(book, takerSide, limit, quantity);
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
          const buyerIsLister = l.row.side === 'BUY';
          if (!buyerIsLister) takerPays = takerPays.plus(priceTimesTonnes(f.price, f.quantity)).plus(takerFee);
          updates.push({ l, q: f.quantity, listerFee });
          trades.push({
            kind: 'LISTED', price: f.price, quantity: f.quantity,
            buyer: party(buyerIsLister ? l.lister : taker), seller: party(buyerIsLister ? taker : l.lister),
            buyerFee: buyerIsLister ? listerFee : takerFee, sellerFee: buyerIsLister ? takerFee : listerFee,
            sellerUnitsFrom: buyerIsLister ? 'AVAILABLE' : 'LOCKED', buyerCashFrom: buyerIsLister ? 'LOCKED' : 'AVAILABLE',
            aggressorSide: takerSide, listingId: l.row.id,
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
          if (u.l.row.side === 'BUY') u.l.lockedCash = u.l.lockedCash.minus(priceTimesTonnes(u.l.price, u.q)).minus(u.listerFee);
          changed.set(u.l.row.id, u.l);
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

    // Write: one ledger statement for every accepted take, the trades, the listings, keys and audit.
    // Every party's holding and cash row is locked above and unchanged since: the ledger checks against those rows.
    const settled = await settleTradeGroups(tx, state, ctx, groups, { holdings: held, cash: cashRows });
    if (changed.size > 0) {
      const values = [...changed.values()].map((l) => Prisma.sql`(${l.row.id}::bigint, ${l.remaining}::bigint, ${l.lockedCash.toFixed(2)}::numeric)`);
      await tx.$executeRaw`
        UPDATE listing l SET remaining = v.remaining, locked_cash = v.locked_cash,
               status = CASE WHEN v.remaining = 0 THEN 'FILLED'::"ListingStatus" ELSE l.status END, updated_at = now()
          FROM (VALUES ${Prisma.join(values)}) AS v(id, remaining, locked_cash) WHERE l.id = v.id`;
    }
    groups.forEach((g, n) => {
      const job = jobs[g.index]!;
      const { entryId, trades } = settled[n]!;
      const takerSide = trades[0]!.aggressorSide;
      const amount = trades.reduce((s, t) => s.plus(t.amount), new Decimal(0));
      const filled = trades.reduce((s, t) => s + t.quantity, 0n);
      const fee = (t: TradeToSettle) => (takerSide === 'BUY' ? t.buyerFee : t.sellerFee);
      outcomes[g.index] = {
        ok: true,
        value: {
          symbol, side: takerSide, requested: job.cmd.quantity, filled: Number(filled),
          averagePrice: amount.div(filled.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
          amount: amount.toFixed(2), fees: trades.reduce((s, t) => s.plus(fee(t)), new Decimal(0)).toFixed(2), entryId: entryId.toString(),
          trades: trades.map((t) => ({ id: t.id.toString(), listingId: t.listingId!.toString(), price: t.price.toFixed(2), quantity: Number(t.quantity), amount: t.amount.toFixed(2), fee: fee(t).toFixed(2) })),
        },
      };
    });
    claims.forEach((c, i) => {
      if (c.kind === 'follow') outcomes[i] = outcomes[c.index] ?? { ok: false, error: fail('IDEMPOTENCY_KEY_IN_USE', {}) };
    });
    const claimedDone: { id: number; response: unknown }[] = [];
    const claimedFailed: number[] = [];
    claims.forEach((c, i) => {
      if (c.kind !== 'claimed') return;
      const o = outcomes[i]!;
      if (o.ok) claimedDone.push({ id: c.id, response: o.value });
      else claimedFailed.push(c.id);
    });
    await settleKeys(tx, claimedDone, claimedFailed);
    await recordAudits(tx, groups.map((g) => {
      const o = outcomes[g.index] as { ok: true; value: TakeResult };
      return { actor: jobs[g.index]!.actor, event: { action: 'trade.take', targetType: 'journal_entry', targetId: o.value.entryId, after: o.value } };
    }));
    return outcomes.map((o) => o!);
  });
}
