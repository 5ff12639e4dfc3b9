import { asNote, type Note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type AccountStatus, type RequestStatus } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { totalOf } from '@/domain/registry/holdings';
import type { MovementsQuery, ParticipantKind } from '@/schemas/registry';
import { findOwnAccountId } from './accounts';
import { ccerLotsOf, type CcerLotView } from './ccerProjects';
import { marketYear } from '../compliance/cycle';
import { scopeOf } from '@/domain/identity/permissions';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { allows, authorize } from '../identity/authorize';

/** Read models of the registry. Every read checks the actor's scope first (src/domain/identity/permissions.ts). */

/** What an account is scoped by: its organisation, and its province (its own, else its organisation's). */
const scopeOfAccount = (account: { organisationId: number | null; provinceCode: string | null }, organisationProvince: string | null | undefined) => ({
  organisationId: account.organisationId,
  provinceCode: account.provinceCode ?? organisationProvince ?? null,
});

async function accountScope(accountId: number) {
  const account = await db().registryAccount.findUnique({
    where: { id: accountId },
    select: { id: true, number: true, name: true, type: true, status: true, organisationId: true, provinceCode: true, organisation: { select: { provinceCode: true } } },
  });
  if (!account) throw fail('NOT_FOUND', { what: 'account', id: null });
  return { ...account, scope: scopeOfAccount(account, account.organisation?.provinceCode) };
}

/** An account whose holdings and movements the actor may read: the owner, its regulator, operators (else 404 / 403). */
export async function readableAccount(actor: Actor, accountId: number) {
  const account = await accountScope(accountId);
  const readerScope = authorize(actor, 'holdings.read', account.scope, { what: 'account', id: null });
  return { ...account, readerScope };
}

/**
 * The other accounts of a journal entry `e` that the reader of account `accountId` may see, as SQL
 * predicates on `a` (registry_account of another posting of the entry). The market is anonymous: the
 * holder of the account (scope own) sees system accounts (issuance, auction, cancellation…), and
 * another participant only where the rules name it — its directed block trade's counterparty and a
 * non-trade transfer's other side. Listed-trade and auction counterparts, the other winners of an
 * auction and the other listers of a day-end release stay hidden. Regulators and operators
 * (not market participants) see every account.
 */
export function counterpartyColumns(accountId: number, revealAll: boolean): Prisma.Sql {
  const named = revealAll
    ? Prisma.sql`TRUE`
    : Prisma.sql`(a.type <> 'PARTICIPANT' OR e.type = 'NON_TRADE_TRANSFER' OR e.type = 'TRADE_SETTLEMENT' AND EXISTS (
        SELECT 1 FROM trade t JOIN block_proposal bp ON bp.id = t.block_id
         WHERE t.entry_id = e.id AND t.kind = 'BLOCK' AND bp.counterparty_account_id IS NOT NULL
           AND ((t.buyer_account_id = ${accountId} AND t.seller_account_id = a.id) OR (t.seller_account_id = ${accountId} AND t.buyer_account_id = a.id))))`;
  return Prisma.sql`(SELECT array_agg(DISTINCT a.number ORDER BY a.number) FROM unit_posting o JOIN registry_account a ON a.id = o.account_id
             WHERE o.entry_id = e.id AND o.account_id <> ${accountId} AND ${named}) AS counterparties,
           (e.type = 'TRADE_SETTLEMENT' AND EXISTS (SELECT 1 FROM unit_posting o JOIN registry_account a ON a.id = o.account_id
             WHERE o.entry_id = e.id AND o.account_id <> ${accountId} AND NOT ${named})) AS anonymous_counterparty`;
}

/** Whether a reader of an account in this scope sees every account of its entries (regulators, operators), not only the named ones. */
export const seesEveryAccount = (readerScope: string) => readerScope !== 'own';

export interface HoldingLine {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  available: number;
  locked: number;
  pledged: number;
  frozen: number;
  total: number;
}

