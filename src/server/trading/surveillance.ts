import { asNote, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type AlertKind, type AlertStatus } from '@/generated/prisma/client';
import { db } from '@/db/client';
import type { MarketSettingsCommand, ParticipantSuspensionCommand } from '@/schemas/trading';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { marketNow, inTransaction } from '../tx';
import { marketState } from './market';

/**
 * The exchange operator's risk screens: abnormal-trading alerts with the orders and trades behind
 * them, large-holder reports, participant halts, the trading settings, and fee / risk-reserve totals.
 * The national regulator may read surveillance output (`market.oversee`); only the exchange operator
 * acts on it (`market.operate`).
 */

export interface AlertView {
  id: number;
  kind: AlertKind;
  symbol: string | null;
  /** The detail in English as stored; `detailNote` renders it in the reader's language. */
  detail: string;
  detailNote: Note | null;
  tradingDay: string;
  status: AlertStatus;
  createdAt: string;
  reviewNote: string | null;
  accounts: { id: number; number: string; name: string }[];
  trades: { id: string; price: string; quantity: number; buyerAccountId: number; sellerAccountId: number; executedAt: string }[];
  listings: { id: string; side: string; price: string; quantity: number; status: string; createdAt: string }[];
}

export async function listAlerts(actor: Actor, q: { status?: AlertStatus; cursor?: string; limit: number }): Promise<{ items: AlertView[]; nextCursor: string | null }> {
  authorize(actor, 'market.oversee');
  const rows = await db().surveillanceAlert.findMany({
    where: { ...(q.status ? { status: q.status } : {}), ...(q.cursor ? { id: { lt: Number(q.cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const accountIds = [...new Set(page.flatMap((a) => a.accountIds))];
  const tradeIds = [...new Set(page.flatMap((a) => a.tradeIds))];
  const listingIds = [...new Set(page.flatMap((a) => a.listingIds))];
  const [accounts, trades, listings] = await Promise.all([
    db().registryAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, number: true, name: true } }),
    db().trade.findMany({ where: { id: { in: tradeIds } } }),
    db().listing.findMany({ where: { id: { in: listingIds } } }),
  ]);
  const items = page.map((a) => ({
    id: a.id, kind: a.kind, symbol: a.symbol, detail: a.detail, detailNote: asNote(a.detailNote), tradingDay: a.tradingDay.toISOString().slice(0, 10), status: a.status,
    createdAt: a.createdAt.toISOString(), reviewNote: a.reviewNote,
    accounts: accounts.filter((x) => a.accountIds.includes(x.id)),
    trades: trades.filter((t) => a.tradeIds.includes(t.id)).map((t) => ({
      id: t.id.toString(), price: new Decimal(t.price.toString()).toFixed(2), quantity: Number(t.quantity),
      buyerAccountId: t.buyerAccountId, sellerAccountId: t.sellerAccountId, executedAt: t.executedAt.toISOString(),
    })),
    listings: listings.filter((l) => a.listingIds.includes(l.id)).map((l) => ({
      id: l.id.toString(), side: l.side, price: new Decimal(l.price.toString()).toFixed(2), quantity: Number(l.quantity), status: l.status,
      createdAt: l.createdAt.toISOString(),
    })),
  }));
  return { items, nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null };
}

export async function reviewAlert(actor: Actor, id: number, note: string): Promise<{ id: number; status: AlertStatus }> {
  authorize(actor, 'market.operate');
  return inTransaction(async (tx) => {
    const alert = await tx.surveillanceAlert.findUnique({ where: { id } });
    if (!alert) throw fail('NOT_FOUND', { what: 'alert', id });
    if (alert.status === 'REVIEWED') throw fail('ALERT_ALREADY_REVIEWED', { id });
    await tx.surveillanceAlert.update({ where: { id }, data: { status: 'REVIEWED', reviewedById: actor.userId, reviewedAt: await marketNow(tx), reviewNote: note } });
    await recordAudit(tx, actor, { action: 'alert.review', targetType: 'surveillance_alert', targetId: id, before: { status: alert.status }, after: { status: 'REVIEWED', note } });
    return { id, status: 'REVIEWED' as const };
  });
}

export async function listLargeHolderReports(actor: Actor, q: { cursor?: string; limit: number }) {
  authorize(actor, 'market.oversee');
  const rows = await db().$queryRaw<{ id: number; account_id: number; number: string; name: string; symbol: string; threshold: bigint; holding: bigint; trade_id: bigint | null; trading_day: string; created_at: Date }[]>`
    SELECT r.id, r.account_id, a.number, a.name, r.symbol, r.threshold, r.holding, r.trade_id, to_char(r.trading_day, 'YYYY-MM-DD') AS trading_day, r.created_at
      FROM large_holder_report r JOIN registry_account a ON a.id = r.account_id
     ${q.cursor ? Prisma.sql`WHERE r.id < ${Number(q.cursor)}` : Prisma.empty}
     ORDER BY r.id DESC LIMIT ${q.limit + 1}`;
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id, accountId: r.account_id, accountNumber: r.number, accountName: r.name, symbol: r.symbol, threshold: Number(r.threshold), holding: Number(r.holding),
    tradeId: r.trade_id?.toString() ?? null, tradingDay: r.trading_day, createdAt: r.created_at.toISOString(),
  }));
  return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)!.id) : null };
}

