import type { Role } from '@/generated/prisma/enums';
import type { Permission } from '@/domain/identity/permissions';

/**
 * Four eyes (DOMAIN §7b), one rule set as data: which actions need a second person, who may approve
 * them, and for how long a request waits. Modelled on the UK ETS Registry's rules
 * (`FourEyesPrincipleRule`, `RequestCannotBeApprovedByAffectedUser`):
 * - the requester never approves its own request;
 * - nobody approves a request that affects its own organisation, unless the rule asks for a second
 *   representative of that organisation (`sameOrganisation`);
 * - the approver holds `approverPermission` in a scope that covers the request's target;
 * - where `seniorRole` is set, only that role approves.
 * Each request expires `expiresAfterHours` hours (market time) after it was made.
 */
export interface FourEyesRule {
  approverPermission: Permission;
  /** The approver must belong to the requester's organisation (a second representative). */
  sameOrganisation: boolean;
  /** Only this role may approve. */
  seniorRole?: Role;
  expiresAfterHours: number;
}

export const FOUR_EYES_RULES = {
  /** Adding an account to the trusted account list: a second representative of the same holder. */
  'trustedAccount.add': { approverPermission: 'trustedAccounts.manage', sameOrganisation: true, expiresAfterHours: 7 * 24 },
  /** Account approval and status changes (restrictions, suspension, closure, reinstatement). */
  'account.status': { approverPermission: 'accounts.manage', sameOrganisation: false, expiresAfterHours: 72 },
  /** A freeze (e.g. on a court order) and its release. */
  freeze: { approverPermission: 'encumbrances.manage', sameOrganisation: false, expiresAfterHours: 72 },
  unfreeze: { approverPermission: 'encumbrances.manage', sameOrganisation: false, expiresAfterHours: 72 },
  /** A pledge and its release. */
  pledge: { approverPermission: 'encumbrances.manage', sameOrganisation: false, expiresAfterHours: 72 },
  pledgeRelease: { approverPermission: 'encumbrances.manage', sameOrganisation: false, expiresAfterHours: 72 },
  /** Issuance (签发) of CEA into the national reserve, or of CCER for a project: another person who may issue. */
  issuance: { approverPermission: 'registry.issue', sameOrganisation: false, expiresAfterHours: 72 },
  /** Distribution of CEA from the national reserve to a province: another national regulator or an administrator. */
  distribution: { approverPermission: 'registry.distribute', sameOrganisation: false, expiresAfterHours: 72 },
  /** A reversing entry: a registry operator asks, a platform administrator approves. */
  reversal: { approverPermission: 'registry.reverse', sameOrganisation: false, seniorRole: 'ADMIN', expiresAfterHours: 72 },
  /** The compliance policy (offset cap, banking, penalty rule, GWP table): another national regulator. */
  'compliance.policy': { approverPermission: 'compliance.policySet', sameOrganisation: false, expiresAfterHours: 7 * 24 },
  /** A compliance year's deadlines: another national regulator. */
  'compliance.cycle': { approverPermission: 'compliance.policySet', sameOrganisation: false, expiresAfterHours: 7 * 24 },
  /** The national cap and the provincial budgets: another national regulator. */
  'allocation.plan': { approverPermission: 'allocation.plan', sameOrganisation: false, expiresAfterHours: 7 * 24 },
  /** Issuing the cap and distributing the budgets to the provinces: another national regulator or an administrator. */
  'allocation.distribute': { approverPermission: 'registry.distribute', sameOrganisation: false, expiresAfterHours: 72 },
  /** A sub-industry's allocation rule (method, benchmark, factors, shares): another national regulator. */
  'allocation.rule': { approverPermission: 'allocation.rulesSet', sameOrganisation: false, expiresAfterHours: 7 * 24 },
  /**
   * An allocation run: one regulator of the province prepares it (the preview is the request), a
   * second regulator of the province confirms it. It waits as a run, not in the approval queue.
   */
  'allocation.run': { approverPermission: 'allocation.run', sameOrganisation: false, expiresAfterHours: 7 * 24 },
  /** An auction's clearing and settlement after its window: another exchange operator. */
  'auction.settlement': { approverPermission: 'auctions.run', sameOrganisation: false, expiresAfterHours: 72 },
} as const satisfies Record<string, FourEyesRule>;

export type ApprovalAction = keyof typeof FOUR_EYES_RULES;
export const APPROVAL_ACTIONS = Object.keys(FOUR_EYES_RULES) as ApprovalAction[];
/** Actions whose request is a record of their own (an allocation run's preview) rather than an approval request. */
export const SELF_QUEUED_ACTIONS = ['allocation.run'] as const satisfies readonly ApprovalAction[];
/** The actions that wait in the approval queue (src/server/registry/approvals.ts). */
export type QueuedAction = Exclude<ApprovalAction, (typeof SELF_QUEUED_ACTIONS)[number]>;
export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const ruleOf = (action: ApprovalAction): FourEyesRule => FOUR_EYES_RULES[action];

/** Why a user may not decide a request, or null when it may. */
export type ApprovalRefusal = 'OWN_REQUEST' | 'AFFECTED' | 'OTHER_ORGANISATION' | 'NOT_SENIOR' | 'NO_PERMISSION';

export interface ApprovalParties {
  requestedById: number;
  /** The requester's organisation. */
  organisationId: number;
  /** The organisation whose account the action changes, if any. */
  affectedOrganisationId: number | null;
}

export interface Approver {
  userId: number;
  organisationId: number;
  roles: readonly Role[];
  /** Whether the approver holds the rule's permission in a scope covering the target. */
  holdsPermission: boolean;
}

export function approvalRefusal(action: ApprovalAction, request: ApprovalParties, approver: Approver): ApprovalRefusal | null {
  const rule = ruleOf(action);
  if (approver.userId === request.requestedById) return 'OWN_REQUEST';
  if (rule.sameOrganisation) {
    if (approver.organisationId !== request.organisationId) return 'OTHER_ORGANISATION';
  } else if (request.affectedOrganisationId !== null && approver.organisationId === request.affectedOrganisationId) {
    return 'AFFECTED';
  }
  if (rule.seniorRole && !approver.roles.includes(rule.seniorRole)) return 'NOT_SENIOR';
  if (!approver.holdsPermission) return 'NO_PERMISSION';
  return null;
}

/** When a request of `action` made at `requestedAt` expires (market time). */
export function approvalExpiry(action: ApprovalAction, requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + ruleOf(action).expiresAfterHours * 3_600_000);
}

/** A pending request past its expiry reads as expired (no one has to mark it). */
export function effectiveApprovalStatus(status: ApprovalStatus, expiresAt: Date, now: Date): ApprovalStatus {
  return status === 'PENDING' && now.getTime() >= expiresAt.getTime() ? 'EXPIRED' : status;
}