/**
 * An account's holdings per instrument and vintage; for CCER also the projects they come from,
 * each marked eligible as an offset or not for the current year (the owner is not / is a covered entity).
 */
export async function getHoldings(actor: Actor, accountId: number): Promise<{ accountId: number; number: string; name: string; status: AccountStatus; items: HoldingLine[]; ccerProjects: CcerLotView[] }> {
  const account = await readableAccount(actor, accountId);
  const items = await holdingLines(accountId);
  const ccerProjects = items.some((i) => i.instrument === 'CCER') ? await ccerLotsOf(db(), accountId, await marketYear()) : [];
  return { accountId, number: account.number, name: account.name, status: account.status, items, ccerProjects };
}

async function holdingLines(accountId: number): Promise<HoldingLine[]> {
  const rows = await db().holding.findMany({ where: { accountId }, orderBy: [{ instrument: 'asc' }, { vintage: 'asc' }] });
  return rows
    .filter((h) => totalOf(h) !== 0n)
    .map((h) => ({
      instrument: h.instrument, vintage: h.vintage, available: Number(h.available), locked: Number(h.locked), pledged: Number(h.pledged), frozen: Number(h.frozen), total: Number(totalOf(h)),
    }));
}

export interface CashView {
  accountId: number;
  cashAccountId: number;
  number: string;
  currency: 'CNY';
  available: string;
  locked: string;
  total: string;
}

export async function getCash(actor: Actor, accountId: number): Promise<CashView> {
  const account = await accountScope(accountId);
  authorize(actor, 'cash.read', account.scope, { what: 'account', id: null });
  const cash = (await cashLines([accountId])).get(accountId);
  if (!cash) throw fail('NOT_FOUND', { what: 'cashAccount', id: null });
  return cash;
}

export interface CashBalanceView extends CashView {
  accountNumber: string;
  accountStatus: AccountStatus;
  name: string;
  nameZh: string;
}

/** The cash of every participant account, by account id: for the operators, who read every account and its cash. */
export async function listCashBalances(actor: Actor): Promise<{ items: CashBalanceView[]; nextCursor: null }> {
  authorize(actor, 'cash.read');
  const { items: listed } = await listAccounts(actor);
  // Each account's cash only where the actor may read it (the accounts come with their organisations: no second read).
  const accounts = listed.filter((a) => allows(actor, 'cash.read', scopeOfAccount(a, a.organisation?.provinceCode)));
  const cashOf = await cashLines(accounts.map((a) => a.id));
  const items = accounts.flatMap((a) => {
    const cash = cashOf.get(a.id);
    return cash ? [{ ...cash, accountNumber: a.number, accountStatus: a.status, name: a.organisation?.name ?? a.name, nameZh: a.organisation?.nameZh ?? a.name }] : [];
  });
  return { items, nextCursor: null };
}

async function cashLines(accountIds: number[]): Promise<Map<number, CashView>> {
  const rows = await db().$queryRaw<{ account_id: number; id: number; number: string; available: Prisma.Decimal; locked: Prisma.Decimal }[]>`
    SELECT t.registry_account_id AS account_id, c.id, c.number, c.available, c.locked
      FROM trading_account t JOIN cash_account c ON c.trading_account_id = t.id WHERE t.registry_account_id = ANY(${accountIds}::int[])`;
  return new Map(rows.map((r) => {
    const available = new Decimal(r.available.toString());
    const locked = new Decimal(r.locked.toString());
    return [r.account_id, { accountId: r.account_id, cashAccountId: r.id, number: r.number, currency: 'CNY', available: available.toFixed(2), locked: locked.toFixed(2), total: available.plus(locked).toFixed(2) }];
  }));
}

