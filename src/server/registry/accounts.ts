import Decimal from 'decimal.js';
import { Prisma, type AccountStatus, type AccountType } from '@/generated/prisma/client';
import { nextAccountStatus } from '@/domain/registry/accountLifecycle';
import { totalOf } from '@/domain/registry/holdings';
import type { AccountApplicationCommand, AccountStatusCommand, OrganisationUpdateCommand } from '@/schemas/registry';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { marketNow, inTransaction, type Tx } from '../tx';

/** A registry account row as the services need it: status and scope for authorization. */
export interface AccountRow {
  id: number;
  number: string;
  type: AccountType;
  status: AccountStatus;
  name: string;
  organisation_id: number | null;
  province_code: string | null;
}

/**
 * Reads registry accounts with a row lock: FOR SHARE for movements (many may run at once; a
 * status change cannot slip in between the check and the posting), FOR UPDATE for status
 * changes. Always locked before holdings, in id order, so lock order is fixed across use cases.
 */
export async function lockAccounts(tx: Tx, ids: number[], mode: 'share' | 'update' = 'share'): Promise<Map<number, AccountRow>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (unique.length === 0) return new Map();
  const lock = mode === 'share' ? Prisma.sql`FOR SHARE OF a` : Prisma.sql`FOR UPDATE OF a`;
  const rows = await tx.$queryRaw<AccountRow[]>`
    SELECT a.id, a.number, a.type, a.status, a.name, a.organisation_id,
           coalesce(a.province_code, o.province_code) AS province_code
      FROM registry_account a LEFT JOIN organisation o ON o.id = a.organisation_id
     WHERE a.id IN (${Prisma.join(unique)}) ORDER BY a.id ${lock}`;
  return new Map(rows.map((r) => [r.id, r]));
}

export async function lockAccount(tx: Tx, id: number, mode: 'share' | 'update' = 'share'): Promise<AccountRow> {
  const row = (await lockAccounts(tx, [id], mode)).get(id);
  if (!row) throw fail('NOT_FOUND', { what: 'account', id });
  return row;
}

/** The one system account of a type (per province for PROVINCE_ALLOCATION). */
export async function systemAccountId(tx: Tx, type: Exclude<AccountType, 'PARTICIPANT'>, provinceCode?: string): Promise<number> {
  const row = await tx.registryAccount.findFirst({
    where: { type, ...(type === 'PROVINCE_ALLOCATION' ? { provinceCode } : {}) },
    select: { id: true },
  });
  if (!row) throw fail('NOT_FOUND', { what: 'account', id: type === 'PROVINCE_ALLOCATION' ? `SYS-ALLOC-${provinceCode}` : (SYSTEM_ACCOUNTS.find((a) => a.type === type)?.number ?? type) });
  return row.id;
}

/** The id of the caller's own registry account (entities and investors hold one each), or null. */
export async function findOwnAccountId(client: Tx, actor: Actor): Promise<number | null> {
  const row = await client.registryAccount.findUnique({ where: { organisationId: actor.organisationId }, select: { id: true } });
  return row?.id ?? null;
}

/** The caller's own registry account; 404 when the organisation has none. */
export async function ownAccountId(tx: Tx, actor: Actor): Promise<number> {
  const id = await findOwnAccountId(tx, actor);
  if (id === null) throw fail('NOT_FOUND', { what: 'account', id: null });
  return id;
}

/** The cash account linked (through the trading account) to a registry account, if opened. */
export function linkedCashAccount(client: Tx, registryAccountId: number) {
  return client.cashAccount.findFirst({ where: { tradingAccount: { registryAccountId } } });
}

