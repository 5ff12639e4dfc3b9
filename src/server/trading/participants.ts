import { Prisma, type AccountStatus, type Instrument, type OrderSide, type OrganisationKind } from '@/generated/prisma/client';
import { canTrade } from '@/domain/registry/accountLifecycle';
import { sellableQuantity } from '@/domain/trading/t1';
import { breachesPositionLimit } from '@/domain/trading/surveillance';
import { problem } from '@/domain/problems';
import type { Whose } from '@/domain/problems/trading';
import { fail, type DomainError } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { lockHoldings } from '../registry/ledger';
import type { Tx } from '../tx';
import type { MarketState } from './market';

/** A participant as the trading system sees it: registry account, cash account, group, halts. */
export interface Trader {
  accountId: number;
  accountNumber: string;
  status: AccountStatus;
  organisationId: number;
  organisationKind: OrganisationKind;
  groupName: string | null;
  cashAccountId: number;
  suspended: boolean;
  suspensionReason: string | null;
}

export interface TraderRow {
  account_id: number;
  account_number: string;
  status: AccountStatus;
  organisation_id: number;
  organisation_kind: OrganisationKind;
  group_name: string | null;
  cash_account_id: number | null;
  suspended: boolean | null;
  suspension_reason: string | null;
}

/**
 * Loads participants by registry account id, locking each registry account FOR SHARE (a status
 * change cannot slip in between the check and the trade) — in id order, like lockAccounts.
 */
export async function loadTraders(tx: Tx, where: Prisma.Sql): Promise<Trader[]> {
  const rows = await tx.$queryRaw<TraderRow[]>`
    SELECT a.id AS account_id, a.number AS account_number, a.status, o.id AS organisation_id, o.kind AS organisation_kind,
           o.group_name, c.id AS cash_account_id, t.suspended, t.suspension_reason
      FROM registry_account a
      JOIN organisation o ON o.id = a.organisation_id
      LEFT JOIN trading_account t ON t.registry_account_id = a.id
      LEFT JOIN cash_account c ON c.trading_account_id = t.id
     WHERE a.type = 'PARTICIPANT' AND ${where}
     ORDER BY a.id
       FOR SHARE OF a`;
  return rows.map(traderOf);
}

/** A participant as the trading system checks it, from its row (loadTraders; trader_view in SQL). */
export const traderOf = (r: TraderRow): Trader => ({
  accountId: r.account_id,
  accountNumber: r.account_number,
  status: r.status,
  organisationId: r.organisation_id,
  organisationKind: r.organisation_kind,
  groupName: r.group_name,
  cashAccountId: r.cash_account_id ?? 0,
  suspended: r.suspended ?? false,
  suspensionReason: r.suspension_reason,
});

/** The acting trader: may trade (`trading.trade`), an ACTIVE account with trading and cash accounts, not halted. */
export async function actingTrader(tx: Tx, actor: Actor, side: OrderSide): Promise<Trader> {
  authorize(actor, 'trading.trade');
  const [trader] = await loadTraders(tx, Prisma.sql`a.organisation_id = ${actor.organisationId}`);
  if (!trader) throw fail('NOT_FOUND', { what: 'account', id: null });
  requireCanTrade(trader, 'OWN', side);
  return trader;
}

/**
 * Refuses a participant that may not trade this side, with the reason (`whose`: the actor's own, a
 * counterparty's…): a graded restriction blocks selling (units leave) or buying (units come in).
 */
export function requireCanTrade(t: Trader, whose: Whose, side: OrderSide): void {
  if (!canTrade(t.status, side)) {
    throw fail('ACCOUNT_NOT_ACTIVE', { account: t.accountNumber, status: t.status, action: 'trade' }, { account: problem('FIELD_ACCOUNT_NOT_ACTIVE', { status: t.status }) });
  }
  if (!t.cashAccountId) throw fail('NO_TRADING_ACCOUNT', { whose, account: t.accountNumber });
  if (t.suspended) throw fail('PARTICIPANT_SUSPENDED', { whose, reason: t.suspensionReason });
}

/** Today's purchases of an instrument by each account, on the market and in auctions settled today (units under T+1). */
export async function boughtTodayBy(tx: Tx, accountIds: number[], symbol: string, tradingDay: string): Promise<Map<number, bigint>> {
  if (accountIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ account_id: number; quantity: bigint }[]>`
    SELECT account_id, quantity FROM bought_today(${[...new Set(accountIds)]}::int[], ${symbol}, ${tradingDay}::date)`;
  return new Map(rows.map((r) => [r.account_id, r.quantity]));
}