export interface MovementLine {
  entryId: string;
  type: string;
  createdAt: string;
  /** The memo as stored in English, or as the user typed it. */
  memo: string | null;
  /** A generated memo as a note, to render in the reader's language (src/i18n/notes.ts). */
  memoNote: Note | null;
  reference: string | null;
  legalBasis: string | null;
  /** A generated legal basis as a note, to render in the reader's language. */
  legalBasisNote: Note | null;
  instrument: string;
  vintage: number;
  /** Net change of each bucket of this account, in tonnes. */
  available: number;
  locked: number;
  pledged: number;
  frozen: number;
  /** Numbers of the other accounts of the entry the reader may see (see `counterpartyColumns`). */
  counterparties: string[];
  /** A trade counterparty the reader may not identify (the market is anonymous): shown as "counterparty (anonymous)". */
  anonymousCounterparty: boolean;
}

/** Journal entries touching an account, newest first, paged by entry id. */
export async function listMovements(actor: Actor, accountId: number, q: MovementsQuery) {
  const { readerScope } = await readableAccount(actor, accountId);
  const where: Prisma.Sql[] = [Prisma.sql`p.account_id = ${accountId}`];
  if (q.cursor) where.push(Prisma.sql`e.id < ${BigInt(q.cursor)}`);
  if (q.type) where.push(Prisma.sql`e.type = ${q.type}::"MovementType"`);
  if (q.instrument) where.push(Prisma.sql`p.instrument = ${q.instrument}::"Instrument"`);
  if (q.vintage) where.push(Prisma.sql`p.vintage = ${q.vintage}`);
  if (q.from) where.push(Prisma.sql`e.created_at >= ${q.from}::date`);
  if (q.to) where.push(Prisma.sql`e.created_at < ${q.to}::date + 1`);
  const rows = await db().$queryRaw<
    { entry_id: bigint; type: string; created_at: Date; memo: string | null; memo_note: unknown; reference: string | null; legal_basis: string | null; legal_basis_note: unknown; instrument: string; vintage: number; available: bigint; locked: bigint; pledged: bigint; frozen: bigint; counterparties: string[] | null; anonymous_counterparty: boolean }[]
  >`
    WITH page AS (
      SELECT DISTINCT e.id FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id
       WHERE ${Prisma.join(where, ' AND ')}
       ORDER BY e.id DESC LIMIT ${q.limit + 1})
    SELECT e.id AS entry_id, e.type::text AS type, e.created_at, e.memo, e.memo_note, e.reference, e.legal_basis, e.legal_basis_note,
           p.instrument::text AS instrument, p.vintage,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'AVAILABLE'), 0) AS available,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'LOCKED'), 0) AS locked,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'PLEDGED'), 0) AS pledged,
           coalesce(sum(p.quantity) FILTER (WHERE p.bucket = 'FROZEN'), 0) AS frozen,
           ${counterpartyColumns(accountId, seesEveryAccount(readerScope))}
      FROM page JOIN journal_entry e ON e.id = page.id JOIN unit_posting p ON p.entry_id = e.id AND p.account_id = ${accountId}
     GROUP BY e.id, p.instrument, p.vintage
     ORDER BY e.id DESC, p.instrument, p.vintage`;
  const entryIds = [...new Set(rows.map((r) => r.entry_id))];
  const hasMore = entryIds.length > q.limit;
  const lastShown = hasMore ? entryIds[q.limit - 1] : undefined;
  const page = hasMore ? rows.filter((r) => r.entry_id >= lastShown!) : rows;
  const items: MovementLine[] = page.map((r) => ({
    entryId: r.entry_id.toString(),
    type: r.type,
    createdAt: r.created_at.toISOString(),
    memo: r.memo,
    memoNote: asNote(r.memo_note),
    reference: r.reference,
    legalBasis: r.legal_basis,
    legalBasisNote: asNote(r.legal_basis_note),
    instrument: r.instrument,
    vintage: r.vintage,
    available: Number(r.available),
    locked: Number(r.locked),
    pledged: Number(r.pledged),
    frozen: Number(r.frozen),
    counterparties: r.counterparties ?? [],
    anonymousCounterparty: r.anonymous_counterparty,
  }));
  const nextCursor = lastShown !== undefined ? lastShown.toString() : null;
  return { items, nextCursor };
}

