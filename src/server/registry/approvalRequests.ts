import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { scopeOf } from '@/domain/identity/permissions';
import {
  APPROVAL_ACTIONS, approvalExpiry, approvalRefusal, effectiveApprovalStatus, FOUR_EYES_RULES, ruleOf,
  type ApprovalAction, type ApprovalStatus,
} from '@/domain/registry/fourEyes';
import type { ApprovalListQuery, ApprovalSubmitted, ApprovalView } from '@/schemas/controls';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { may } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { marketNow, type Tx } from '../tx';
import { pageOf } from './queries';
import { notifyApprovalRequested, settleApprovalNotifications } from './registryNotifications';

/**
 * Four-eyes requests (DOMAIN §7b): an action that needs a second person is stored as a request
 * with its validated command; an approver allowed by the rule set (src/domain/registry/fourEyes.ts)
 * approves it — which carries the action out in the same transaction — or rejects it. This file
 * keeps the requests; ./approvals.ts knows the actions.
 */

export interface ApprovalTarget {
  targetType: string;
  targetId: string | number | null;
  /** The organisation whose account the action changes; its own people do not approve (unless the rule asks for a second representative). */
  affectedOrganisationId: number | null;
  provinceCode: string | null;
  /** Account numbers the notification names (a trusted-account addition). */
  describe?: { accountNumber?: string; trustedAccountNumber?: string };
}

export interface ApprovalRow {
  id: number;
  action: string;
  status: string;
  payload: Prisma.JsonValue;
  requestedById: number;
  organisationId: number;
  affectedOrganisationId: number | null;
  provinceCode: string | null;
  targetType: string;
  targetId: string | null;
  createdAt: Date;
  expiresAt: Date;
  decidedById: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  result: Prisma.JsonValue;
}

/** Stores a request inside the caller's transaction and audits it. */
export async function requestApproval(tx: Tx, actor: Actor, action: ApprovalAction, payload: object, target: ApprovalTarget): Promise<ApprovalSubmitted> {
  const now = await marketNow(tx);
  const expiresAt = approvalExpiry(action, now);
  const row = await tx.approvalRequest.create({
    data: {
      action, payload: payload as Prisma.InputJsonObject, requestedById: actor.userId, organisationId: actor.organisationId,
      affectedOrganisationId: target.affectedOrganisationId, provinceCode: target.provinceCode, targetType: target.targetType,
      targetId: target.targetId === null ? null : String(target.targetId), expiresAt,
    },
  });
  await recordAudit(tx, actor, { action: 'approval.request', targetType: 'approval_request', targetId: row.id, after: { action, payload, target } });
  await notifyApprovalRequested(tx, actor, { id: row.id, action, organisationId: actor.organisationId, ...target.describe });
  return { approvalId: row.id, action, status: 'PENDING', expiresAt: expiresAt.toISOString() };
}

