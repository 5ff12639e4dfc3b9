'use server';

import { fmt } from '@/i18n';
import { cycleSchema, policySchema, yearSchema } from '@/schemas/compliance';
import { submitForApproval } from '@/server/registry/approvals';
import { runAction } from './run';

/**
 * The national regulator's compliance policy actions: the policy (offset cap, banking, penalty
 * rule, GWP table) and a year's deadlines. Both are four-eyes changes: submitted here, checked at
 * once by the service that applies them, carried out when another national regulator approves
 * (Approvals). They revalidate the compliance pages and the approvals.
 */
const PATHS = ['/compliance', '/approvals'];

/** Replaces the policy; the GWP table and its source are sent only when they change. */
export async function updatePolicyAction(input: unknown) {
  return runAction(
    policySchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await submitForApproval(actor, 'compliance.policy', cmd);
      return { approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
  );
}

/** The form sends the year with its two deadlines. */
const cycleFormSchema = cycleSchema.safeExtend({ year: yearSchema });

export async function setCycleAction(input: unknown) {
  return runAction(
    cycleFormSchema,
    input,
    async (actor, { year, ...cmd }, { t }) => {
      const r = await submitForApproval(actor, 'compliance.cycle', { year, ...cmd });
      return { approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
  );
}
