import { note } from '@/domain/notes';
import { renderNote } from '@/i18n/notes';
import Decimal from 'decimal.js';
import type { ListingStatus } from '@/generated/prisma/client';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { buyerLock, tradeFee } from '@/domain/trading/fees';
import { BLOCK_MIN_QUANTITY, isListedQuantity, LISTED_MAX_QUANTITY, LISTED_MIN_QUANTITY } from '@/domain/trading/orderSize';
import { problem } from '@/domain/problems';
import type { Side } from '@/domain/trading/priceTimePriority';
import { isListAndCancelPattern } from '@/domain/trading/surveillance';
import type { AmendListingCommand, ListingCommand } from '@/schemas/trading';
import { fail } from '../errors';
import { recordAudit } from '../audit/audit';
import { idempotent } from '../idempotency';
import { postEntry, unitMove, type CashLeg, type UnitLeg } from '../registry/ledger';
import { findOwnAccountId } from '../registry/accounts';
import { inTransaction, type Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { findInstrument, tradableInstrument } from './instruments';
import { lockInstrument } from './locks';
import { marketState, requireSessionOpen, sessionIn, tradingFeeRate, type MarketState } from './market';
import { actingTrader, requireSellable, requireWithinPositionLimit } from './participants';

/**
 * Listed agreement transfer listings (挂牌): place (locking allowances for a sell, cash with the
 * fee for a buy), amend the quantity down, cancel. Filling is in takes.ts; expiry at day end in
 * dayEnd.ts. The lock always equals what the remaining quantity needs, so releasing it is exact.
 */

export interface ListingView {
  id: string;
  symbol: string;
  side: Side;
  price: string;
  quantity: number;
  remaining: number;
  filled: number;
  lockedCash: string;
  status: ListingStatus;
  tradingDay: string;
  createdAt: string;
}

export interface ListingRow {
  id: bigint;
  symbol: string;
  side: Side;
  account_id: number;
  cash_account_id: number;
  user_id: number;
  price: { toString(): string };
  quantity: bigint;
  remaining: bigint;
  locked_cash: { toString(): string };
  status: ListingStatus;
  trading_day: string;
  created_at: Date;
}

export const LISTING_COLUMNS = 'id, symbol, side, account_id, cash_account_id, user_id, price, quantity, remaining, locked_cash, status, to_char(trading_day, \'YYYY-MM-DD\') AS trading_day, created_at';

export function listingView(r: ListingRow): ListingView {
  return {
    id: r.id.toString(),
    symbol: r.symbol,
    side: r.side,
    price: new Decimal(r.price.toString()).toFixed(2),
    quantity: Number(r.quantity),
    remaining: Number(r.remaining),
    filled: Number(r.quantity - r.remaining),
    lockedCash: new Decimal(r.locked_cash.toString()).toFixed(2),
    status: r.status,
    tradingDay: r.trading_day,
    createdAt: r.created_at.toISOString(),
  };
}

/**
 * Cash a BUY listing keeps locked: the value of the remaining quantity plus the lister's fee on
 * it, with fees rounded cumulatively over the listing's fills (see domain/trading/fees.ts).
 */
export function requiredBuyLock(price: Decimal, filled: bigint, remaining: bigint, rate: Decimal): Decimal {
  return priceTimesTonnes(price, remaining).plus(tradeFee(price, filled + remaining, rate)).minus(tradeFee(price, filled, rate));
}

export function requireListedQuantity(quantity: number): void {
  if (!isListedQuantity(quantity)) {
    throw fail(
      'LISTED_QUANTITY_LIMIT',
      { quantity, min: LISTED_MIN_QUANTITY, max: LISTED_MAX_QUANTITY, blockMin: BLOCK_MIN_QUANTITY },
      { quantity: problem('FIELD_AT_MOST', { max: LISTED_MAX_QUANTITY }) },
    );
  }
}

export async function placeListing(actor: Actor, cmd: ListingCommand, opts: { idempotencyKey?: string } = {}): Promise<ListingView> {
  requireListedQuantity(cmd.quantity);
  requireSessionOpen(await marketState(), 'LISTED');
  const price = parsePrice(cmd.price);
  const quantity = BigInt(cmd.quantity);
  return inTransaction(async (tx) => {
    const state = await sessionIn(tx, 'LISTED');
    return idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'listing', request: cmd }, async () => {
      const { instrument } = await tradableInstrument(tx, cmd.symbol, 'LISTED', price);
      const trader = await actingTrader(tx, actor, cmd.side);
      const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol: instrument.symbol };
      let lockedCash = new Decimal(0);
      if (cmd.side === 'SELL') {
        await requireSellable(tx, trader, asset, quantity, state.tradingDay);
        await postEntry(tx, {
          type: 'LOCK', memo: note('SELL_LISTING_LOCK', { quantity: Number(quantity), symbol: asset.symbol, price: price.toFixed(2) }), actorUserId: actor.userId,
          units: unitMove({ accountId: trader.accountId, bucket: 'AVAILABLE' }, { accountId: trader.accountId, bucket: 'LOCKED' }, asset, quantity),
        });
      } else {
        await requireWithinPositionLimit(tx, state, trader, asset, quantity);
        lockedCash = buyerLock(price, quantity, state.settings.feeRate);
        await postEntry(tx, {
          type: 'LOCK', memo: note('BUY_LISTING_LOCK', { quantity: Number(quantity), symbol: asset.symbol, price: price.toFixed(2) }), actorUserId: actor.userId,
          cash: cashMove(trader.cashAccountId, 'AVAILABLE', 'LOCKED', lockedCash),
        });
      }
      const rows = await tx.$queryRawUnsafe<ListingRow[]>(
        `INSERT INTO listing (symbol, side, account_id, cash_account_id, user_id, price, quantity, remaining, locked_cash, trading_day)
         VALUES ($1, $2::"OrderSide", $3, $4, $5, $6::numeric, $7, $7, $8::numeric, $9::date) RETURNING ${LISTING_COLUMNS}`,
        asset.symbol, cmd.side, trader.accountId, trader.cashAccountId, actor.userId, price.toFixed(2), quantity, lockedCash.toFixed(2), state.tradingDay,
      );
      const view = listingView(rows[0]!);
      await recordAudit(tx, actor, { action: 'listing.place', targetType: 'listing', targetId: view.id, after: view });
      return view;
    });
  });
}