/** Cursor paging by id: `cursor` is the last id of the previous page; pages come in id order. */
export interface Page {
  cursor?: string;
  limit: number;
}

export function pageOf<T extends { id: number }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.id) : null };
}

/**
 * Participant accounts for the registry operator (all) or a regulator (its province / all), by id,
 * each with its organisation and its latest status change (an account's page has the histories).
 */
export async function listAccounts(actor: Actor, filter: { status?: AccountStatus; kind?: ParticipantKind; q?: string } = {}, page?: Page) {
  const scope: Prisma.RegistryAccountWhereInput =
    authorize(actor, 'accounts.read') === 'all' ? {} : { organisation: { provinceCode: actor.provinceCode ?? '-' } };
  const rows = await db().registryAccount.findMany({
    where: {
      type: 'PARTICIPANT', ...(filter.status ? { status: filter.status } : {}), ...scope, ...(page?.cursor ? { id: { gt: Number(page.cursor) } } : {}),
      AND: [...(filter.kind ? [{ organisation: { kind: filter.kind } }] : []), ...(filter.q ? [accountSearch(filter.q)] : [])],
    },
    include: { organisation: true, statusChanges: { orderBy: { at: 'desc' }, take: 1 } },
    orderBy: [{ id: 'asc' }],
    ...(page ? { take: page.limit + 1 } : {}),
  });
  const { items, nextCursor } = pageOf(rows, page?.limit ?? rows.length);
  return { items: items.map(({ statusChanges, ...a }) => ({ ...a, lastStatusChange: statusChanges[0] ?? null })), nextCursor };
}

/** The accounts a search names: by ID, or by part of the account number or of its organisation's name (any case). */
function accountSearch(q: string): Prisma.RegistryAccountWhereInput {
  const part = { contains: q, mode: 'insensitive' as const };
  return {
    OR: [
      ...(/^\d{1,9}$/.test(q) ? [{ id: Number(q) }] : []),
      { number: part }, { name: part }, { organisation: { name: part } }, { organisation: { nameZh: part } },
    ],
  };
}

/** One participant account with its organisation and histories, within the actor's scope. */
export async function getAccountDetail(actor: Actor, accountId: number) {
  await readableAccount(actor, accountId);
  const detail = await db().registryAccount.findUnique({
    where: { id: accountId },
    include: { organisation: { include: { changes: { orderBy: { at: 'desc' } } } }, statusChanges: { orderBy: { at: 'desc' } } },
  });
  if (!detail || detail.type !== 'PARTICIPANT') throw fail('NOT_FOUND', { what: 'account', id: null });
  return detail;
}

/**
 * The province whose organisations the actor reads: the one asked for (every province when none)
 * for the national regulator, else its own. Another province is refused (403 FORBIDDEN, as the API
 * has always answered).
 */
function readableProvince(actor: Actor, provinceCode: string | undefined): string | undefined {
  const province = authorize(actor, 'organisations.read') === 'all' ? provinceCode : (actor.provinceCode ?? '-');
  if (provinceCode && province !== provinceCode) throw fail('FORBIDDEN', { reason: 'OUTSIDE_PROVINCE', province: provinceCode });
  return province;
}

/**
 * The province's compliance entities (every province's for the national regulator, or one with
 * `provinceCode`), in the overview's order, without their holdings: for lists that show figures of
 * their own (the reports to verify).
 */
