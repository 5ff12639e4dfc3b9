import type { Prisma, SandboxScenario } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { replay, type ScenarioChanges, type ScenarioResult } from '@/domain/sandbox/scenario';
import type { ScenarioCreateCommand } from '@/schemas/sandbox';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, marketNow } from '../tx';
import { listIndustryRules, type IndustryRuleView } from '../compliance/allocationPolicy';
import { marketYear } from '../compliance/cycle';
import { loadRecordedYear, requireReplayable } from './recordedYear';

/**
 * The policy sandbox's scenarios (issue 15): a regulator names a recorded compliance year (every
 * province, or its own) and the policy changes to try, runs it, and reads the result beside the
 * policy in force. Scenarios are shared read-only with the other regulators of their scope (a
 * national scenario with the national regulators, a province's with its regulators and the national
 * ones); only their creator runs or deletes them. A scenario changes nothing but its own row: its
 * creation and deletion are audited, a run stores its result on it.
 */

export interface ScenarioView {
  id: number;
  name: string;
  year: number;
  provinceCode: string | null;
  changes: ScenarioChanges;
  createdBy: { id: number; name: string };
  createdAt: string;
  /** Whether the reader created it (and so may run and delete it). */
  mine: boolean;
  ranAt: string | null;
  /** The latest run's market-wide figures, beside the policy in force. */
  summary: Pick<ScenarioResult, 'scenario' | 'baseline'> | null;
}

/** The scenario row with its creator's name (not its result: megabytes at national scale), as the views read it. */
type ScenarioRow = Omit<SandboxScenario, 'result'> & { createdBy: { id: number; name: string } };
type Summary = Pick<ScenarioResult, 'scenario' | 'baseline'>;

function view(actor: Actor, s: ScenarioRow, summary: Summary | null): ScenarioView {
  return {
    id: s.id, name: s.name, year: s.year, provinceCode: s.provinceCode, changes: s.changes as ScenarioChanges,
    createdBy: s.createdBy, createdAt: s.createdAt.toISOString(), mine: s.createdById === actor.userId,
    ranAt: s.ranAt?.toISOString() ?? null, summary,
  };
}

/** The market-wide part of a scenario's result, without its entities (read in PostgreSQL). */
async function summaryOf(id: number): Promise<Summary | null> {
  const rows = await db().$queryRaw<{ scenario: Summary['scenario'] | null; baseline: Summary['baseline'] | null }[]>`
    SELECT result->'scenario' AS scenario, result->'baseline' AS baseline FROM sandbox_scenario WHERE id = ${id}`;
  const r = rows[0];
  return r?.scenario && r.baseline ? { scenario: r.scenario, baseline: r.baseline } : null;
}

/** The scenarios the actor's scope may read: a provincial regulator its province's. */
const readable = (actor: Actor): Prisma.SandboxScenarioWhereInput =>
  authorize(actor, 'sandbox.read') === 'all' ? {} : { provinceCode: actor.provinceCode ?? '-' };

const withCreator = { createdBy: { select: { id: true, name: true } } } as const;

export async function listScenarios(actor: Actor): Promise<ScenarioView[]> {
  const rows = await db().sandboxScenario.findMany({
    where: readable(actor), include: withCreator, omit: { result: true }, orderBy: { id: 'desc' },
  });
  return rows.map((s) => view(actor, s, null));
}

async function readableScenario(actor: Actor, id: number): Promise<ScenarioRow> {
  const s = await db().sandboxScenario.findUnique({ where: { id }, include: withCreator, omit: { result: true } });
  if (!s) throw fail('NOT_FOUND', { what: 'scenario', id });
  authorize(actor, 'sandbox.read', { provinceCode: s.provinceCode });
  return s;
}

export async function getScenario(actor: Actor, id: number): Promise<ScenarioView> {
  const s = await readableScenario(actor, id);
  return view(actor, s, s.ranAt ? await summaryOf(id) : null);
}

/**
 * Creates a scenario in the actor's scope: the national regulator for every province or any one,
 * a provincial regulator for its own. The year must have covered entities and industry rules to
 * replay, and every rule or province the changes name must exist in it. Audited.
 */