/** Two cash legs moving `amount` between buckets of one cash account. */
export function cashMove(cashAccountId: number, from: 'AVAILABLE' | 'LOCKED', to: 'AVAILABLE' | 'LOCKED', amount: Decimal): CashLeg[] {
  return [
    { cashAccountId, bucket: from, amount: amount.neg() },
    { cashAccountId, bucket: to, amount },
  ];
}

/** The legs that release what a listing (or proposal) of `side` locks for `quantity` t / `cash`. */
export function releaseLegs(o: { side: Side; accountId: number; cashAccountId: number }, asset: { instrument: ListingAsset['instrument']; vintage: number }, quantity: bigint, cash: Decimal): { units: UnitLeg[]; cash: CashLeg[] } {
  if (o.side === 'SELL') {
    return { units: quantity > 0n ? unitMove({ accountId: o.accountId, bucket: 'LOCKED' }, { accountId: o.accountId, bucket: 'AVAILABLE' }, asset, quantity) : [], cash: [] };
  }
  return { units: [], cash: cash.isZero() ? [] : cashMove(o.cashAccountId, 'LOCKED', 'AVAILABLE', cash) };
}
type ListingAsset = { instrument: 'CEA' | 'CCER'; vintage: number };

/** Locks one of the caller's listings under its instrument lock; 404 if it is not theirs. */
async function ownListing(tx: Tx, actor: Actor, id: bigint): Promise<ListingRow> {
  const peek = await tx.$queryRaw<{ symbol: string }[]>`SELECT symbol FROM listing WHERE id = ${id}`;
  if (!peek[0]) throw fail('NOT_FOUND', { what: 'listing', id: id.toString() });
  await lockInstrument(tx, peek[0].symbol);
  const rows = await tx.$queryRawUnsafe<ListingRow[]>(`SELECT ${LISTING_COLUMNS} FROM listing WHERE id = $1 FOR UPDATE`, id);
  const row = rows[0];
  const own = await findOwnAccountId(tx, actor);
  if (!row || own === null || row.account_id !== own) throw fail('NOT_FOUND', { what: 'listing', id: id.toString() });
  if (row.status !== 'OPEN') throw fail('LISTING_NOT_OPEN', { id: id.toString(), status: row.status, doing: 'CHANGE' });
  return row;
}

async function assetOf(tx: Tx, symbol: string): Promise<ListingAsset> {
  const i = await findInstrument(tx, symbol);
  if (!i) throw fail('NOT_FOUND', { what: 'instrument', id: symbol });
  return { instrument: i.instrument, vintage: i.vintage };
}

