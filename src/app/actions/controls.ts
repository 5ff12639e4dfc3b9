'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { decisionNoteSchema, reversalSchema, transferCancelSchema, trustedAccountRequestSchema } from '@/schemas/controls';
import { idSchema } from '@/schemas/registry';
import { decideApproval, submitForApproval } from '@/server/registry/approvals';
import { cancelDelayedTransfer } from '@/server/registry/movements';
import { removeTrustedAccount, requestTrustedAccount } from '@/server/registry/trustedAccounts';
import { runAction } from './run';

/** What a four-eyes decision can change: the approvals page, and the pages of every action it carries out. */
const APPROVAL_PATHS = ['/approvals', '/accounts', '/encumbrances', '/holdings', '/movements', '/trusted-accounts', '/ledger'];

const decideSchema = decisionNoteSchema.extend({ approvalId: idSchema, decision: z.enum(['approve', 'reject']) });

/** An approver approves (carries the action out) or rejects a four-eyes request. */
export async function decideApprovalAction(input: unknown) {
  return runAction(
    decideSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await decideApproval(actor, cmd.approvalId, cmd.decision, cmd.note);
      return { message: fmt(r.status === 'APPROVED' ? t.controls.approvedDone : t.controls.rejectedDone, { id: r.approvalId }) };
    },
    APPROVAL_PATHS,
    // Approving carries out a movement or a change: signed, like the action itself.
    { signed: (cmd) => cmd.decision === 'approve' },
  );
}

const trustedSchema = trustedAccountRequestSchema.extend({ accountId: idSchema });

/** A representative asks to add an account to its holder's trusted list. */
export async function requestTrustedAccountAction(input: unknown) {
  return runAction(
    trustedSchema,
    input,
    async (actor, { accountId, ...cmd }, { t }) => {
      const r = await requestTrustedAccount(actor, accountId, cmd);
      return { message: fmt(t.controls.added, { account: r.trustedAccountNumber }) };
    },
    ['/trusted-accounts', '/approvals'],
  );
}

const removeSchema = z.object({ accountId: idSchema, entryId: idSchema });

export async function removeTrustedAccountAction(input: unknown) {
  return runAction(
    removeSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await removeTrustedAccount(actor, cmd.accountId, cmd.entryId);
      return { message: fmt(t.controls.removed, { account: r.trustedAccountNumber }) };
    },
    ['/trusted-accounts', '/approvals'],
  );
}

const cancelSchema = transferCancelSchema.extend({ requestId: idSchema });

/** Either side, or the registry operator, cancels a delayed transfer during its delay. */
export async function cancelTransferAction(input: unknown) {
  return runAction(
    cancelSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await cancelDelayedTransfer(actor, cmd.requestId, cmd.reason);
      return { message: fmt(t.controls.cancelled, { id: r.requestId }) };
    },
    ['/transfers', '/holdings', '/movements'],
  );
}

/** A registry operator asks to reverse an erroneous entry; an administrator approves. */
export async function requestReversalAction(input: unknown) {
  return runAction(
    reversalSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await submitForApproval(actor, 'reversal', cmd);
      return { message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    ['/approvals'],
  );
}
