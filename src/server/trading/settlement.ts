import { note, type Note, type NoteCode } from '@/domain/notes';
import { renderNote } from '@/i18n/notes';
import Decimal from 'decimal.js';
import { Prisma, type Bucket, type CashBucket, type Instrument } from '@/generated/prisma/client';
import { priceTimesTonnes } from '@/domain/money';
import { riskReserveShare } from '@/domain/trading/fees';
import type { PriceBand } from '@/domain/trading/priceBand';
import type { Side } from '@/domain/trading/priceTimePriority';
import { tradeAlerts, type AlertKind, type TradeParty } from '@/domain/trading/surveillance';
import { postEntries, type CashLeg, type EntryInput, type UnitLeg } from '../registry/ledger';
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

export interface SettlementGroup {
  trades: TradeToSettle[];
  memo: Note;
  actorUserId?: number;
}

/**
 * The journal entries of groups of trades, one per group: allowances from seller to buyer, cash
 * from buyer to seller, the fees to the exchange with the risk reserve's share. Pure.
 */
export function settlementEntries(state: MarketState, ctx: SettlementContext, groups: SettlementGroup[]): EntryInput[] {
  const asset = { instrument: ctx.instrument, vintage: ctx.vintage };
  return groups.map((g) => {
    const units: UnitLeg[] = [];
    const cash: CashLeg[] = [];
    let fees = new Decimal(0);
    for (const t of g.trades) {
      const amount = priceTimesTonnes(t.price, t.quantity);
      units.push({ ...asset, accountId: t.seller.accountId, bucket: t.sellerUnitsFrom, quantity: -t.quantity });
      units.push({ ...asset, accountId: t.buyer.accountId, bucket: 'AVAILABLE', quantity: t.quantity });
      cash.push({ cashAccountId: t.buyer.cashAccountId, bucket: t.buyerCashFrom, amount: amount.plus(t.buyerFee).neg() });
      cash.push({ cashAccountId: t.seller.cashAccountId, bucket: 'AVAILABLE', amount: amount.minus(t.sellerFee) });
      fees = fees.plus(t.buyerFee).plus(t.sellerFee);
    }
    const reserve = riskReserveShare(fees, state.settings.riskReserveShare);
    cash.push({ cashAccountId: ctx.feeAccountId, bucket: 'AVAILABLE', amount: fees.minus(reserve) });
    cash.push({ cashAccountId: ctx.riskReserveAccountId, bucket: 'AVAILABLE', amount: reserve });
    return {
      type: 'TRADE_SETTLEMENT' as const,
      memo: g.memo,
      legalBasis: note('BASIS_TRADE_SETTLEMENT', {}),
      reference: ctx.symbol,
      actorUserId: g.actorUserId ?? ctx.actorUserId,
      units: netUnitLegs(units),
      cash: netCashLegs(cash),
    };
  });
}

const ALERT_NOTE = { SELF_TRADE: 'ALERT_SELF_TRADE', RELATED_ACCOUNTS: 'ALERT_RELATED_ACCOUNTS', BAND_LIMIT: 'ALERT_BAND_LIMIT' } as const satisfies Record<Exclude<AlertKind, 'LIST_AND_CANCEL'>, NoteCode>;

/**
 * The trade columns of record_trades after its entries (in the migrations; settle_take_batch takes
 * the same): the trades of all groups in order, with the
 * surveillance alerts they raise (tradeAlerts) and the large-holder threshold, which the
 * database applies once the holdings are written.
 */
export function tradeRecordArgs(state: MarketState, ctx: SettlementContext, groups: SettlementGroup[]): Prisma.Sql {
  const flat = groups.flatMap((g) => g.trades.map((t) => ({ t, amount: priceTimesTonnes(t.price, t.quantity) })));
  const alerts = flat.flatMap(({ t }, ord) => tradeAlerts(t.buyer, t.seller, t.price, ctx.band)
    .filter((kind): kind is keyof typeof ALERT_NOTE => kind in ALERT_NOTE)
    .map((kind) => {
      const detail = note(ALERT_NOTE[kind], { quantity: Number(t.quantity), symbol: ctx.symbol, price: t.price.toFixed(2), low: ctx.band.low.toFixed(2), high: ctx.band.high.toFixed(2) });
      return { ord, kind, detail: renderNote(detail, 'en'), note: JSON.stringify(detail) };
    }));
  return Prisma.sql`${ctx.symbol}, ${ctx.instrument}, ${ctx.vintage}::int, ${state.tradingDay}::date, ${state.settings.largeHolderThreshold}::bigint,
    ${flat.map((x) => x.t.kind)}::text[], ${flat.map((x) => x.t.listingId ?? null)}::bigint[],
    ${flat.map((x) => x.t.blockId ?? null)}::int[], ${flat.map((x) => x.t.buyer.accountId)}::int[], ${flat.map((x) => x.t.seller.accountId)}::int[],
    ${flat.map((x) => x.t.aggressorSide)}::text[], ${flat.map((x) => x.t.price.toFixed(2))}::numeric[], ${flat.map((x) => x.t.quantity)}::bigint[],
    ${flat.map((x) => x.amount.toFixed(2))}::numeric[], ${flat.map((x) => x.t.buyerFee.toFixed(2))}::numeric[], ${flat.map((x) => x.t.sellerFee.toFixed(2))}::numeric[],
    ${alerts.map((a) => a.ord)}::int[], ${alerts.map((a) => a.kind)}::text[], ${alerts.map((a) => a.detail)}::text[], ${alerts.map((a) => a.note)}::text[]`;
}

/**
 * Settles several groups of trades, each group as its own balanced journal entry (postEntries,
 * which locks and checks the rows), then records the trades with their alerts and large-holder
 * reports in one statement (record_trades).
 */
export async function settleTradeGroups(tx: Tx, state: MarketState, ctx: SettlementContext, groups: SettlementGroup[]): Promise<{ entryId: bigint; trades: SettledTrade[] }[]> {
  if (groups.length === 0) return [];
  const entryIds = await postEntries(tx, settlementEntries(state, ctx, groups));
  const entryOfTrade = groups.flatMap((g, n) => g.trades.map(() => entryIds[n]!));
  const ids = await tx.$queryRaw<{ ord: number; id: bigint }[]>`SELECT ord, id FROM record_trades(${entryOfTrade}::bigint[], ${tradeRecordArgs(state, ctx, groups)})`;
  const idOf = new Map(ids.map((r) => [r.ord, r.id]));
  let ord = 0;
  return groups.map((g, n) => ({
    entryId: entryIds[n]!,
    trades: g.trades.map((t) => ({ ...t, amount: priceTimesTonnes(t.price, t.quantity), id: idOf.get(ord++)! })),
  }));
}

/** The settlement context of an instrument: the exchange's cash accounts and the band of the method. */
export async function settlementContext(tx: Tx, actorUserId: number, i: { symbol: string; instrument: Instrument; vintage: number }, band: PriceBand): Promise<SettlementContext> {
  const sys = await exchangeCashAccounts(tx);
  return { symbol: i.symbol, instrument: i.instrument, vintage: i.vintage, band, actorUserId, feeAccountId: sys.fees, riskReserveAccountId: sys.risk };
}
