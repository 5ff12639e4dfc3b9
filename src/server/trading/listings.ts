import { note } from '@/domain/notes';
import { renderNote } from '@/i18n/notes';
import Decimal from 'decimal.js';
import type { AccountStatus, ListingStatus, OrganisationKind } from '@/generated/prisma/client';
import { pool } from '@/db/client';
import { parsePrice, priceTimesTonnes } from '@/domain/money';
import { statusesTrading } from '@/domain/registry/accountLifecycle';
import { buyerLock, tradeFee } from '@/domain/trading/fees';
import { BLOCK_MIN_QUANTITY, isListedQuantity, LISTED_MAX_QUANTITY, LISTED_MIN_QUANTITY } from '@/domain/trading/orderSize';
import { problem } from '@/domain/problems';
import type { Side } from '@/domain/trading/priceTimePriority';
import { isListAndCancelPattern } from '@/domain/trading/surveillance';
import type { AmendListingCommand, ListingCommand } from '@/schemas/trading';
import { fail, type DomainError } from '../errors';
import { recordAudit } from '../audit/audit';
import { hashRequest, idempotent, keyReused } from '../idempotency';
import { postEntry, textAndNote, unitMove, type CashLeg, type UnitLeg } from '../registry/ledger';
import { findOwnAccountId } from '../registry/accounts';
import { requestSigned } from '../requestContext';
import { inTransaction, type Tx } from '../tx';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { findInstrument, instrumentColumn, instrumentFromColumn, requireTradable, type InstrumentColumn } from './instruments';
import { lockInstrument } from './locks';
import { marketState, marketStateWith, requireOrderSession, sessionUntil, tradingFeeRate, type MarketState } from './market';
import { positionLimitOf, positionLimitRefusal, requireCanTrade, saleRefusal, type Trader } from './participants';

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

/** A listing as its lister, the API and the audit trail see it: the SQL function listing_view (migrations) renders it, everywhere. */
export const LISTING_VIEW = 'listing_view(listing) AS view';

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

/** What place_listing (in the migrations) answers; see its comment. */
type PlaceAnswer =
  | { stale: true }
  | { listing: ListingView; replayed?: true }
  | { refused: 'NO_ACCOUNT' | 'IDEMPOTENCY_KEY_REUSED' }
  | { refused: 'TRADER'; trader: { number: string; status: AccountStatus; kind: OrganisationKind; cash_account_id: number | null; suspended: boolean; suspension_reason: string | null } }
  | { refused: 'SALE'; available: number; boughtToday: number }
  | { refused: 'POSITION_LIMIT'; position: number; openBuys: number }
  | { refused: 'INSUFFICIENT_CASH'; cashAccountId: number; available: string };

/**
 * Places a listing with ONE call of the database procedure place_listing: the locks, the T+1 and
 * position-limit checks on the locked rows, the lock posting, the listing, the Idempotency-Key and
 * the audit record, in one round trip and one transaction. This function checks beforehand what
 * needs no lock (quantity, session, instrument and band, the cash a buy locks with its fee) and
 * passes what it decided with; if the clock, settings or instrument changed meanwhile, the
 * procedure answers "stale" and the checks run again on fresh data.
 */
export async function placeListing(actor: Actor, cmd: ListingCommand, opts: { idempotencyKey?: string } = {}): Promise<ListingView> {
  requireListedQuantity(cmd.quantity);
  authorize(actor, 'trading.trade');
  const price = parsePrice(cmd.price);
  const quantity = BigInt(cmd.quantity);
  const requestHash = opts.idempotencyKey ? hashRequest('listing', cmd) : null;
  for (let attempt = 1; ; attempt++) {
    const { state, extra } = await marketStateWith<{ instrument: InstrumentColumn | null }>(instrumentColumn(cmd.symbol));
    requireOrderSession(state, 'LISTED');
    const { instrument } = requireTradable(instrumentFromColumn(extra.instrument), cmd.symbol, 'LISTED', price);
    const asset = { instrument: instrument.instrument, vintage: instrument.vintage, symbol: instrument.symbol };
    const positionLimit = cmd.side === 'BUY' ? positionLimitOf(state, actor) : null;
    const lockedCash = cmd.side === 'BUY' ? buyerLock(price, quantity, state.settings.feeRate) : new Decimal(0);
    const memo = textAndNote(note(cmd.side === 'SELL' ? 'SELL_LISTING_LOCK' : 'BUY_LISTING_LOCK', { quantity: cmd.quantity, symbol: asset.symbol, price: price.toFixed(2) }));
    const { rows } = await pool().query<{ answer: PlaceAnswer }>({
      name: 'place_listing',
      text: `SELECT place_listing($1, $2, $3, $4, $5::"OrderSide", $6::numeric, $7::bigint, $8::date, $9::date, $10::timestamptz, $11::numeric,
                                  $12::bigint, $13::bigint, $14, $15::bigint, $16, $17::numeric, $18::numeric, $19::text[], $20::numeric,
                                  $21, $22, $23, $24) AS answer`,
      values: [
        actor.userId, actor.organisationId, requestSigned(), asset.symbol, cmd.side, price.toFixed(2), String(quantity), state.tradingDay,
        state.closedThrough, sessionUntil(state, 'LISTED'), state.settings.feeRate.toString(),
        nullableString(state.settings.entityPositionLimit), nullableString(state.settings.investorPositionLimit), actor.organisationKind, nullableString(positionLimit),
        instrument.status, instrument.previousClose?.toString() ?? null, instrument.referencePrice?.toString() ?? null, statusesTrading(cmd.side), lockedCash.toFixed(2),
        memo.text, memo.note, opts.idempotencyKey ?? null, requestHash,
      ],
    });
    const answer = rows[0]!.answer;
    if ('listing' in answer) return answer.listing;
    if ('stale' in answer) {
      if (attempt < 3) continue;
      throw new Error('The market state kept changing while a listing was placed.');
    }
    throw placeRefusal(answer, cmd, asset, quantity, positionLimit);
  }
}

