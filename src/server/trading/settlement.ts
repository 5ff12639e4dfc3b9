import { note, type Note, type NoteCode } from '@/domain/notes';
import { renderNote } from '@/i18n/notes';
import Decimal from 'decimal.js';
import { Prisma, type Bucket, type CashBucket, type Instrument } from '@/generated/prisma/client';
import { priceTimesTonnes } from '@/domain/money';
import { riskReserveShare } from '@/domain/trading/fees';
import type { PriceBand } from '@/domain/trading/priceBand';
import type { Side } from '@/domain/trading/priceTimePriority';
import { crossesLargeHolderThreshold, tradeAlerts, type AlertKind, type TradeParty } from '@/domain/trading/surveillance';
import { postEntries, type CashLeg, type LockedRows, type UnitLeg } from '../registry/ledger';
import type { Tx } from '../tx';
import type { MarketState } from './market';

/**
 * Delivery versus payment (DvP): the trades of one use case — the fills of a take, or one block
 * trade — settle in ONE journal entry of the caller's transaction, together with the trade rows:
 * allowances from seller to buyer, cash from buyer to seller, fees to the exchange with a share
 * to the risk reserve. All or nothing. Surveillance alerts and large-holder reports are written
 * in the same transaction.
 */

export interface SettlementParty extends TradeParty {
  cashAccountId: number;
}

export interface TradeToSettle {
  kind: 'LISTED' | 'BLOCK';
  price: Decimal;
  quantity: bigint;
  buyer: SettlementParty;
  seller: SettlementParty;
  buyerFee: Decimal;
  sellerFee: Decimal;
  /** The seller's units come from LOCKED (a sell listing or proposal) or AVAILABLE (a seller who takes or accepts). */
  sellerUnitsFrom: Extract<Bucket, 'AVAILABLE' | 'LOCKED'>;
  /** The buyer's cash comes from LOCKED (a buy listing or proposal) or AVAILABLE. */
  buyerCashFrom: CashBucket;
  aggressorSide: Side;
  listingId?: bigint;
  blockId?: number;
}

export interface SettledTrade extends TradeToSettle {
  id: bigint;
  amount: Decimal;
}

export interface SettlementContext {
  symbol: string;
  instrument: Instrument;
  vintage: number;
  band: PriceBand;
  actorUserId: number;
  feeAccountId: number;
  riskReserveAccountId: number;
}

let systemCash: { fees: number; risk: number } | null = null;

/** The exchange's fee-income and risk-reserve cash accounts (ids cached per process). */
export async function exchangeCashAccounts(tx: Tx): Promise<{ fees: number; risk: number }> {
  if (systemCash) return systemCash;
  const rows = await tx.$queryRaw<{ id: number; type: string }[]>`
    SELECT id, type::text FROM cash_account WHERE type IN ('EXCHANGE_FEES', 'RISK_RESERVE')`;
  const fees = rows.find((r) => r.type === 'EXCHANGE_FEES')?.id;
  const risk = rows.find((r) => r.type === 'RISK_RESERVE')?.id;
  if (!fees || !risk) throw new Error('The exchange fee and risk-reserve cash accounts are missing (ensureSystemAccounts).');
  const found = { fees, risk };
  if (process.env.NODE_ENV !== 'test') systemCash = found;
  return found;
}

/** Sums legs that hit the same account and bucket, dropping those that net to zero. */
function netUnitLegs(legs: UnitLeg[]): UnitLeg[] {
  const m = new Map<string, UnitLeg>();
  for (const l of legs) {
    const k = `${l.accountId}|${l.bucket}`;
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, quantity: prev.quantity + l.quantity } : { ...l });
  }
  return [...m.values()].filter((l) => l.quantity !== 0n);
}
function netCashLegs(legs: CashLeg[]): CashLeg[] {
  const m = new Map<string, CashLeg>();
  for (const l of legs) {
    const k = `${l.cashAccountId}|${l.bucket}`;
    const prev = m.get(k);
    m.set(k, prev ? { ...prev, amount: prev.amount.plus(l.amount) } : { ...l });
  }
  return [...m.values()].filter((l) => !l.amount.isZero());
}

