import { db } from '@/db/client';
import { registryDelays } from '@/config/env';
import { addBusinessHours, trustedAccountState } from '@/domain/registry/transferDelays';
import type { TrustedAccountRequestCommand, TrustedAccountView } from '@/schemas/controls';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { holidays } from '../trading/market';
import { inTransaction, marketNow, type Tx } from '../tx';
import { requestApproval } from './approvalRequests';
import { settleApprovalNotifications } from './registryNotifications';

/**
 * The trusted account list (DOMAIN §7b; EU Union Registry, UK ETS Registry): per registry account,
 * the accounts its holder trusts. An addition is requested by one representative and approved by a
 * second of the same holder (four eyes: ./approvals.ts), and trusted only after a delay counted in
 * business hours (TRUSTED_ACCOUNT_DELAY_BUSINESS_HOURS). A non-trade transfer to an account on the
 * list moves as soon as it is approved; to any other it waits its delay (./movements.ts).
 */

interface EntryRow {
  id: number;
  account_id: number;
  trusted_account_id: number;
  number: string;
  name: string;
  description: string | null;
  status: string;
  requested_at: Date;
  approved_at: Date | null;
  active_from: Date | null;
  removed_at: Date | null;
  approval_id: number | null;
  approval_expired: boolean;
}

/** The account, readable by the actor: its own holder's representatives, or the registry operator. */
async function listOwner(actor: Actor, accountId: number, permission: 'trustedAccounts.read' | 'trustedAccounts.manage') {
  const account = await db().registryAccount.findUnique({ where: { id: accountId }, select: { id: true, number: true, type: true, organisationId: true } });
  authorize(actor, permission, { organisationId: account?.organisationId ?? null }, { what: 'account', id: accountId });
  if (!account || account.type !== 'PARTICIPANT') throw fail('NOT_FOUND', { what: 'account', id: accountId });
  return account;
}

async function entries(client: Tx, accountId: number, entryId?: number): Promise<EntryRow[]> {
  return client.$queryRaw<EntryRow[]>`
    SELECT t.id, t.account_id, t.trusted_account_id, a.number, a.name, t.description, t.status, t.requested_at, t.approved_at, t.active_from, t.removed_at,
           r.id AS approval_id, coalesce(r.status = 'EXPIRED' OR (r.status = 'PENDING' AND r.expires_at <= market_now()), false) AS approval_expired
      FROM trusted_account t JOIN registry_account a ON a.id = t.trusted_account_id
      -- The addition's approval request (the newest; an entry has one).
      LEFT JOIN LATERAL (SELECT id, status, expires_at FROM approval_request
                          WHERE action = 'trustedAccount.add' AND target_type = 'trusted_account' AND target_id = t.id::text ORDER BY id DESC LIMIT 1) r ON true
     WHERE t.account_id = ${accountId} AND (${entryId ?? null}::int IS NULL OR t.id = ${entryId ?? null}::int)
     ORDER BY t.id DESC`;
}

function toView(r: EntryRow, now: Date): TrustedAccountView {
  return {
    id: r.id, accountId: r.account_id, trustedAccountId: r.trusted_account_id, trustedAccountNumber: r.number, trustedAccountName: r.name,
    description: r.description, state: r.status === 'PENDING_APPROVAL' && r.approval_expired ? 'REJECTED' : trustedAccountState(r.status, r.active_from, now), requestedAt: r.requested_at.toISOString(),
    approvedAt: r.approved_at?.toISOString() ?? null, activeFrom: r.active_from?.toISOString() ?? null, removedAt: r.removed_at?.toISOString() ?? null,
    approvalId: r.approval_id,
  };
}

/** The list with each entry's state now (pending approval, pending activation, trusted, rejected, removed). */
export async function listTrustedAccounts(actor: Actor, accountId: number): Promise<{ items: TrustedAccountView[]; nextCursor: null }> {
  await listOwner(actor, accountId, 'trustedAccounts.read');
  const now = await marketNow(db());
  return { items: (await entries(db(), accountId)).map((r) => toView(r, now)), nextCursor: null };
}