/** Halts or resumes a participant's trading (风险警示). */
export async function setParticipantSuspension(actor: Actor, registryAccountId: number, cmd: ParticipantSuspensionCommand) {
  authorize(actor, 'market.operate');
  return inTransaction(async (tx) => {
    const t = await tx.tradingAccount.findUnique({ where: { registryAccountId }, include: { registryAccount: { select: { number: true, name: true } } } });
    if (!t) throw fail('NOT_FOUND', { what: 'account', id: registryAccountId });
    if (t.suspended === cmd.suspended) throw fail('NO_CHANGE', { what: 'participant', name: t.registryAccount.number, suspended: cmd.suspended });
    await tx.tradingAccount.update({ where: { id: t.id }, data: { suspended: cmd.suspended, suspensionReason: cmd.suspended ? cmd.reason : null } });
    await recordAudit(tx, actor, {
      action: cmd.suspended ? 'participant.suspend' : 'participant.resume', targetType: 'trading_account', targetId: t.id,
      before: { suspended: t.suspended }, after: { suspended: cmd.suspended, reason: cmd.reason },
    });
    return { registryAccountId, accountNumber: t.registryAccount.number, name: t.registryAccount.name, suspended: cmd.suspended, reason: cmd.suspended ? cmd.reason : null };
  });
}

export async function listParticipants(actor: Actor) {
  authorize(actor, 'market.oversee');
  const rows = await db().tradingAccount.findMany({
    include: { registryAccount: { select: { id: true, number: true, name: true, status: true, organisation: { select: { kind: true, groupName: true } } } } },
    orderBy: { registryAccountId: 'asc' },
  });
  return rows.map((t) => ({
    registryAccountId: t.registryAccountId, tradingAccountNumber: t.number, accountNumber: t.registryAccount.number, name: t.registryAccount.name,
    status: t.registryAccount.status, kind: t.registryAccount.organisation?.kind ?? null, groupName: t.registryAccount.organisation?.groupName ?? null,
    suspended: t.suspended, suspensionReason: t.suspensionReason,
  }));
}

const settingsView = (s: { feeRate: unknown; riskReserveShare: unknown; entityPositionLimit: bigint | null; investorPositionLimit: bigint | null; largeHolderThreshold: bigint | null; listAndCancelThreshold: number }) => ({
  feeRate: new Decimal(String(s.feeRate)).toString(),
  riskReserveShare: new Decimal(String(s.riskReserveShare)).toString(),
  entityPositionLimit: s.entityPositionLimit === null ? null : Number(s.entityPositionLimit),
  investorPositionLimit: s.investorPositionLimit === null ? null : Number(s.investorPositionLimit),
  largeHolderThreshold: s.largeHolderThreshold === null ? null : Number(s.largeHolderThreshold),
  listAndCancelThreshold: s.listAndCancelThreshold,
});
export type MarketSettingsView = ReturnType<typeof settingsView>;

export async function getMarketSettings(actor: Actor): Promise<MarketSettingsView> {
  authorize(actor, 'market.oversee');
  return settingsView(await db().marketSettings.findUniqueOrThrow({ where: { id: 1 } }));
}