/** The refusal of a sale of `quantity` t, if any: not enough available, or only with units bought today (T+1). */
export function saleRefusal(asset: { instrument: Instrument; vintage: number; symbol: string }, available: bigint, today: bigint, quantity: bigint): DomainError | null {
  if (available < quantity) {
    return fail(
      'INSUFFICIENT_HOLDING',
      { accountId: null, instrument: asset.instrument, vintage: asset.vintage, bucket: 'AVAILABLE', available: Number(available), needed: Number(quantity) },
      { quantity: problem('FIELD_HOLDING_SHORT', { available: Number(available), bucket: 'AVAILABLE' }) },
    );
  }
  const sellable = Number(sellableQuantity(available, today));
  if (sellable < quantity) {
    return fail('T_PLUS_ONE', { symbol: asset.symbol, boughtToday: Number(today), sellable }, { quantity: problem('SELLABLE_TODAY', { sellable }) });
  }
  return null;
}

/**
 * T+1 and sufficiency for a sale: locks the seller's holding, then refuses with
 * INSUFFICIENT_HOLDING when the available balance is short, or T_PLUS_ONE when it is enough only
 * by counting units bought today.
 */
export async function requireSellable(tx: Tx, seller: Trader, asset: { instrument: Instrument; vintage: number; symbol: string }, quantity: bigint, tradingDay: string): Promise<void> {
  const held = await lockHoldings(tx, [{ accountId: seller.accountId, instrument: asset.instrument, vintage: asset.vintage }]);
  const available = [...held.values()][0]?.available ?? 0n;
  const today = (await boughtTodayBy(tx, [seller.accountId], asset.symbol, tradingDay)).get(seller.accountId) ?? 0n;
  const refusal = saleRefusal(asset, available, today, quantity);
  if (refusal) throw refusal;
}

/** The position limit of a participant's class (null: none). */
export const positionLimitOf = (state: MarketState, t: Pick<Trader, 'organisationKind'>): bigint | null =>
  t.organisationKind === 'INVESTOR' ? state.settings.investorPositionLimit : state.settings.entityPositionLimit;

/** Each account's position in an instrument (every bucket) and what its open buy orders would add. */
export async function positionsOf(tx: Tx, accountIds: number[], asset: { instrument: Instrument; vintage: number; symbol: string }): Promise<Map<number, { position: bigint; openBuys: bigint }>> {
  if (accountIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ account_id: number; held: bigint; open_buys: bigint }[]>`
    SELECT account_id, held, open_buys FROM positions_of(${[...new Set(accountIds)]}::int[], ${asset.instrument}, ${asset.vintage}, ${asset.symbol})`;
  return new Map(rows.map((r) => [r.account_id, { position: r.held, openBuys: r.open_buys }]));
}

/** The refusal of a buy of `quantity` t under the position limit (最大持仓量限制), if any. */
export function positionLimitRefusal(symbol: string, limit: bigint | null, position: bigint, openBuys: bigint, quantity: bigint): DomainError | null {
  if (limit === null || !breachesPositionLimit(position, openBuys, quantity, limit)) return null;
  const room = Number(limit > position + openBuys ? limit - position - openBuys : 0n);
  return fail('POSITION_LIMIT', { symbol, position: Number(position + openBuys + quantity), limit: Number(limit) }, { quantity: problem('POSITION_ROOM', { room }) });
}

/** Position limit of the buyer's class: holdings + open buys + this order (the holding locked first). */
export async function requireWithinPositionLimit(tx: Tx, state: MarketState, buyer: Trader, asset: { instrument: Instrument; vintage: number; symbol: string }, quantity: bigint): Promise<void> {
  const limit = positionLimitOf(state, buyer);
  if (limit === null) return;
  await lockHoldings(tx, [{ accountId: buyer.accountId, instrument: asset.instrument, vintage: asset.vintage }]);
  const p = (await positionsOf(tx, [buyer.accountId], asset)).get(buyer.accountId) ?? { position: 0n, openBuys: 0n };
  const refusal = positionLimitRefusal(asset.symbol, limit, p.position, p.openBuys, quantity);
  if (refusal) throw refusal;
}
