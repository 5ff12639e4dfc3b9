import { defineProblems } from './define';
import type { ApprovalAction, ApprovalRefusal } from '@/domain/registry/fourEyes';

/**
 * The registry controls' problem codes (texts: src/i18n/problems/controls.ts): four-eyes approvals,
 * the trusted account list, delayed transfers and reversals (DOMAIN §7b).
 */
export const CONTROLS_PROBLEMS = defineProblems({
  /** The user may not decide this request: its own, its own organisation's, not senior enough, or not its role. */
  APPROVAL_NOT_ALLOWED: { kind: 'FORBIDDEN', params: {} as { id: number; reason: ApprovalRefusal } },
  /** The request was decided already, or expired. */
  APPROVAL_CLOSED: { kind: 'CONFLICT', params: {} as { id: number; status: 'APPROVED' | 'REJECTED' | 'EXPIRED' } },
  /** A request for the same action on the same target is already waiting for approval. */
  APPROVAL_ALREADY_REQUESTED: { kind: 'CONFLICT', params: {} as { action: ApprovalAction; id: number } },
  /** The account is already on the list, or its addition waits for approval or activation. */
  TRUSTED_ACCOUNT_LISTED: { kind: 'CONFLICT', params: {} as { account: string } },
  /** Only a delayed transfer whose delay still runs can be cancelled. */
  TRANSFER_NOT_CANCELLABLE: { kind: 'CONFLICT', params: {} as { id: number; reason: 'NOT_DELAYED' | 'DELAY_OVER' } },
  /** This entry cannot be reversed. */
  NOT_REVERSIBLE: { kind: 'RULE', params: {} as { entry: string; reason: 'TYPE' | 'ALREADY_REVERSED' | 'IS_REVERSAL'; type: string } },
});