export async function provinceEntities(actor: Actor, provinceCode?: string) {
  const province = readableProvince(actor, provinceCode);
  const rows = await db().organisation.findMany({
    where: { kind: 'COMPLIANCE_ENTITY', ...(province ? { provinceCode: province } : {}) },
    select: { id: true, name: true, nameZh: true, creditCode: true },
    orderBy: [{ provinceCode: { sort: 'asc', nulls: 'last' } }, { name: 'asc' }],
  });
  return rows.map(({ id, ...o }) => ({ organisationId: id, ...o }));
}

/**
 * The province's organisations with their holdings totals per instrument and vintage: the
 * provincial regulator's overview (the national regulator sees every province).
 */
export async function provinceOverview(actor: Actor, provinceCode?: string) {
  const province = readableProvince(actor, provinceCode);
  // One statement: the totals per organisation are summed by PostgreSQL (thousands of organisations).
  const rows = await db().$queryRaw<{
    id: number; name: string; name_zh: string; credit_code: string; kind: 'COMPLIANCE_ENTITY' | 'INVESTOR'; industry: string | null; province_code: string | null;
    account_id: number | null; account_status: AccountStatus | null; cea: bigint; ccer: bigint; encumbered: bigint; by_vintage: { instrument: 'CEA' | 'CCER'; vintage: number; total: number }[];
  }[]>`
    SELECT o.id, o.name, o.name_zh, o.credit_code, o.kind, o.industry, o.province_code, a.id AS account_id, a.status AS account_status,
           coalesce(sum(h.available + h.locked + h.pledged + h.frozen) FILTER (WHERE h.instrument = 'CEA'), 0)::bigint AS cea,
           coalesce(sum(h.available + h.locked + h.pledged + h.frozen) FILTER (WHERE h.instrument = 'CCER'), 0)::bigint AS ccer,
           coalesce(sum(h.pledged + h.frozen), 0)::bigint AS encumbered,
           coalesce(json_agg(json_build_object('instrument', h.instrument, 'vintage', h.vintage, 'total', h.available + h.locked + h.pledged + h.frozen) ORDER BY h.instrument, h.vintage)
                      FILTER (WHERE h.available + h.locked + h.pledged + h.frozen <> 0), '[]') AS by_vintage
      FROM organisation o
      LEFT JOIN registry_account a ON a.organisation_id = o.id
      LEFT JOIN holding h ON h.account_id = a.id
     WHERE o.kind IN ('COMPLIANCE_ENTITY', 'INVESTOR') ${province ? Prisma.sql`AND o.province_code = ${province}` : Prisma.empty}
     GROUP BY o.id, a.id
     ORDER BY o.province_code ASC NULLS LAST, o.name ASC`;
  return rows.map((o) => ({
    organisationId: o.id,
    name: o.name,
    nameZh: o.name_zh,
    creditCode: o.credit_code,
    kind: o.kind,
    industry: o.industry,
    provinceCode: o.province_code,
    accountId: o.account_id,
    accountStatus: o.account_status,
    cea: Number(o.cea),
    ccer: Number(o.ccer),
    encumbered: Number(o.encumbered),
    byVintage: o.by_vintage,
  }));
}

