import { describe, expect, it } from 'vitest';
import { rolesWith, scopeOf } from '@/domain/identity/permissions';
import { APPROVAL_ACTIONS, approvalRefusal, effectiveApprovalStatus, FOUR_EYES_RULES, type ApprovalAction } from '@/domain/registry/fourEyes';

/**
 * The four-eyes rule set (DOMAIN §7b) as data: who may decide a request, and when it reads as
 * expired. The requester never decides; nobody of the organisation the action affects decides
 * unless the rule asks for a second representative; a senior role where the rule sets one.
 */
const request = { requestedById: 1, organisationId: 10, affectedOrganisationId: 20 };
const approver = (over: Partial<Parameters<typeof approvalRefusal>[2]> = {}) => ({ userId: 2, organisationId: 30, roles: ['REGISTRY_OPERATOR' as const], holdsPermission: true, ...over });

describe('approvalRefusal', () => {
  it('never lets the requester decide, even holding every permission', () => {
    for (const action of APPROVAL_ACTIONS) expect(approvalRefusal(action, request, approver({ userId: 1, roles: ['ADMIN'] })), action).toBe('OWN_REQUEST');
  });

  it('refuses someone of the affected organisation, unless the rule asks for a second representative', () => {
    expect(approvalRefusal('freeze', request, approver({ organisationId: 20 }))).toBe('AFFECTED');
    expect(approvalRefusal('trustedAccount.add', request, approver({ organisationId: 30 }))).toBe('OTHER_ORGANISATION');
    expect(approvalRefusal('trustedAccount.add', request, approver({ organisationId: 10 }))).toBeNull();
  });

  it('asks for the senior role where the rule sets one, and for the approver permission', () => {
    expect(approvalRefusal('reversal', request, approver())).toBe('NOT_SENIOR');
    expect(approvalRefusal('reversal', request, approver({ roles: ['ADMIN'] }))).toBeNull();
    expect(approvalRefusal('auction.settlement', { ...request, affectedOrganisationId: null }, approver({ holdsPermission: false }))).toBe('NO_PERMISSION');
    expect(approvalRefusal('compliance.policy', { ...request, affectedOrganisationId: null }, approver({ roles: ['NATIONAL_REGULATOR'] }))).toBeNull();
  });
});

describe('effectiveApprovalStatus', () => {
  const expiresAt = new Date('2030-01-02T00:00:00Z');
  it('reads a pending request past its expiry as expired; a decided one keeps its status', () => {
    expect(effectiveApprovalStatus('PENDING', expiresAt, new Date(expiresAt.getTime() - 1))).toBe('PENDING');
    expect(effectiveApprovalStatus('PENDING', expiresAt, expiresAt)).toBe('EXPIRED');
    expect(effectiveApprovalStatus('APPROVED', expiresAt, new Date(expiresAt.getTime() + 1))).toBe('APPROVED');
  });
});

describe('the rule set and the permission list agree', () => {
  it('every role that may approve an action reads the approvals page', () => {
    for (const action of Object.keys(FOUR_EYES_RULES) as ApprovalAction[]) {
      const rule = FOUR_EYES_RULES[action];
      const approvers = 'seniorRole' in rule ? [rule.seniorRole] : rolesWith(rule.approverPermission);
      for (const role of approvers) expect(scopeOf([role], 'approvals.read'), `${action}: ${role}`).not.toBeNull();
    }
  });

  it('policy changes go to another national regulator, auction settlement to another exchange operator', () => {
    for (const action of ['compliance.policy', 'compliance.cycle', 'allocation.plan', 'allocation.rule'] as const) expect(rolesWith(FOUR_EYES_RULES[action].approverPermission)).toEqual(['NATIONAL_REGULATOR']);
    expect(rolesWith(FOUR_EYES_RULES['auction.settlement'].approverPermission)).toContain('EXCHANGE_OPERATOR');
    expect(rolesWith(FOUR_EYES_RULES['allocation.run'].approverPermission)).toEqual(['PROVINCIAL_REGULATOR']);
  });
});
