import { db } from '@/db/client';
import { InvalidGwpTableError, parseGwpTable, type GwpTable } from '@/domain/compliance/coverage';
import { cycleChanges, policyChanges, type PolicyFieldChange } from '@/domain/compliance/policyChanges';
import type { BankingPolicy } from '@/domain/compliance/surrender';
import { problem } from '@/domain/problems';
import type { CycleCommand, PolicyCommand } from '@/schemas/compliance';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { marketNow, inTransaction } from '../tx';
import { cycleOf, marketYear, policyOf, type Cycle, type Policy } from './cycle';
import { isYearClosed } from './penalties';

/**
 * Compliance policy settings of the national regulator: the offset cap, the banking policy
 * (phases, carry-over between them, a carry-over discount within a phase), the penalty rule
 * version, the GWP table emission reports are converted with (DOMAIN §2: data, not code; default
 * IPCC AR4 100-year), and each year's report and surrender deadlines (cycles need not follow the
 * calendar year). Regulators read them; every change is audited with the values before and after.
 */
/** The policy in the shape a change sends it (PUT /api/v1/compliance/policy, the policy form): the banking fields flat. */
export interface PolicySettings extends Omit<Policy, 'banking'>, BankingPolicy {
  updatedAt: string;
}

export async function policySettings(actor: Actor): Promise<PolicySettings> {
  authorize(actor, 'compliance.oversee');
  return inTransaction(async (tx) => {
    const { banking, ...policy } = await policyOf(tx);
    return { ...policy, ...banking, updatedAt: (await tx.compliancePolicy.findUniqueOrThrow({ where: { id: 1 } })).updatedAt.toISOString() };
  });
}

/** The GWP table in force and its source: public policy data, read by whoever files or reads emission reports (the report form's gases and factors). */
export async function gwpTable(_actor: Actor): Promise<Pick<Policy, 'gwp' | 'gwpSource'>> {
  const { gwp, gwpSource } = await policyOf(db());
  return { gwp, gwpSource };
}

/**
 * Replaces the policy. The GWP table and its source label are optional: omitted, they stay as they
 * are (a new table needs its source; the source alone relabels the table). A new table applies to
 * reports filed from now on: a filed report keeps the factor and tCO2e of each of its lines.
 */
export async function updatePolicy(actor: Actor, cmd: PolicyCommand): Promise<PolicySettings> {
  authorize(actor, 'compliance.policySet');
  const phaseStarts = [...new Set(cmd.phaseStarts)].sort((a, b) => a - b);
  let gwp: GwpTable | undefined;
  try {
    gwp = cmd.gwp === undefined ? undefined : parseGwpTable(cmd.gwp);
  } catch (e) {
    // The request schema applies the same rule: this guards callers that skip it.
    if (e instanceof InvalidGwpTableError) throw fail('INVALID_INPUT', {}, Object.fromEntries(e.problems.map((p) => [p.gas === null ? 'gwp' : `gwp.${p.gas}`, p.problem])));
    throw e;
  }
  await inTransaction(async (tx) => {
    const before = await policyOf(tx);
    await tx.compliancePolicy.update({
      where: { id: 1 },
      data: {
        offsetShare: cmd.offsetShare, phaseStarts, carryOverBetweenPhases: cmd.carryOverBetweenPhases, carryOverDiscount: cmd.carryOverDiscount, penaltyRule: cmd.penaltyRule,
        ...(gwp === undefined ? {} : { gwp }),
        ...(cmd.gwpSource === undefined ? {} : { gwpSource: cmd.gwpSource }),
        updatedAt: await marketNow(tx),
      },
    });
    const after = await policyOf(tx);
    await recordAudits(tx, [{ actor, event: { action: 'compliance.policy.update', targetType: 'compliance_policy', targetId: 1, before, after } }]);
  });
  return policySettings(actor);
}

