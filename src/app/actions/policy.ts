'use server';

import { fmt } from '@/i18n';
import { cycleSchema, policySchema, yearSchema } from '@/schemas/compliance';
import { setCycle, updatePolicy } from '@/server/compliance/policy';
import { runAction } from './run';

/**
 * The national regulator's compliance policy actions: the policy (offset cap, banking, penalty
 * rule, GWP table) and a year's deadlines. Authorization is the services'. They revalidate every
 * compliance page (the policy page, the overview's offset cap, the entities' deadlines).
 */
const PATHS = ['/compliance'];

/** Replaces the policy; the GWP table and its source are sent only when they change. */
export async function updatePolicyAction(input: unknown) {
  return runAction(
    policySchema,
    input,
    async (actor, cmd, { t }) => {
      // The policy as saved (canonical GWP table), so that the form starts again from it.
      const policy = await updatePolicy(actor, cmd);
      return { message: t.compliancePolicy.saved, policy };
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
      const c = await setCycle(actor, year, cmd);
      return { message: fmt(t.compliancePolicy.cycleSaved, { year, report: c.reportDeadline, surrender: c.surrenderDeadline }) };
    },
    PATHS,
  );
}