const SYSTEM_ACCOUNTS: { type: Exclude<AccountType, 'PARTICIPANT' | 'PROVINCE_ALLOCATION'>; number: string; name: string }[] = [
  { type: 'ISSUANCE', number: 'SYS-ISSUANCE', name: 'Issuance source (total issued)' },
  { type: 'NATIONAL_RESERVE', number: 'SYS-RESERVE', name: 'National allowance reserve' },
  { type: 'AUCTION', number: 'SYS-AUCTION', name: 'Auction account' },
  { type: 'CANCELLATION', number: 'SYS-CANCELLATION', name: 'Cancellation (retirement) account' },
  { type: 'CCER_REGISTRY', number: 'SYS-CCER', name: 'CCER registry' },
];

/** Creates the system registry and cash accounts and each province's allocation account if missing. */
export async function ensureSystemAccounts(tx: Tx): Promise<void> {
  for (const a of SYSTEM_ACCOUNTS) {
    await tx.registryAccount.upsert({ where: { number: a.number }, update: {}, create: { ...a, status: 'ACTIVE' } });
  }
  for (const p of await tx.province.findMany()) {
    await tx.registryAccount.upsert({
      where: { number: `SYS-ALLOC-${p.code}` },
      update: {},
      create: { number: `SYS-ALLOC-${p.code}`, type: 'PROVINCE_ALLOCATION', status: 'ACTIVE', name: `${p.name} allocation account`, provinceCode: p.code },
    });
  }
  const cash: { number: string; type: 'EXTERNAL_BANK' | 'EXCHANGE_FEES' | 'RISK_RESERVE' | 'AUCTION_PROCEEDS'; name: string; isSource: boolean }[] = [
    { number: 'SYS-CASH-BANK', type: 'EXTERNAL_BANK', name: 'Settlement bank (deposits and withdrawals)', isSource: true },
    { number: 'SYS-CASH-FEES', type: 'EXCHANGE_FEES', name: 'Exchange fee income', isSource: false },
    { number: 'SYS-CASH-RISK', type: 'RISK_RESERVE', name: 'Risk reserve', isSource: false },
    { number: 'SYS-CASH-AUCTION', type: 'AUCTION_PROCEEDS', name: 'Auction proceeds', isSource: false },
  ];
  for (const c of cash) await tx.cashAccount.upsert({ where: { number: c.number }, update: {}, create: c });
}

/** Registry operator records an account application: the organisation and a PENDING account. */
export async function applyForAccount(actor: Actor, cmd: AccountApplicationCommand) {
  authorize(actor, 'accounts.manage');
  return inTransaction(async (tx) => {
    const province = await tx.province.findUnique({ where: { code: cmd.provinceCode } });
    if (!province) throw fail('INVALID_INPUT', {}, { provinceCode: problem('FIELD_NO_SUCH', { what: 'province' }) });
    // Parallel applications for one credit code queue on a lock of that code, so the second one
    // finds the first and is refused (409), instead of racing to the unique index.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`credit-code:${cmd.creditCode}`}))::text`;
    const existing = await tx.organisation.findUnique({ where: { creditCode: cmd.creditCode } });
    if (existing) throw fail('DUPLICATE_CREDIT_CODE', { creditCode: cmd.creditCode }, { creditCode: problem('FIELD_ALREADY_REGISTERED') });
    const org = await tx.organisation.create({
      data: {
        name: cmd.name, nameZh: cmd.nameZh, creditCode: cmd.creditCode, kind: cmd.kind, provinceCode: cmd.provinceCode,
        industry: cmd.industry ?? null, groupName: cmd.groupName ?? null, address: cmd.address ?? null, legalRep: cmd.legalRep ?? null,
      },
    });
    const account = await tx.registryAccount.create({
      data: { number: `RA-${cmd.creditCode}`, type: 'PARTICIPANT', status: 'PENDING', name: cmd.name, organisationId: org.id },
    });
    await recordAudit(tx, actor, { action: 'account.apply', targetType: 'registry_account', targetId: account.id, after: { organisation: org, account } });
    return { accountId: account.id, organisationId: org.id, number: account.number, status: account.status };
  });
}

/**
 * Account lifecycle: approve (PENDING→ACTIVE, opening the linked trading and cash accounts),
 * restrict, reinstate, close (only when empty), reject. Every change is kept as history.
 */