/** Sets a year's deadlines; a year already closed (in any province) keeps its dates. */
export async function setCycle(actor: Actor, year: number, cmd: CycleCommand): Promise<Cycle> {
  authorize(actor, 'compliance.policySet');
  if (Number(cmd.reportDeadline.slice(0, 4)) <= year) {
    throw fail('DEADLINE_IN_YEAR', { year }, { reportDeadline: problem('DEADLINE_IN_YEAR', { year }) });
  }
  return inTransaction(async (tx) => {
    if (await isYearClosed(tx, year)) throw fail('YEAR_CLOSED', { year });
    const before = await cycleOf(tx, year);
    const data = { reportDeadline: new Date(`${cmd.reportDeadline}T00:00:00Z`), surrenderDeadline: new Date(`${cmd.surrenderDeadline}T00:00:00Z`) };
    await tx.complianceCycle.upsert({ where: { year }, update: data, create: { year, ...data } });
    await recordAudits(tx, [{ actor, event: { action: 'compliance.cycle.set', targetType: 'compliance_cycle', targetId: year, before, after: cmd } }]);
    return cycleOf(tx, year);
  });
}

/** A compliance year's deadlines as the policy page lists them: whether they were set (else the defaults apply) and whether the year is closed. */
export interface CycleView extends Cycle {
  /** False when the year has no cycle of its own and uses the default deadlines. */
  set: boolean;
  /** Closed in a province: its deadlines stay as they are (setCycle refuses). */
  closed: boolean;
}

/**
 * The cycles of recent years, newest first: from three years before the market clock's year to
 * the year after it (so the next year's deadlines can be set ahead), and any other year within
 * five years of it that has deadlines of its own. Regulators read them.
 */
export async function recentCycles(actor: Actor): Promise<CycleView[]> {
  authorize(actor, 'compliance.oversee');
  const current = await marketYear();
  const near = { gte: current - 5, lte: current + 5 };
  const rows = await db().complianceCycle.findMany({ where: { year: near }, select: { year: true } });
  const penalised = await db().penalty.groupBy({ by: ['year'], where: { year: near } });
  const closings = await db().complianceYearClosing.groupBy({ by: ['year'], where: { year: near } });
  const own = new Set(rows.map((r) => r.year));
  const closedYears = new Set([...penalised, ...closings].map((r) => r.year));
  const years = [...new Set([...Array.from({ length: 5 }, (_, i) => current + 1 - i), ...own])].sort((a, b) => b - a);
  const cycles: CycleView[] = [];
  for (const year of years) cycles.push({ ...(await cycleOf(db(), year)), set: own.has(year), closed: closedYears.has(year) });
  return cycles;
}

export interface PolicyChange {
  /** The audit record the change was read from. */
  id: string;
  at: string;
  actorUserId: number | null;
  action: 'compliance.policy.update' | 'compliance.cycle.set';
  /** The compliance year of a cycle change. */
  year: number | null;
  changes: PolicyFieldChange[];
}

const POLICY_ACTIONS = ['compliance.policy.update', 'compliance.cycle.set'] as const;

/**
 * The history of the compliance policy and of the cycles' deadlines, newest first, from the
 * audit log (the values before and after each change, field by field). Regulators read it,
 * provincial ones included: the policy is national and the same for every province.
 */
export async function policyHistory(actor: Actor, limit = 50): Promise<PolicyChange[]> {
  authorize(actor, 'compliance.oversee');
  const rows = await db().auditLog.findMany({
    // By target type (indexed) and action, newest first.
    where: { targetType: { in: ['compliance_policy', 'compliance_cycle'] }, action: { in: [...POLICY_ACTIONS] } },
    orderBy: { id: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
  });
  return rows.map((r) => {
    const action = r.action as PolicyChange['action'];
    const cycle = action === 'compliance.cycle.set';
    return {
      id: String(r.id),
      at: r.at.toISOString(),
      actorUserId: r.actorUserId,
      action,
      year: cycle && /^\d{4}$/.test(r.targetId) ? Number(r.targetId) : null,
      changes: cycle ? cycleChanges(r.before, r.after) : policyChanges(r.before, r.after),
    };
  });
}
