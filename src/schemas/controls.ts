import { z } from 'zod';
import { APPROVAL_ACTIONS, APPROVAL_STATUSES } from '@/domain/registry/fourEyes';
import { isoDateTime } from './api';
import { idSchema, pageQuerySchema, text } from './registry';

/**
 * Schemas of the registry controls (DOMAIN §7b): the trusted account list, four-eyes approvals,
 * cancelling a delayed transfer, and reversals. Shared by routes, server actions and OpenAPI.
 */

/** A registry account number as users read it: RA- and the holder's credit code, or a system account's number. */
export const accountNumberSchema = z.string().trim().toUpperCase().regex(/^[A-Z]{2,4}-[0-9A-Z-]{2,40}$/).describe('Registry account number, e.g. RA-91440000MA4UL8GX8B');

export const trustedAccountRequestSchema = z.object({
  accountNumber: accountNumberSchema,
  description: text(0, 200).optional(),
});
export type TrustedAccountRequestCommand = z.infer<typeof trustedAccountRequestSchema>;

export const trustedAccountParamsSchema = z.object({ id: idSchema.describe('Registry account id'), trustedId: idSchema.describe('Trusted account entry id') });

export const TRUSTED_ACCOUNT_STATES = ['PENDING_APPROVAL', 'PENDING_ACTIVATION', 'TRUSTED', 'REJECTED', 'REMOVED'] as const;
export const trustedAccountViewSchema = z.object({
  id: z.number().int(),
  accountId: z.number().int(),
  trustedAccountId: z.number().int(),
  trustedAccountNumber: z.string(),
  trustedAccountName: z.string(),
  description: z.string().nullable(),
  state: z.enum(TRUSTED_ACCOUNT_STATES).describe('PENDING_APPROVAL (a second representative must approve), PENDING_ACTIVATION (approved; trusted from activeFrom), TRUSTED, REJECTED, REMOVED'),
  requestedAt: isoDateTime,
  approvedAt: isoDateTime.nullable(),
  activeFrom: isoDateTime.nullable(),
  removedAt: isoDateTime.nullable(),
  approvalId: z.number().int().nullable(),
});
export type TrustedAccountView = z.infer<typeof trustedAccountViewSchema>;
export const trustedAccountListSchema = z.object({ items: z.array(trustedAccountViewSchema), nextCursor: z.string().nullable() });

export const reversalSchema = z.object({
  entryId: z.string().regex(/^[1-9][0-9]{0,17}$/).describe('The journal entry to reverse'),
  reason: text(5, 500),
});
export type ReversalCommand = z.infer<typeof reversalSchema>;

/** The approver's note: what was checked, or why the request is rejected (kept with the decision). */
export const decisionNoteSchema = z.object({ note: text(3, 500) });

export const APPROVAL_VIEWS = ['tasks', 'mine', 'all'] as const;
export const approvalListQuerySchema = pageQuerySchema.extend({
  view: z.enum(APPROVAL_VIEWS).default('tasks').describe('tasks: requests you may decide; mine: your own requests; all: every request you may see'),
  status: z.enum(APPROVAL_STATUSES).optional(),
});
export type ApprovalListQuery = z.infer<typeof approvalListQuerySchema>;

export const approvalViewSchema = z.object({
  id: z.number().int(),
  action: z.enum(APPROVAL_ACTIONS),
  status: z.enum(APPROVAL_STATUSES),
  payload: z.looseObject({}).describe('The request as submitted'),
  targetType: z.string(),
  targetId: z.string().nullable(),
  requestedBy: z.object({ id: z.number().int(), name: z.string() }),
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  decidedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  decidedAt: isoDateTime.nullable(),
  decisionNote: z.string().nullable(),
  result: z.unknown().nullable(),
  mayDecide: z.boolean().describe('Whether the caller may approve or reject it now'),
});
export type ApprovalView = z.infer<typeof approvalViewSchema>;
export const approvalListSchema = z.object({ items: z.array(approvalViewSchema), nextCursor: z.string().nullable() });

/** What an action that needs a second person answers: the request waiting for approval (HTTP 202). */
export const approvalSubmittedSchema = z.object({
  approvalId: z.number().int(),
  action: z.enum(APPROVAL_ACTIONS),
  status: z.literal('PENDING'),
  expiresAt: isoDateTime,
});
export type ApprovalSubmitted = z.infer<typeof approvalSubmittedSchema>;

export const transferCancelSchema = z.object({ reason: text(3, 500) });
export const transferCancelResultSchema = z.object({ requestId: z.number().int(), status: z.literal('CANCELLED'), entryId: z.string() });
export const reversalResultSchema = z.object({ originalEntryId: z.string(), reversalEntryId: z.string() });
export const approvalDecisionSchema = z.object({
  approvalId: z.number().int(),
  status: z.enum(['APPROVED', 'REJECTED']),
  result: z.unknown().nullable().describe('What the approved action answered (the movement, the new status …)'),
});
