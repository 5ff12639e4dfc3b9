import { ruleOf, type ApprovalAction } from '@/domain/registry/fourEyes';
import type { Instrument } from '@/generated/prisma/client';
import type { Actor } from '../identity/actor';
import { notify, settleNotifications } from '../notifications/notify';
import type { Tx } from '../tx';

/**
 * What the registry tells people (issue 13 §7), each inside the transaction of the change: a
 * four-eyes request to its possible approvers, a trusted-account addition to the holder's other
 * representatives, a transfer to the registry operators who decide it, a delayed transfer to both
 * sides. A decision settles the notifications about what it decided.
 */

/** A four-eyes request is waiting: everyone the rule set lets approve it, never the requester. */
export async function notifyApprovalRequested(
  tx: Tx, requester: Actor, request: { id: number; action: ApprovalAction; organisationId: number; accountNumber?: string; trustedAccountNumber?: string },
): Promise<number> {
  const rule = ruleOf(request.action);
  if (request.action === 'trustedAccount.add') {
    return notify(
      tx,
      { permission: 'trustedAccounts.manage', organisationId: request.organisationId, except: [requester.userId] },
      'TRUSTED_ACCOUNT_PENDING',
      { requestId: request.id, account: request.accountNumber ?? '', trustedAccount: request.trustedAccountNumber ?? '', requestedBy: requester.name },
      { link: '/approvals' },
    );
  }
  const recipients = rule.seniorRole
    ? { userIds: (await tx.$queryRaw<{ id: number }[]>`SELECT id FROM app_user WHERE ${rule.seniorRole}::"Role" = ANY(roles)`).map((r) => r.id), except: [requester.userId] }
    : { permission: rule.approverPermission, scopes: ['all' as const], except: [requester.userId] };
  return notify(tx, recipients, 'APPROVAL_PENDING', { requestId: request.id, action: request.action, requestedBy: requester.name }, { link: '/approvals' });
}

/** A request was decided (or withdrawn): nobody needs to act on it any more. */
export async function settleApprovalNotifications(tx: Tx, requestId: number): Promise<void> {
  await settleNotifications(tx, 'APPROVAL_PENDING', { requestId });
  await settleNotifications(tx, 'TRUSTED_ACCOUNT_PENDING', { requestId });
}

interface TransferLine {
  id: number;
  instrument: Instrument;
  vintage: number;
  quantity: bigint;
  kind: 'INHERITANCE' | 'MERGER' | 'SPLIT' | 'COURT_ORDER' | 'DONATION';
}

/** A non-trade transfer was requested: the registry operators decide it (not the requester). */
export async function notifyTransferRequested(tx: Tx, requester: Actor, t: TransferLine, from: string, to: string): Promise<number> {
  return notify(
    tx,
    { permission: 'transfers.decide', except: [requester.userId] },
    'TRANSFER_AWAITING_APPROVAL',
    { transferId: t.id, transferKind: t.kind, instrument: t.instrument, vintage: t.vintage, quantity: Number(t.quantity), fromAccount: from, toAccount: to },
    { link: '/transfers' },
  );
}

/** A transfer was approved into its delay: both sides learn when it moves, and that they may cancel it. */
export async function notifyTransferDelayed(
  tx: Tx, t: TransferLine, from: { number: string; organisationId: number | null }, to: { number: string; organisationId: number | null }, executesAt: Date,
): Promise<number> {
  let written = 0;
  for (const side of [from, to]) {
    if (side.organisationId === null) continue;
    written += await notify(
      tx,
      { permission: 'transfers.request', organisationId: side.organisationId, scopes: ['own'] },
      'TRANSFER_DELAYED',
      { transferId: t.id, instrument: t.instrument, vintage: t.vintage, quantity: Number(t.quantity), fromAccount: from.number, toAccount: to.number, executesAt: executesAt.toISOString() },
      { link: '/transfers' },
    );
  }
  return written;
}

/** A transfer was decided: the operators' "awaiting approval" is settled. */
export async function settleTransferNotifications(tx: Tx, transferId: number): Promise<void> {
  await settleNotifications(tx, 'TRANSFER_AWAITING_APPROVAL', { transferId });
}