export async function settleTrades(tx: Tx, state: MarketState, ctx: SettlementContext, trades: TradeToSettle[], memo: Note): Promise<{ entryId: bigint; trades: SettledTrade[] }> {
  const [settled] = await settleTradeGroups(tx, state, ctx, [{ trades, memo }]);
  return settled!;
}

/**
 * Settles several groups of trades — e.g. the takes of one matching batch — each group as its own
 * balanced journal entry, all written with one ledger statement and one trade insert.
 */
export async function settleTradeGroups(
  tx: Tx, state: MarketState, ctx: SettlementContext, groups: { trades: TradeToSettle[]; memo: Note; actorUserId?: number }[], locked?: LockedRows,
): Promise<{ entryId: bigint; trades: SettledTrade[] }[]> {
  if (groups.length === 0) return [];
  const asset = { instrument: ctx.instrument, vintage: ctx.vintage };
  const priced = groups.map((g) => g.trades.map((t) => ({ ...t, amount: priceTimesTonnes(t.price, t.quantity) })));
  const entries = priced.map((trades, i) => {
    const units: UnitLeg[] = [];
    const cash: CashLeg[] = [];
    let fees = new Decimal(0);
    for (const t of trades) {
      units.push({ ...asset, accountId: t.seller.accountId, bucket: t.sellerUnitsFrom, quantity: -t.quantity });
      units.push({ ...asset, accountId: t.buyer.accountId, bucket: 'AVAILABLE', quantity: t.quantity });
      cash.push({ cashAccountId: t.buyer.cashAccountId, bucket: t.buyerCashFrom, amount: t.amount.plus(t.buyerFee).neg() });
      cash.push({ cashAccountId: t.seller.cashAccountId, bucket: 'AVAILABLE', amount: t.amount.minus(t.sellerFee) });
      fees = fees.plus(t.buyerFee).plus(t.sellerFee);
    }
    const reserve = riskReserveShare(fees, state.settings.riskReserveShare);
    cash.push({ cashAccountId: ctx.feeAccountId, bucket: 'AVAILABLE', amount: fees.minus(reserve) });
    cash.push({ cashAccountId: ctx.riskReserveAccountId, bucket: 'AVAILABLE', amount: reserve });
    return {
      type: 'TRADE_SETTLEMENT' as const,
      memo: groups[i]!.memo,
      legalBasis: note('BASIS_TRADE_SETTLEMENT', {}),
      reference: ctx.symbol,
      actorUserId: groups[i]!.actorUserId ?? ctx.actorUserId,
      units: netUnitLegs(units),
      cash: netCashLegs(cash),
    };
  });
  const entryIds = await postEntries(tx, entries, locked);

  const flat = priced.flatMap((trades, g) => trades.map((t) => ({ ...t, entryId: entryIds[g]! })));
  const values = flat.map((t, ord) => Prisma.sql`(${ord}::int,
    ${ctx.symbol}, ${t.kind}::"TradeKind", ${t.listingId ?? null}::bigint, ${t.blockId ?? null}::int, ${t.buyer.accountId}::int, ${t.seller.accountId}::int,
    ${t.aggressorSide}::"OrderSide", ${t.price.toFixed(2)}::numeric, ${t.quantity}::bigint, ${t.amount.toFixed(2)}::numeric,
    ${t.buyerFee.toFixed(2)}::numeric, ${t.sellerFee.toFixed(2)}::numeric, ${state.tradingDay}::date, ${t.entryId}::bigint)`);
  const ids = await tx.$queryRaw<{ ord: number; id: bigint }[]>`
    WITH v AS (
      SELECT v.*, nextval('trade_id_seq') AS id
        FROM (VALUES ${Prisma.join(values)}) AS v(ord, symbol, kind, listing_id, block_id, buyer_account_id, seller_account_id, aggressor_side,
                                                  price, quantity, amount, buyer_fee, seller_fee, trading_day, entry_id)
    ), inserted AS (
      INSERT INTO trade (id, symbol, kind, listing_id, block_id, buyer_account_id, seller_account_id, aggressor_side, price, quantity, amount,
                         buyer_fee, seller_fee, trading_day, entry_id)
      SELECT id, symbol, kind, listing_id, block_id, buyer_account_id, seller_account_id, aggressor_side, price, quantity, amount,
             buyer_fee, seller_fee, trading_day, entry_id FROM v ORDER BY ord
    )
    SELECT ord, id FROM v ORDER BY ord`;
  const idOf = new Map(ids.map((r) => [r.ord, r.id]));
  const settled: SettledTrade[] = flat.map((t, ord) => ({ ...t, id: idOf.get(ord)! }));

  await raiseTradeAlerts(tx, state, ctx, settled);
  await reportLargeHolders(tx, state, ctx, settled);
  let next = 0;
  return priced.map((trades, g) => {
    const mine = settled.slice(next, next + trades.length);
    next += trades.length;
    return { entryId: entryIds[g]!, trades: mine };
  });
}