/** A representative asks to add an account to its holder's list; a second representative approves. */
export async function requestTrustedAccount(actor: Actor, accountId: number, cmd: TrustedAccountRequestCommand): Promise<TrustedAccountView> {
  const account = await listOwner(actor, accountId, 'trustedAccounts.manage');
  return inTransaction(async (tx) => {
    const target = await tx.registryAccount.findUnique({ where: { number: cmd.accountNumber }, select: { id: true, type: true, status: true } });
    if (!target || target.type !== 'PARTICIPANT' || target.status === 'CLOSED') {
      throw fail('INVALID_INPUT', {}, { accountNumber: { code: 'FIELD_NOT_A_PARTICIPANT_ACCOUNT', params: {} } });
    }
    if (target.id === account.id) throw fail('SAME_ACCOUNT', {}, { accountNumber: { code: 'FIELD_SAME_AS_SOURCE', params: {} } });
    // One live entry per pair: the partial unique index refuses a second; look first for a clear answer.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`trusted:${account.id}:${target.id}`}))::text`;
    const live = await tx.trustedAccount.findFirst({ where: { accountId: account.id, trustedAccountId: target.id, status: { in: ['PENDING_APPROVAL', 'APPROVED'] } } });
    if (live) throw fail('TRUSTED_ACCOUNT_LISTED', { account: cmd.accountNumber });
    const entry = await tx.trustedAccount.create({
      data: { accountId: account.id, trustedAccountId: target.id, description: cmd.description || null, requestedById: actor.userId },
    });
    await recordAudit(tx, actor, { action: 'trusted_account.request', targetType: 'trusted_account', targetId: entry.id, after: { accountId: account.id, trustedAccountId: target.id, description: cmd.description } });
    await requestApproval(tx, actor, 'trustedAccount.add', { accountId: account.id, entryId: entry.id, accountNumber: cmd.accountNumber }, {
      targetType: 'trusted_account', targetId: entry.id, affectedOrganisationId: account.organisationId, provinceCode: null,
      describe: { accountNumber: account.number, trustedAccountNumber: cmd.accountNumber },
    });
    return toView((await entries(tx, account.id, entry.id))[0]!, await marketNow(tx));
  });
}

/** The approved addition: trusted from the approval plus the delay in business hours (runs inside the approval's transaction). */
export async function activateTrustedAccount(actor: Actor, payload: { accountId: number; entryId: number }): Promise<TrustedAccountView> {
  return inTransaction(async (tx) => {
    const [entry] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM trusted_account WHERE id = ${payload.entryId} AND account_id = ${payload.accountId} FOR UPDATE`;
    if (!entry) throw fail('NOT_FOUND', { what: 'trustedAccount', id: payload.entryId });
    if (entry.status !== 'PENDING_APPROVAL') throw fail('TRUSTED_ACCOUNT_LISTED', { account: String(payload.entryId) });
    const now = await marketNow(tx);
    const activeFrom = addBusinessHours(now, registryDelays().trustedAccountBusinessHours, await holidays(tx));
    await tx.trustedAccount.update({ where: { id: payload.entryId }, data: { status: 'APPROVED', approvedById: actor.userId, approvedAt: now, activeFrom } });
    await recordAudit(tx, actor, { action: 'trusted_account.approve', targetType: 'trusted_account', targetId: payload.entryId, after: { activeFrom } });
    return toView((await entries(tx, payload.accountId, payload.entryId))[0]!, now);
  });
}

/** A rejected (or withdrawn) addition. */
export async function rejectTrustedAccount(tx: Tx, actor: Actor, payload: { entryId: number }): Promise<void> {
  await tx.trustedAccount.updateMany({ where: { id: payload.entryId, status: 'PENDING_APPROVAL' }, data: { status: 'REJECTED' } });
  await recordAudit(tx, actor, { action: 'trusted_account.reject', targetType: 'trusted_account', targetId: payload.entryId });
}

/** A representative removes an entry (at once, no approval: removing trust only makes transfers slower). */
export async function removeTrustedAccount(actor: Actor, accountId: number, entryId: number): Promise<TrustedAccountView> {
  await listOwner(actor, accountId, 'trustedAccounts.manage');
  return inTransaction(async (tx) => {
    // The approval request first, then the entry: the order an approval locks them in (no deadlock).
    await tx.$queryRaw`SELECT id FROM approval_request WHERE action = 'trustedAccount.add' AND target_type = 'trusted_account' AND target_id = ${String(entryId)} FOR UPDATE`;
    const [entry] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM trusted_account WHERE id = ${entryId} AND account_id = ${accountId} FOR UPDATE`;
    if (!entry || entry.status === 'REMOVED' || entry.status === 'REJECTED') throw fail('NOT_FOUND', { what: 'trustedAccount', id: entryId });
    const now = await marketNow(tx);
    await tx.trustedAccount.update({ where: { id: entryId }, data: { status: 'REMOVED', removedById: actor.userId, removedAt: now } });
    // A pending addition's approval request is closed with it.
    const closed = await tx.$queryRaw<{ id: number }[]>`UPDATE approval_request SET status = 'REJECTED', decision_note = 'withdrawn', decided_at = ${now}
                          WHERE action = 'trustedAccount.add' AND status = 'PENDING' AND target_type = 'trusted_account' AND target_id = ${String(entryId)} RETURNING id`;
    for (const r of closed) await settleApprovalNotifications(tx, r.id);
    await recordAudit(tx, actor, { action: 'trusted_account.remove', targetType: 'trusted_account', targetId: entryId, before: { status: entry.status } });
    return toView((await entries(tx, accountId, entryId))[0]!, now);
  });
}

/** Whether `to` is trusted by `from` now (approved, and its delay passed). */
export async function isTrusted(tx: Tx, fromAccountId: number, toAccountId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM trusted_account
     WHERE account_id = ${fromAccountId} AND trusted_account_id = ${toAccountId} AND status = 'APPROVED' AND active_from <= market_now() LIMIT 1`;
  return rows.length > 0;
}