export async function changeAccountStatus(actor: Actor, accountId: number, cmd: AccountStatusCommand) {
  authorize(actor, 'accounts.manage');
  return inTransaction(async (tx) => {
    const account = await lockAccount(tx, accountId, 'update');
    if (account.type !== 'PARTICIPANT') throw fail('SYSTEM_ACCOUNT', { account: account.number });
    const holdings = await tx.holding.findMany({ where: { accountId } });
    const holdingsTotal = holdings.reduce((s, h) => s + totalOf(h), 0n);
    const cash = await linkedCashAccount(tx, accountId);
    const cashTotal = cash ? new Decimal(cash.available.toString()).plus(cash.locked.toString()).toFixed(2) : '0.00';
    const next = nextAccountStatus(account.status, cmd.action, { holdingsTotal, cashTotal });
    if (!next.ok) throw next.code === 'ACCOUNT_NOT_EMPTY' ? fail('ACCOUNT_NOT_EMPTY', next.params) : fail('INVALID_TRANSITION', next.params);

    await tx.registryAccount.update({
      where: { id: accountId },
      data: { status: next.status, ...(next.status === 'CLOSED' ? { closedAt: await marketNow(tx) } : {}) },
    });
    await tx.accountStatusChange.create({
      data: { accountId, fromStatus: account.status, toStatus: next.status, reason: cmd.reason, actorUserId: actor.userId },
    });
    if (cmd.action === 'approve') await openLinkedAccounts(tx, accountId, account.number);
    await recordAudit(tx, actor, {
      action: `account.${cmd.action}`, targetType: 'registry_account', targetId: accountId,
      before: { status: account.status }, after: { status: next.status, reason: cmd.reason },
    });
    return { accountId, status: next.status };
  });
}

/** Opens the trading account and cash account linked 1:1:1 with a registry account. */
export async function openLinkedAccounts(tx: Tx, registryAccountId: number, registryNumber: string): Promise<void> {
  const suffix = registryNumber.replace(/^RA-/, '');
  const trading = await tx.tradingAccount.upsert({
    where: { registryAccountId },
    update: {},
    create: { registryAccountId, number: `TA-${suffix}` },
  });
  await tx.cashAccount.upsert({
    where: { tradingAccountId: trading.id },
    update: {},
    create: { tradingAccountId: trading.id, number: `CA-${suffix}`, type: 'PARTICIPANT', name: `Cash ${suffix}` },
  });
}

const REGISTERED_FIELDS = ['name', 'nameZh', 'industry', 'groupName', 'address', 'legalRep'] as const;

/** Changes an organisation's registered information, keeping the before/after as history. */
export async function updateOrganisation(actor: Actor, organisationId: number, cmd: OrganisationUpdateCommand) {
  authorize(actor, 'accounts.manage');
  return inTransaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: organisationId } });
    if (!org) throw fail('NOT_FOUND', { what: 'organisation', id: organisationId });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const f of REGISTERED_FIELDS) {
      const v = cmd[f];
      if (v !== undefined && v !== org[f]) {
        before[f] = org[f];
        after[f] = v;
      }
    }
    if (Object.keys(after).length === 0) throw fail('INVALID_INPUT', {}, { name: problem('FIELD_NOTHING_CHANGED') });
    await tx.organisation.update({ where: { id: organisationId }, data: after });
    if (after.name !== undefined) {
      await tx.registryAccount.updateMany({ where: { organisationId }, data: { name: after.name as string } });
    }
    const change = await tx.organisationChange.create({
      data: { organisationId, before: before as Prisma.InputJsonObject, after: after as Prisma.InputJsonObject, reason: cmd.reason, actorUserId: actor.userId },
    });
    await recordAudit(tx, actor, { action: 'organisation.update', targetType: 'organisation', targetId: organisationId, before, after: { ...after, reason: cmd.reason } });
    return { changeId: change.id, changed: Object.keys(after) };
  });
}
