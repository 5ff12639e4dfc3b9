import type { CycleCommand, PolicyCommand } from '@/schemas/compliance';
import { conflict, ruleViolation } from '../errors';
import { requireRole, type Actor } from '../identity/actor';
import { recordAudits } from '../audit/audit';
import { inTransaction } from '../tx';
import { cycleOf, policyOf, type Cycle, type Policy } from './cycle';

/**
 * Compliance policy settings of the national regulator: the offset cap, the banking policy
 * (phases, carry-over between them, a carry-over discount within a phase), the penalty rule
 * version, and each year's report and surrender deadlines (cycles need not follow the calendar
 * year). Regulators read them; every change is audited with the values before and after.
 */
export interface PolicySettings extends Policy {
  updatedAt: string;
}

export async function policySettings(actor: Actor): Promise<PolicySettings> {
  requireRole(actor, 'PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR');
  return inTransaction(async (tx) => ({ ...(await policyOf(tx)), updatedAt: (await tx.compliancePolicy.findUniqueOrThrow({ where: { id: 1 } })).updatedAt.toISOString() }));
}

export async function updatePolicy(actor: Actor, cmd: PolicyCommand): Promise<PolicySettings> {
  requireRole(actor, 'NATIONAL_REGULATOR');
  const phaseStarts = [...new Set(cmd.phaseStarts)].sort((a, b) => a - b);
  await inTransaction(async (tx) => {
    const before = await policyOf(tx);
    await tx.compliancePolicy.update({
      where: { id: 1 },
      data: { offsetShare: cmd.offsetShare, phaseStarts, carryOverBetweenPhases: cmd.carryOverBetweenPhases, carryOverDiscount: cmd.carryOverDiscount, penaltyRule: cmd.penaltyRule, updatedAt: new Date() },
    });
    await recordAudits(tx, [{ actor, event: { action: 'compliance.policy.update', targetType: 'compliance_policy', targetId: 1, before, after: { ...cmd, phaseStarts } } }]);
  });
  return policySettings(actor);
}

/** Sets a year's deadlines; a year already closed (penalties recorded) keeps its dates. */
export async function setCycle(actor: Actor, year: number, cmd: CycleCommand): Promise<Cycle> {
  requireRole(actor, 'NATIONAL_REGULATOR');
  if (Number(cmd.reportDeadline.slice(0, 4)) <= year) {
    throw ruleViolation('DEADLINE_IN_YEAR', `Reports for ${year} are filed after the year ends: the deadline must be in ${year + 1} or later.`, { reportDeadline: `after ${year}` });
  }
  return inTransaction(async (tx) => {
    if ((await tx.penalty.count({ where: { year } })) > 0) throw conflict('YEAR_CLOSED', `${year} has been closed with penalties: its deadlines stay as they were.`);
    const before = await cycleOf(tx, year);
    const data = { reportDeadline: new Date(`${cmd.reportDeadline}T00:00:00Z`), surrenderDeadline: new Date(`${cmd.surrenderDeadline}T00:00:00Z`) };
    await tx.complianceCycle.upsert({ where: { year }, update: data, create: { year, ...data } });
    await recordAudits(tx, [{ actor, event: { action: 'compliance.cycle.set', targetType: 'compliance_cycle', targetId: year, before, after: cmd } }]);
    return cycleOf(tx, year);
  });
}