const nullableString = (v: bigint | null) => (v === null ? null : v.toString());

/** The refusal place_listing reported, worded by the same rules as every other order's. */
function placeRefusal(answer: Exclude<PlaceAnswer, { stale: true } | { listing: ListingView }>, cmd: ListingCommand, asset: { instrument: 'CEA' | 'CCER'; vintage: number; symbol: string }, quantity: bigint, limit: bigint | null): DomainError {
  switch (answer.refused) {
    case 'NO_ACCOUNT':
      return fail('NOT_FOUND', { what: 'account', id: null });
    case 'IDEMPOTENCY_KEY_REUSED':
      return keyReused();
    case 'TRADER': {
      const t = answer.trader;
      const trader: Trader = {
        accountId: 0, accountNumber: t.number, status: t.status, organisationId: 0, organisationKind: t.kind, groupName: null,
        cashAccountId: t.cash_account_id ?? 0, suspended: t.suspended, suspensionReason: t.suspension_reason,
      };
      requireCanTrade(trader, 'OWN', cmd.side);
      break;
    }
    case 'SALE': {
      const refusal = saleRefusal(asset, BigInt(answer.available), BigInt(answer.boughtToday), quantity);
      if (refusal) return refusal;
      break;
    }
    case 'POSITION_LIMIT': {
      const refusal = positionLimitRefusal(asset.symbol, limit, BigInt(answer.position), BigInt(answer.openBuys), quantity);
      if (refusal) return refusal;
      break;
    }
    case 'INSUFFICIENT_CASH':
      return fail('INSUFFICIENT_CASH', { cashAccountId: answer.cashAccountId, available: answer.available, needed: null }, { amount: problem('FIELD_CASH_SHORT', { available: answer.available }) });
  }
  throw new Error(`place_listing refused (${answer.refused}) where the rules allow the listing.`);
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
async function ownListing(tx: Tx, actor: Actor, id: bigint): Promise<ListingRow & { view: ListingView }> {
  const peek = await tx.$queryRaw<{ symbol: string }[]>`SELECT symbol FROM listing WHERE id = ${id}`;
  if (!peek[0]) throw fail('NOT_FOUND', { what: 'listing', id: id.toString() });
  await lockInstrument(tx, peek[0].symbol);
  const rows = await tx.$queryRawUnsafe<(ListingRow & { view: ListingView })[]>(`SELECT ${LISTING_COLUMNS}, ${LISTING_VIEW} FROM listing WHERE id = $1 FOR UPDATE`, id);
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
    const rows = await tx.$queryRawUnsafe<{ view: ListingView }[]>(
      `UPDATE listing SET quantity = quantity - (remaining - $2::bigint), remaining = $2::bigint,
              locked_cash = $3::numeric, updated_at = now() WHERE id = $1 RETURNING ${LISTING_VIEW}`,
      id, newRemaining, newLock.toFixed(2),
    );
    const view = rows[0]!.view;
    await recordAudit(tx, actor, { action: 'listing.amend', targetType: 'listing', targetId: view.id, before: row.view, after: view });
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
    const rows = await tx.$queryRawUnsafe<{ view: ListingView }[]>(
      `UPDATE listing SET status = 'CANCELLED', locked_cash = 0, updated_at = now() WHERE id = $1 RETURNING ${LISTING_VIEW}`, id,
    );
    const view = rows[0]!.view;
    await detectListAndCancel(tx, state, row);
    await recordAudit(tx, actor, { action: 'listing.cancel', targetType: 'listing', targetId: view.id, before: row.view, after: view });
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