/** Non-trade transfer requests, newest first: all for the registry operator, else the caller's own. */
export async function listNonTradeTransfers(actor: Actor, status?: RequestStatus, page?: Page) {
  // The registry operator sees every request; anyone else (a holder, or a regulator, who holds no account) its own.
  const mine = scopeOf(actor.roles, 'transfers.read') !== 'all';
  let accountFilter: Prisma.NonTradeTransferWhereInput = {};
  if (mine) {
    const own = await findOwnAccountId(db(), actor);
    if (own === null) return { items: [], nextCursor: null };
    accountFilter = { OR: [{ fromAccountId: own }, { toAccountId: own }] };
  }
  const rows = await db().nonTradeTransfer.findMany({
    where: { ...accountFilter, ...(status ? { status } : {}), ...(page?.cursor ? { id: { lt: Number(page.cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: page ? page.limit + 1 : 500,
  });
  const accountIds = [...new Set(rows.flatMap((r) => [r.fromAccountId, r.toAccountId]))];
  const found = await db().registryAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, number: true, name: true, organisation: { select: { nameZh: true } } } });
  const accounts = new Map(found.map(({ organisation, ...a }) => [a.id, { ...a, nameZh: organisation?.nameZh ?? null }]));
  return pageOf(
    rows.map((r) => ({ ...r, quantity: Number(r.quantity), entryId: r.entryId?.toString() ?? null, from: accounts.get(r.fromAccountId) ?? null, to: accounts.get(r.toAccountId) ?? null })),
    page?.limit ?? rows.length,
  );
}

async function encumbranceAccounts(accountIds: number[]) {
  const rows = await db().registryAccount.findMany({
    where: { id: { in: [...new Set(accountIds)] } }, select: { id: true, number: true, name: true, organisation: { select: { nameZh: true } } },
  });
  return new Map(rows.map(({ organisation, ...a }) => [a.id, { ...a, nameZh: organisation?.nameZh ?? null }]));
}

/** Freezes, newest first. Registry operators and the national regulator. */
export async function listFreezes(actor: Actor, page: Page = { limit: 500 }) {
  authorize(actor, 'encumbrances.read');
  const rows = await db().freeze.findMany({ where: page.cursor ? { id: { lt: Number(page.cursor) } } : {}, orderBy: { id: 'desc' }, take: page.limit + 1 });
  const accounts = await encumbranceAccounts(rows.map((r) => r.accountId));
  return pageOf(rows.map((f) => ({ ...f, quantity: Number(f.quantity), account: accounts.get(f.accountId) ?? null })), page.limit);
}

/** Pledges, newest first. Registry operators and the national regulator. */
export async function listPledges(actor: Actor, page: Page = { limit: 500 }) {
  authorize(actor, 'encumbrances.read');
  const rows = await db().pledge.findMany({ where: page.cursor ? { id: { lt: Number(page.cursor) } } : {}, orderBy: { id: 'desc' }, take: page.limit + 1 });
  const accounts = await encumbranceAccounts(rows.map((r) => r.accountId));
  return pageOf(
    rows.map((p) => ({ ...p, quantity: Number(p.quantity), securedAmount: new Decimal(p.securedAmount.toString()).toFixed(2), account: accounts.get(p.accountId) ?? null })),
    page.limit,
  );
}

/**
 * The audit trail, newest first, paged by record id. A record's place in the hash chain (seq, hash)
 * is null for the few seconds until the scheduler seals it (src/server/audit/audit.ts).
 * Operators and the national regulator.
 */
/** The start of a day in Beijing (the audit log's times are wall-clock instants, shown in Beijing time). */
const beijingDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

export async function listAudit(actor: Actor, q: { cursor?: string; limit: number; action?: string; from?: string; to?: string }) {
  authorize(actor, 'audit.read');
  const at = { ...(q.from ? { gte: beijingDayStart(q.from) } : {}), ...(q.to ? { lt: new Date(beijingDayStart(q.to).getTime() + 86_400_000) } : {}) };
  const rows = await db().auditLog.findMany({
    where: { ...(q.cursor ? { id: { lt: BigInt(q.cursor) } } : {}), ...(q.action ? { action: { startsWith: q.action } } : {}), ...(q.from || q.to ? { at } : {}) },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({ ...r, id: r.id.toString(), seq: r.seq === null ? null : String(r.seq), hash: r.seq === null ? null : r.hash, prevHash: r.seq === null ? null : r.prevHash, at: r.at.toISOString() })),
    nextCursor: rows.length > q.limit ? page.at(-1)!.id.toString() : null,
  };
}

/** Provinces (reference data, readable by every signed-in user): for pickers and filters. */
export async function listProvinces() {
  return db().province.findMany({ orderBy: { code: 'asc' } });
}