const ALERT_NOTE = { SELF_TRADE: 'ALERT_SELF_TRADE', RELATED_ACCOUNTS: 'ALERT_RELATED_ACCOUNTS', BAND_LIMIT: 'ALERT_BAND_LIMIT' } as const satisfies Record<Exclude<AlertKind, 'LIST_AND_CANCEL'>, NoteCode>;

async function raiseTradeAlerts(tx: Tx, state: MarketState, ctx: SettlementContext, trades: SettledTrade[]): Promise<void> {
  const rows: Prisma.Sql[] = [];
  for (const t of trades) {
    for (const kind of tradeAlerts(t.buyer, t.seller, t.price, ctx.band)) {
      if (kind === 'LIST_AND_CANCEL') continue;
      const detail = note(ALERT_NOTE[kind], { quantity: Number(t.quantity), symbol: ctx.symbol, price: t.price.toFixed(2), low: ctx.band.low.toFixed(2), high: ctx.band.high.toFixed(2) });
      const accounts = [...new Set([t.buyer.accountId, t.seller.accountId])];
      rows.push(Prisma.sql`(${kind}::"AlertKind", ${ctx.symbol}, ${accounts}::int[], ${[t.id]}::bigint[], ${t.listingId ? [t.listingId] : []}::bigint[], ${renderNote(detail, 'en')}, ${JSON.stringify(detail)}::jsonb, ${state.tradingDay}::date)`);
    }
  }
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO surveillance_alert (kind, symbol, account_ids, trade_ids, listing_ids, detail, detail_note, trading_day) VALUES ${Prisma.join(rows)}`;
}

async function reportLargeHolders(tx: Tx, state: MarketState, ctx: SettlementContext, trades: SettledTrade[]): Promise<void> {
  const threshold = state.settings.largeHolderThreshold;
  if (threshold === null) return;
  const bought = new Map<number, { quantity: bigint; tradeId: bigint }>();
  for (const t of trades) {
    if (t.buyer.accountId === t.seller.accountId) continue;
    const b = bought.get(t.buyer.accountId);
    bought.set(t.buyer.accountId, { quantity: (b?.quantity ?? 0n) + t.quantity, tradeId: t.id });
  }
  if (bought.size === 0) return;
  const holdings = await tx.$queryRaw<{ account_id: number; total: bigint }[]>`
    SELECT account_id, (available + locked + pledged + frozen)::bigint AS total FROM holding
     WHERE account_id IN (${Prisma.join([...bought.keys()])}) AND instrument = ${ctx.instrument}::"Instrument" AND vintage = ${ctx.vintage}`;
  for (const h of holdings) {
    const b = bought.get(h.account_id)!;
    if (!crossesLargeHolderThreshold(h.total - b.quantity, h.total, threshold)) continue;
    await tx.$executeRaw`
      INSERT INTO large_holder_report (account_id, symbol, threshold, holding, trade_id, trading_day)
      VALUES (${h.account_id}, ${ctx.symbol}, ${threshold}, ${h.total}, ${b.tradeId}, ${state.tradingDay}::date)`;
  }
}

/** The settlement context of an instrument: the exchange's cash accounts and the band of the method. */
export async function settlementContext(tx: Tx, actorUserId: number, i: { symbol: string; instrument: Instrument; vintage: number }, band: PriceBand): Promise<SettlementContext> {
  const sys = await exchangeCashAccounts(tx);
  return { symbol: i.symbol, instrument: i.instrument, vintage: i.vintage, band, actorUserId, feeAccountId: sys.fees, riskReserveAccountId: sys.risk };
}