/** Amends an open listing's remaining quantity down, releasing the difference exactly. */
export async function amendListing(actor: Actor, id: bigint, cmd: AmendListingCommand, opts: { idempotencyKey?: string } = {}): Promise<ListingView> {
  await marketState();
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'listing-amend', request: { id: String(id), ...cmd } }, async () => {
    const row = await ownListing(tx, actor, id);
    const newRemaining = BigInt(cmd.quantity);
    if (newRemaining >= row.remaining) {
      const remaining = Number(row.remaining);
      throw fail('AMEND_NOT_DOWN', { remaining }, { quantity: problem('FIELD_BELOW', { max: remaining }) });
    }
    const price = new Decimal(row.price.toString());
    const filled = row.quantity - row.remaining;
    const lockedCash = new Decimal(row.locked_cash.toString());
    const newLock = row.side === 'BUY' ? requiredBuyLock(price, filled, newRemaining, await tradingFeeRate(tx)) : new Decimal(0);
    const release = releaseLegs({ side: row.side, accountId: row.account_id, cashAccountId: row.cash_account_id }, await assetOf(tx, row.symbol), row.remaining - newRemaining, lockedCash.minus(newLock));
    await postEntry(tx, { type: 'UNLOCK', memo: note('LISTING_AMENDED', { listing: String(id), remaining: Number(newRemaining) }), actorUserId: actor.userId, ...release });
    const rows = await tx.$queryRawUnsafe<ListingRow[]>(
      `UPDATE listing SET quantity = quantity - (remaining - $2::bigint), remaining = $2::bigint,
              locked_cash = $3::numeric, updated_at = now() WHERE id = $1 RETURNING ${LISTING_COLUMNS}`,
      id, newRemaining, newLock.toFixed(2),
    );
    const view = listingView(rows[0]!);
    await recordAudit(tx, actor, { action: 'listing.amend', targetType: 'listing', targetId: view.id, before: listingView(row), after: view });
    return view;
    }));
}

/** Cancels an open listing, releasing its lock; repeated cancelling raises a list-and-cancel alert. */
export async function cancelListing(actor: Actor, id: bigint, opts: { idempotencyKey?: string } = {}): Promise<ListingView> {
  const state = await marketState();
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'listing-cancel', request: { id: String(id) } }, async () => {
    const row = await ownListing(tx, actor, id);
    const release = releaseLegs({ side: row.side, accountId: row.account_id, cashAccountId: row.cash_account_id }, await assetOf(tx, row.symbol), row.remaining, new Decimal(row.locked_cash.toString()));
    await postEntry(tx, { type: 'UNLOCK', memo: note('LISTING_CANCELLED', { listing: String(id) }), actorUserId: actor.userId, ...release });
    const rows = await tx.$queryRawUnsafe<ListingRow[]>(
      `UPDATE listing SET status = 'CANCELLED', locked_cash = 0, updated_at = now() WHERE id = $1 RETURNING ${LISTING_COLUMNS}`, id,
    );
    const view = listingView(rows[0]!);
    await detectListAndCancel(tx, state, row);
    await recordAudit(tx, actor, { action: 'listing.cancel', targetType: 'listing', targetId: view.id, before: listingView(row), after: view });
    return view;
    }));
}

async function detectListAndCancel(tx: Tx, state: MarketState, row: ListingRow): Promise<void> {
  const threshold = state.settings.listAndCancelThreshold;
  if (threshold <= 0) return;
  const cancelled = await tx.$queryRaw<{ ids: bigint[] }[]>`
    SELECT array_agg(id ORDER BY id) AS ids FROM listing
     WHERE account_id = ${row.account_id} AND trading_day = ${state.tradingDay}::date AND status = 'CANCELLED'`;
  const ids = cancelled[0]?.ids ?? [];
  if (!isListAndCancelPattern(ids.length, threshold)) return;
  const detail = note('ALERT_LIST_AND_CANCEL', { cancelled: ids.length, threshold });
  await tx.$executeRaw`
    INSERT INTO surveillance_alert (kind, symbol, account_ids, trade_ids, listing_ids, detail, detail_note, trading_day)
    VALUES ('LIST_AND_CANCEL', ${row.symbol}, ${[row.account_id]}::int[], ${[] as bigint[]}::bigint[], ${ids}::bigint[],
            ${renderNote(detail, 'en')}, ${JSON.stringify(detail)}::jsonb, ${state.tradingDay}::date)
    ON CONFLICT DO NOTHING`;
}
