import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { listerFeeForFill, tradeFee } from '@/domain/trading/fees';
import { isWithinBestLevels, oppositeSide, sweep, TAKEABLE_PRICE_LEVELS, type BookListing, type Fill, type Side } from '@/domain/trading/priceTimePriority';
import type { TakeCommand } from '@/schemas/trading';
import { conflict, notFound } from '../errors';
import { recordAudit } from '../audit/audit';
import { idempotent } from '../idempotency';
import { lockHoldings } from '../registry/ledger';
import { inTransaction, type Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { openInstrument } from './instruments';
import { LISTING_COLUMNS, requireListedQuantity, type ListingRow } from './listings';
import { lockInstrument } from './locks';
import { marketState, requireSessionOpen, sessionIn, tradingFeeRate } from './market';
import { actingTrader, loadTraders, requireSellable, requireWithinPositionLimit, type Trader } from './participants';
import { settleTrades, settlementContext, type TradeToSettle } from './settlement';

/**
 * Takes (摘牌): the taker picks one listing within the best five price levels of the other side
 * ({ listingId, quantity }), or sweeps the best listings up to a limit price ({ symbol, side,
 * limitPrice, quantity }) in price-time priority, never beyond the fifth level. Always at the
 * lister's price. All fills settle DvP in one transaction under the instrument lock, so 100
 * concurrent takes can never overfill a listing nor overdraw an account.
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

const toBook = (r: ListingRow): BookListing => ({ id: r.id, side: r.side, price: new Decimal(r.price.toString()), remaining: r.remaining, sequence: r.id });

/** The best open listings of one side, best first, locked; grows the window until the sweep is satisfied. */
async function lockBestListings(tx: Tx, symbol: string, side: Side, limit: Decimal | null, quantity: bigint): Promise<ListingRow[]> {
  const order = side === 'SELL' ? 'price ASC, id ASC' : 'price DESC, id ASC';
  const priceFilter = limit === null ? '' : side === 'SELL' ? 'AND price <= $3::numeric' : 'AND price >= $3::numeric';
  for (let window = 16; ; window *= 4) {
    const rows = await tx.$queryRawUnsafe<ListingRow[]>(
      `SELECT ${LISTING_COLUMNS} FROM listing
        WHERE symbol = $1 AND side = $2::"OrderSide" AND status = 'OPEN' ${priceFilter}
        ORDER BY ${order} LIMIT ${window} FOR UPDATE`,
      symbol, side, ...(limit === null ? [] : [limit.toFixed(2)]),
    );
    const levels = new Set(rows.map((r) => r.price.toString()));
    const total = rows.reduce((s, r) => s + r.remaining, 0n);
    if (rows.length < window || total >= quantity || levels.size > TAKEABLE_PRICE_LEVELS) return rows;
  }
}

export async function take(actor: Actor, cmd: TakeCommand, opts: { idempotencyKey?: string } = {}): Promise<TakeResult> {
  requireListedQuantity(cmd.quantity);
  requireSessionOpen(await marketState(), 'LISTED');
  return inTransaction(async (tx) => {
    const state = await sessionIn(tx, 'LISTED');
    return idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'take', request: cmd }, async () => {
      const quantity = BigInt(cmd.quantity);
      let symbol: string;
      let takerSide: Side;
      let picked: bigint | null = null;
      let limit: Decimal | null = null;
      if ('listingId' in cmd) {
        picked = BigInt(cmd.listingId);
        const peek = await tx.$queryRaw<{ symbol: string; side: Side }[]>`SELECT symbol, side FROM listing WHERE id = ${picked}`;
        if (!peek[0]) throw notFound(`Listing ${cmd.listingId}`);
        symbol = peek[0].symbol;
        takerSide = oppositeSide(peek[0].side);
      } else {
        symbol = cmd.symbol;
        takerSide = cmd.side;
        limit = parsePrice(cmd.limitPrice);
      }
      const { instrument, band } = await openInstrument(tx, symbol, 'LISTED');
      await lockInstrument(tx, symbol);
      const taker = await actingTrader(tx, actor);

      // The other side's best listings, locked, then only those of participants that may trade.
      const listingSide = oppositeSide(takerSide);
      let rows = await lockBestListings(tx, symbol, listingSide, limit, picked === null ? quantity : BigInt(Number.MAX_SAFE_INTEGER));
      const listers = new Map((await loadTraders(tx, rows.length ? Prisma.sql`a.id IN (${Prisma.join([...new Set(rows.map((r) => r.account_id))])})` : Prisma.sql`false`)).map((t) => [t.accountId, t]));
      const eligible = (r: ListingRow) => { const t = listers.get(r.account_id); return !!t && t.status === 'ACTIVE' && !t.suspended; };
      rows = rows.filter(eligible);
      const book = rows.map(toBook);

      let fills: Fill[];
      if (picked !== null) {
        const target = rows.find((r) => r.id === picked);
        if (!target) {
          const status = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM listing WHERE id = ${picked}`;
          const s = status[0]?.status;
          if (s && s !== 'OPEN') throw conflict('LISTING_NOT_OPEN', `Listing ${picked} is ${s}: it can no longer be taken.`);
          throw conflict('OUTSIDE_BEST_FIVE_LEVELS', `Listing ${picked} is not within the best ${TAKEABLE_PRICE_LEVELS} price levels of the book (or its lister cannot trade now).`);
        }
        const targetPrice = new Decimal(target.price.toString());
        if (!isWithinBestLevels(book, targetPrice)) {
          throw conflict('OUTSIDE_BEST_FIVE_LEVELS', `Listing ${picked} at ${targetPrice.toFixed(2)} is not within the best ${TAKEABLE_PRICE_LEVELS} price levels of the book.`);
        }
        // The quantity traded is what the taker declares, up to what the listing has left.
        fills = [{ listingId: target.id, price: targetPrice, quantity: quantity < target.remaining ? quantity : target.remaining }];
      } else {
        fills = sweep(book, takerSide, limit!, quantity);
        if (fills.length === 0) {
          throw conflict('NOTHING_TO_TAKE', `No ${listingSide === 'SELL' ? 'sell' : 'buy'} listing of ${symbol} at ${takerSide === 'BUY' ? 'or below' : 'or above'} ${limit!.toFixed(2)} within the best ${TAKEABLE_PRICE_LEVELS} price levels.`, { limitPrice: 'no listing within this limit' });
        }
      }
      const filled = fills.reduce((s, f) => s + f.quantity, 0n);
      const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol };
      // Every party's holding at once, in account-id order, before any of them alone (no deadlocks).
      const listerIds = fills.map((f) => rows.find((r) => r.id === f.listingId)!.account_id);
      await lockHoldings(tx, [taker.accountId, ...listerIds].map((accountId) => ({ accountId, instrument: asset.instrument, vintage: asset.vintage })));
      if (takerSide === 'SELL') await requireSellable(tx, taker, asset, filled, state.tradingDay);
      else await requireWithinPositionLimit(tx, state, taker, asset, filled);

      const rate = await tradingFeeRate(tx);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const party = (t: Trader) => ({ accountId: t.accountId, cashAccountId: t.cashAccountId, organisationId: t.organisationId, groupName: t.groupName });
      const updates: { id: bigint; remaining: bigint; lockedCash: Decimal }[] = [];
      const trades: TradeToSettle[] = fills.map((f) => {
        const l = byId.get(f.listingId)!;
        const lister = listers.get(l.account_id)!;
        const filledBefore = l.quantity - l.remaining;
        const listerFee = listerFeeForFill(f.price, filledBefore, f.quantity, rate);
        const takerFee = tradeFee(f.price, f.quantity, rate);
        const lockedCash = new Decimal(l.locked_cash.toString());
        updates.push({
          id: l.id,
          remaining: l.remaining - f.quantity,
          lockedCash: l.side === 'BUY' ? lockedCash.minus(priceTimesTonnes(f.price, f.quantity)).minus(listerFee) : lockedCash,
        });
        const buyerIsLister = l.side === 'BUY';
        return {
          kind: 'LISTED',
          price: f.price,
          quantity: f.quantity,
          buyer: party(buyerIsLister ? lister : taker),
          seller: party(buyerIsLister ? taker : lister),
          buyerFee: buyerIsLister ? listerFee : takerFee,
          sellerFee: buyerIsLister ? takerFee : listerFee,
          sellerUnitsFrom: buyerIsLister ? 'AVAILABLE' : 'LOCKED',
          buyerCashFrom: buyerIsLister ? 'LOCKED' : 'AVAILABLE',
          aggressorSide: takerSide,
          listingId: l.id,
        };
      });

      const ctx = await settlementContext(tx, actor.userId, asset, band);
      const { entryId, trades: settled } = await settleTrades(tx, state, ctx, trades, `Take of ${filled} t ${symbol} (${fills.length} fill${fills.length === 1 ? '' : 's'})`);

      const values = updates.map((u) => Prisma.sql`(${u.id}::bigint, ${u.remaining}::bigint, ${u.lockedCash.toFixed(2)}::numeric)`);
      await tx.$executeRaw`
        UPDATE listing l SET remaining = v.remaining, locked_cash = v.locked_cash,
               status = CASE WHEN v.remaining = 0 THEN 'FILLED'::"ListingStatus" ELSE l.status END, updated_at = now()
          FROM (VALUES ${Prisma.join(values)}) AS v(id, remaining, locked_cash) WHERE l.id = v.id`;

      const amount = settled.reduce((s, t) => s.plus(t.amount), new Decimal(0));
      const takerFees = trades.reduce((s, t) => s.plus(takerSide === 'BUY' ? t.buyerFee : t.sellerFee), new Decimal(0));
      const result: TakeResult = {
        symbol,
        side: takerSide,
        requested: cmd.quantity,
        filled: Number(filled),
        averagePrice: amount.div(filled.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
        amount: amount.toFixed(2),
        fees: takerFees.toFixed(2),
        entryId: entryId.toString(),
        trades: settled.map((t) => ({
          id: t.id.toString(), listingId: t.listingId!.toString(), price: t.price.toFixed(2), quantity: Number(t.quantity), amount: t.amount.toFixed(2),
          fee: (takerSide === 'BUY' ? t.buyerFee : t.sellerFee).toFixed(2),
        })),
      };
      await recordAudit(tx, actor, { action: 'trade.take', targetType: 'journal_entry', targetId: entryId, after: result });
      return result;
    });
  });
}