export async function createScenario(actor: Actor, cmd: ScenarioCreateCommand): Promise<ScenarioView> {
  const scope = authorize(actor, 'sandbox.manage');
  const provinceCode = cmd.provinceCode ?? (scope === 'all' ? null : (actor.provinceCode ?? null));
  authorize(actor, 'sandbox.manage', { provinceCode });
  if (provinceCode !== null && !(await db().province.findUnique({ where: { code: provinceCode }, select: { code: true } }))) {
    throw fail('NOT_FOUND', { what: 'province', id: provinceCode });
  }
  await requireReplayable(cmd.year, provinceCode, cmd.changes);
  return inTransaction(async (tx) => {
    const s = await tx.sandboxScenario.create({
      data: { name: cmd.name, year: cmd.year, provinceCode, changes: cmd.changes as Prisma.InputJsonValue, createdById: actor.userId },
      include: withCreator, omit: { result: true },
    });
    await recordAudit(tx, actor, { action: 'sandbox.create', targetType: 'sandbox_scenario', targetId: s.id, after: { name: s.name, year: s.year, provinceCode, changes: cmd.changes } });
    return view(actor, s, null);
  });
}

/** Only the creator runs or deletes a scenario; the others read it. */
function requireOwner(actor: Actor, s: ScenarioRow): void {
  authorize(actor, 'sandbox.manage', { provinceCode: s.provinceCode });
  if (s.createdById !== actor.userId) throw fail('FORBIDDEN', { reason: 'NOT_OWNER' });
}

/** Deletes one's own scenario. Audited. */
export async function deleteScenario(actor: Actor, id: number): Promise<ScenarioView> {
  const s = await readableScenario(actor, id);
  requireOwner(actor, s);
  return inTransaction(async (tx) => {
    await tx.sandboxScenario.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'sandbox.delete', targetType: 'sandbox_scenario', targetId: id, before: { name: s.name, year: s.year, provinceCode: s.provinceCode, changes: s.changes } });
    return view(actor, s, null);
  });
}

/**
 * Runs one's own scenario on the recorded year as it stands and keeps the result on the scenario
 * (the latest run replaces the one before). The same scenario on the same records gives the same
 * result. Nothing else is written: not the ledger, the holdings, the policy in force, the audit trail.
 */
export async function runScenarioOf(actor: Actor, id: number): Promise<ScenarioView> {
  const s = await readableScenario(actor, id);
  requireOwner(actor, s);
  const changes = s.changes as ScenarioChanges;
  await requireReplayable(s.year, s.provinceCode, changes);
  const result = replay(await loadRecordedYear(s.year, s.provinceCode), changes);
  const saved = await inTransaction(async (tx) =>
    tx.sandboxScenario.update({ where: { id }, data: { result: result as unknown as Prisma.InputJsonValue, ranAt: await marketNow(tx) }, include: withCreator, omit: { result: true } }));
  return view(actor, saved, { scenario: result.scenario, baseline: result.baseline });
}

/** The latest run's whole result: the market, the groups and every entity, beside the policy in force. */
export async function scenarioResult(actor: Actor, id: number): Promise<ScenarioResult & { id: number; ranAt: string }> {
  const s = await readableScenario(actor, id);
  const row = s.ranAt ? await db().sandboxScenario.findUnique({ where: { id }, select: { result: true } }) : null;
  if (!s.ranAt || !row?.result) throw fail('SCENARIO_NOT_RUN', { id });
  return { id: s.id, ranAt: s.ranAt.toISOString(), ...(row.result as unknown as ScenarioResult) };
}

/** The years a scenario may replay (those with industry rules, up to the market's year) and each one's rules, for the scenario form. */
export async function replayableYears(actor: Actor): Promise<{ years: number[]; suggested: number | null; rulesByYear: Record<number, IndustryRuleView[]> }> {
  authorize(actor, 'sandbox.read');
  const upTo = await marketYear();
  const years = (await db().industryRule.findMany({ where: { year: { lte: upTo } }, distinct: ['year'], select: { year: true }, orderBy: { year: 'asc' } })).map((r) => r.year);
  const rules = await Promise.all(years.map((y) => listIndustryRules(actor, y)));
  // The latest year with verified emissions: the first worth replaying.
  const verified = await db().emissionReport.findFirst({ where: { status: 'VERIFIED', year: { in: years } }, orderBy: { year: 'desc' }, select: { year: true } });
  return { years, suggested: verified?.year ?? null, rulesByYear: Object.fromEntries(years.map((y, i) => [y, rules[i]!])) };
}