/** A pending request for the same action on the same target, if any (to refuse a duplicate). */
export async function pendingRequestFor(tx: Tx, action: ApprovalAction, targetType: string, targetId: string | number): Promise<number | null> {
  // Two submissions for one target queue here until the first commits; the second then finds it.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`approval:${action}:${targetType}:${targetId}`}))::text`;
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM approval_request
     WHERE action = ${action} AND status = 'PENDING' AND target_type = ${targetType} AND target_id = ${String(targetId)} AND expires_at > market_now()
     LIMIT 1`;
  return rows[0]?.id ?? null;
}

/** The pending requests of an action on some targets (target id → request id): a read, for pages that show what waits. */
export async function pendingRequestsOn(action: ApprovalAction, targetType: string, targetIds: readonly (string | number)[]): Promise<Map<string, number>> {
  if (targetIds.length === 0) return new Map();
  const rows = await db().$queryRaw<{ id: number; target_id: string }[]>`
    SELECT id, target_id FROM approval_request
     WHERE action = ${action} AND status = 'PENDING' AND target_type = ${targetType} AND target_id IN (${Prisma.join(targetIds.map(String))}) AND expires_at > market_now()`;
  return new Map(rows.map((r) => [r.target_id, r.id]));
}

/** The pending requests of some actions, oldest first, with who asked (for the pages whose changes wait). */
export async function pendingRequestsOf(actions: readonly ApprovalAction[]): Promise<{ id: number; action: ApprovalAction; requestedBy: string; createdAt: string }[]> {
  const rows = await db().approvalRequest.findMany({
    where: { action: { in: [...actions] }, status: 'PENDING', expiresAt: { gt: await marketNow(db()) } },
    orderBy: { id: 'asc' },
    take: 20,
  });
  const users = await userNames(rows.map((r) => r.requestedById));
  return rows.map((r) => ({ id: r.id, action: r.action as ApprovalAction, requestedBy: users.get(r.requestedById) ?? '', createdAt: r.createdAt.toISOString() }));
}

/** Why the actor may not decide the request, or null (the rule set, with the actor's permission in the target's scope). */
export function refusalFor(actor: Actor, row: Pick<ApprovalRow, 'action' | 'requestedById' | 'organisationId' | 'affectedOrganisationId' | 'provinceCode'>) {
  const action = row.action as ApprovalAction;
  const rule = ruleOf(action);
  const target = { organisationId: rule.sameOrganisation ? row.organisationId : row.affectedOrganisationId, provinceCode: row.provinceCode };
  return approvalRefusal(action, row, {
    userId: actor.userId, organisationId: actor.organisationId, roles: actor.roles, holdsPermission: may(actor, rule.approverPermission, target),
  });
}

/** Locks a request for a decision; refuses one that is closed, expired, or not the actor's to decide. */
export async function lockForDecision(tx: Tx, actor: Actor, id: number): Promise<ApprovalRow> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM approval_request WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) throw fail('NOT_FOUND', { what: 'approval', id });
  const row = (await tx.approvalRequest.findUniqueOrThrow({ where: { id } })) as ApprovalRow;
  // Who may not see the request at all gets 404, as for any other thing outside its scope.
  if (!mayView(actor, row)) throw fail('NOT_FOUND', { what: 'approval', id });
  const status = effectiveApprovalStatus(row.status as ApprovalStatus, row.expiresAt, await marketNow(tx));
  if (status !== 'PENDING') throw fail('APPROVAL_CLOSED', { id, status });
  const refusal = refusalFor(actor, row);
  if (refusal) throw fail('APPROVAL_NOT_ALLOWED', { id, reason: refusal });
  return row;
}

/** Closes a request with its decision and result, and audits the decision. */
export async function closeRequest(tx: Tx, actor: Actor, row: ApprovalRow, status: 'APPROVED' | 'REJECTED', note: string | undefined, result: unknown): Promise<void> {
  await tx.approvalRequest.update({
    where: { id: row.id },
    data: {
      status, decidedById: actor.userId, decidedAt: await marketNow(tx), decisionNote: note ?? null,
      result: result === undefined ? Prisma.JsonNull : (JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Prisma.InputJsonValue),
    },
  });
  await settleApprovalNotifications(tx, row.id);
  await recordAudit(tx, actor, { action: `approval.${status === 'APPROVED' ? 'approve' : 'reject'}`, targetType: 'approval_request', targetId: row.id, before: { status: 'PENDING' }, after: { status, action: row.action, note } });
}

/** Whether the actor may see a request: its own, its organisation's (for a second representative), or one it could decide. */
function mayView(actor: Actor, row: Pick<ApprovalRow, 'action' | 'requestedById' | 'organisationId' | 'affectedOrganisationId' | 'provinceCode'>): boolean {
  if (row.requestedById === actor.userId) return true;
  const refusal = refusalFor(actor, row);
  return refusal === null || refusal === 'AFFECTED' || refusal === 'NOT_SENIOR';
}

/** The actions whose approver permission the actor holds (in some scope), or which its organisation's representatives approve. */
function actionsVisibleTo(actor: Actor): ApprovalAction[] {
  return APPROVAL_ACTIONS.filter((a) => scopeOf(actor.roles, FOUR_EYES_RULES[a].approverPermission) !== null);
}

/**
 * The approver's task list (`tasks`: requests it may decide now), its own requests (`mine`), or
 * every request it may see (`all`), newest first, with the effective status (a pending request
 * past its expiry reads EXPIRED).
 */
export async function listApprovals(actor: Actor, query: ApprovalListQuery): Promise<{ items: ApprovalView[]; nextCursor: string | null }> {
  const now = await marketNow(db());
  const visible = actionsVisibleTo(actor);
  const where: Prisma.ApprovalRequestWhereInput =
    query.view === 'mine'
      ? { requestedById: actor.userId }
      : { OR: [{ requestedById: actor.userId }, { action: { in: visible } }], ...(query.view === 'tasks' ? { status: 'PENDING', expiresAt: { gt: now }, NOT: { requestedById: actor.userId } } : {}) };
  const statusFilter: Prisma.ApprovalRequestWhereInput =
    query.status === undefined ? {}
      : query.status === 'EXPIRED' ? { OR: [{ status: 'EXPIRED' }, { status: 'PENDING', expiresAt: { lte: now } }] }
        : query.status === 'PENDING' ? { status: 'PENDING', expiresAt: { gt: now } }
          : { status: query.status };
  // Rows are filtered by the rule set in code (scope and organisation): read batches until the page is full or the rows run out.
  const shown: ApprovalRow[] = [];
  const batch = Math.max(50, (query.limit + 1) * 4);
  let before = query.cursor ? Number(query.cursor) : null;
  for (;;) {
    const rows = (await db().approvalRequest.findMany({
      where: { AND: [where, statusFilter, before !== null ? { id: { lt: before } } : {}] },
      orderBy: { id: 'desc' },
      take: batch,
    })) as ApprovalRow[];
    shown.push(...rows.filter((r) => mayView(actor, r) && (query.view !== 'tasks' || refusalFor(actor, r) === null)));
    if (rows.length < batch || shown.length > query.limit) break;
    before = rows.at(-1)!.id;
  }
  const users = await userNames([...new Set(shown.flatMap((r) => [r.requestedById, r.decidedById ?? 0]).filter((x) => x > 0))]);
  const page = pageOf(shown.map((r) => ({ ...r, id: r.id })), query.limit);
  return { items: page.items.map((r) => toView(actor, r, users, now)), nextCursor: page.nextCursor };
}

/** One request, as its requester or an approver sees it. */
export async function getApproval(actor: Actor, id: number): Promise<ApprovalView> {
  const row = (await db().approvalRequest.findUnique({ where: { id } })) as ApprovalRow | null;
  if (!row || !mayView(actor, row)) throw fail('NOT_FOUND', { what: 'approval', id });
  const users = await userNames([row.requestedById, row.decidedById ?? 0].filter((x) => x > 0));
  return toView(actor, row, users, await marketNow(db()));
}

async function userNames(ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

function toView(actor: Actor, r: ApprovalRow, users: Map<number, string>, now: Date): ApprovalView {
  const status = effectiveApprovalStatus(r.status as ApprovalStatus, r.expiresAt, now);
  return {
    id: r.id,
    action: r.action as ApprovalAction,
    status,
    payload: (r.payload ?? {}) as Record<string, unknown>,
    targetType: r.targetType,
    targetId: r.targetId,
    requestedBy: { id: r.requestedById, name: users.get(r.requestedById) ?? '' },
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    decidedBy: r.decidedById ? { id: r.decidedById, name: users.get(r.decidedById) ?? '' } : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    result: r.result ?? null,
    mayDecide: status === 'PENDING' && refusalFor(actor, r) === null,
  };
}

/** The registry numbers of the accounts the requests name (payload.accountId), for their descriptions. */
export async function accountNumbersOf(items: readonly ApprovalView[]): Promise<Map<number, string>> {
  const ids = [...new Set(items.map((r) => Number((r.payload as { accountId?: unknown }).accountId)).filter((n) => Number.isInteger(n) && n > 0))];
  if (ids.length === 0) return new Map();
  const rows = await db().registryAccount.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } });
  return new Map(rows.map((a) => [a.id, a.number]));
}