/**
 * Changes the trading settings. The fee rate cannot change while an open buy listing or a pending
 * buy block proposal holds cash locked for its fee at the current rate (its fills would charge
 * another rate than it locked, stranding or overdrawing the lock): change it outside the trading
 * sessions, when the day end has expired every order. The settings row is taken FOR UPDATE, so a
 * change waits for the use cases reading the rate (tradingFeeRate) and they see it whole.
 */
export async function updateMarketSettings(actor: Actor, cmd: MarketSettingsCommand): Promise<MarketSettingsView> {
  authorize(actor, 'market.operate');
  return inTransaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM market_settings WHERE id = 1 FOR UPDATE`;
    const before = await tx.marketSettings.findUniqueOrThrow({ where: { id: 1 } });
    if (!new Decimal(before.feeRate.toString()).eq(cmd.feeRate)) {
      const [open] = await tx.$queryRaw<{ listings: bigint; proposals: bigint }[]>`
        SELECT (SELECT count(*) FROM listing WHERE status = 'OPEN' AND side = 'BUY') AS listings,
               (SELECT count(*) FROM block_proposal WHERE status = 'PENDING' AND side = 'BUY') AS proposals`;
      if (open && open.listings + open.proposals > 0n) {
        const params = { listings: Number(open.listings), proposals: Number(open.proposals) };
        throw fail('FEE_RATE_IN_USE', params, { feeRate: problem('FEE_RATE_IN_USE', params) });
      }
    }
    const nullableBig = (v: number | null) => (v === null ? null : BigInt(v));
    const after = await tx.marketSettings.update({
      where: { id: 1 },
      data: {
        feeRate: cmd.feeRate, riskReserveShare: cmd.riskReserveShare,
        entityPositionLimit: nullableBig(cmd.entityPositionLimit), investorPositionLimit: nullableBig(cmd.investorPositionLimit),
        largeHolderThreshold: nullableBig(cmd.largeHolderThreshold), listAndCancelThreshold: cmd.listAndCancelThreshold, updatedAt: await marketNow(tx),
      },
    });
    await recordAudit(tx, actor, { action: 'market.settings', targetType: 'market_settings', targetId: 1, before: settingsView(before), after: settingsView(after) });
    return settingsView(after);
  });
}

/** The operator dashboard's totals: fee income, risk reserve, today's activity, open risk items. */
export async function marketSummary(actor: Actor) {
  authorize(actor, 'market.oversee');
  const state = await marketState();
  const [cash, today, open] = await Promise.all([
    db().cashAccount.findMany({ where: { type: { in: ['EXCHANGE_FEES', 'RISK_RESERVE'] } }, select: { type: true, available: true } }),
    db().$queryRaw<{ trades: bigint; volume: bigint | null; turnover: unknown; fees: unknown }[]>`
      SELECT count(*) AS trades, sum(quantity)::bigint AS volume, sum(amount) AS turnover, sum(buyer_fee + seller_fee) AS fees
        FROM trade WHERE trading_day = ${state.tradingDay}::date`,
    db().$queryRaw<{ listings: bigint; proposals: bigint; alerts: bigint; suspended: bigint }[]>`
      SELECT (SELECT count(*) FROM listing WHERE status = 'OPEN') AS listings,
             (SELECT count(*) FROM block_proposal WHERE status = 'PENDING') AS proposals,
             (SELECT count(*) FROM surveillance_alert WHERE status = 'OPEN') AS alerts,
             (SELECT count(*) FROM trading_account WHERE suspended) AS suspended`,
  ]);
  const balance = (type: string) => new Decimal(cash.find((c) => c.type === type)?.available.toString() ?? '0').toFixed(2);
  const t = today[0]!;
  const o = open[0]!;
  return {
    tradingDay: state.tradingDay,
    feeIncome: balance('EXCHANGE_FEES'),
    riskReserve: balance('RISK_RESERVE'),
    today: { trades: Number(t.trades), volume: Number(t.volume ?? 0n), turnover: new Decimal(String(t.turnover ?? 0)).toFixed(2), fees: new Decimal(String(t.fees ?? 0)).toFixed(2) },
    openListings: Number(o.listings), pendingBlockProposals: Number(o.proposals), openAlerts: Number(o.alerts), suspendedParticipants: Number(o.suspended),
  };
}
