import { note } from '@/domain/notes';
import Decimal from 'decimal.js';
import { Prisma, type AllocationRunKind, type AllocationRunStatus, type Installation } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { planAllocationLine, type AllocationLinePlan, type IndustryRuleData, type InstallationAllocation, type InstallationData, type LineProblem } from '@/domain/compliance/allocation';
import { problem } from '@/domain/problems';
import { renderProblem } from '@/i18n/problems';
import { canReceive } from '@/domain/registry/accountLifecycle';
import { approvalExpiry, approvalRefusal, effectiveApprovalStatus } from '@/domain/registry/fourEyes';
import { formatMarketTime, toMarketTime } from '@/domain/trading/calendar';
import { fail } from '../errors';
import { idempotent } from '../idempotency';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { postEntries, unitMove, type EntryInput } from '../registry/ledger';
import { systemAccountId } from '../registry/accounts';
import { marketNow, inTransaction, type Tx } from '../tx';
import { requireOrganisationReader } from './scope';

/**
 * Allocation runs (配额分配): a provincial regulator prepares a run — pre-allocation of a year from
 * the previous year's output, or the true-up after verification — for the covered entities of its
 * province; the run is a preview (each entity's calculation: inputs, formula, result; the
 * province's remaining budget) until ANOTHER regulator of the province confirms it (four-eyes).
 * Confirming re-computes every line (a run prepared on data that has changed since is refused as
 * stale), checks the budget again under the budget row's lock, and posts one registry movement per
 * line from the province's allocation account: issue (ALLOCATION), take back (DEDUCTION, at most
 * the units available), and the paid share set aside in the auction account for paid allocation.
 * Scheduled deductions (last year's unpaid shortfall) are applied as the lines net them off.
 * A province may confirm several runs of a kind in a year (e.g. once an entity's missing data is
 * there): every line nets off what earlier confirmed runs issued, deducted and set aside, so a
 * further run moves only what is still due.
 */

export interface LineView {
  organisationId: number;
  organisationName: string;
  organisationNameZh: string;
  industry: string | null;
  accountId: number;
  allocation: number;
  paid: number;
  previouslyIssued: number;
  deduction: number;
  quantity: number;
  moved: number | null;
  /** Why the line moves nothing, or moved less than it took back, in English (as the run keeps it); `problems` has them as data. */
  problem: string | null;
  problems: LineProblem[];
  entryId: string | null;
  calculation: StoredLinePlan;
}

export interface RunView {
  id: number;
  year: number;
  provinceCode: string;
  kind: AllocationRunKind;
  status: AllocationRunStatus;
  issued: number;
  takenBack: number;
  paid: number;
  /** Tonnes this run takes out of the budget: issued − taken back + paid share. */
  net: number;
  budget: number;
  allocatedBefore: number;
  /** Budget left after this run. Negative: the run does not fit and cannot be confirmed. */
  remainingAfter: number;
  preparedBy: { id: number; name: string };
  preparedAt: string;
  decidedBy: { id: number; name: string } | null;
  decidedAt: string | null;
  lines: LineView[];
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

/**
 * A line's calculation as a run keeps it (and the API answers it): the domain's plan with each
 * problem also in English under `problem` (the line's, and each installation's), as before
 * problems were data. Runs prepared before keep only the English `problem`.
 */
export type StoredLinePlan = Omit<AllocationLinePlan, 'installations' | 'problems'> & {
  installations: (Omit<InstallationAllocation, 'problems'> & { problems?: LineProblem[]; problem: string | null })[];
  problems?: LineProblem[];
  problem: string | null;
};

/** Problems in English, one after another; null without any. */
const inEnglish = (problems: readonly LineProblem[]): string | null => (problems.length ? problems.map((p) => renderProblem(p, 'en')).join(' ') : null);

function storedPlan(plan: AllocationLinePlan): StoredLinePlan {
  const problem = inEnglish(plan.problems);
  return {
    ...plan,
    installations: plan.installations.map((i) => ({ ...i, problem: inEnglish(i.problems) })),
    problem,
    formula: problem === null ? plan.formula : `${plan.formula}: ${problem}`,
  };
}

/** A take-back that moved less than was due (the entity had fewer units available). */
const takeBackLimited = (quantity: number, moved: number | null): LineProblem[] =>
  quantity < 0 && moved !== null && moved !== quantity ? [problem('ALLOCATION_TAKE_BACK_LIMITED', { available: -moved, due: -quantity })] : [];

// ---------------------------------------------------------------------------------------------
// Computing lines
// ---------------------------------------------------------------------------------------------

interface EntityLine {
  organisationId: number;
  accountId: number;
  plan: AllocationLinePlan;
}

/** The industry rules of a year, as the domain reads them. */
export async function rulesOf(tx: Tx, year: number): Promise<Map<string, IndustryRuleData>> {
  const rows = await tx.industryRule.findMany({ where: { year } });
  const s = (d: { toString(): string } | null) => (d === null ? undefined : new Decimal(d.toString()).toString());
  return new Map(rows.map((r) => [r.code, {
    code: r.code, method: r.method, outputUnit: r.outputUnit, benchmark: s(r.benchmark), declineFactor: s(r.declineFactor),
    adjustmentFactors: r.adjustmentFactors.map((f) => new Decimal(f.toString()).toString()), outputCapMultiple: s(r.outputCapMultiple),
    preAllocationShare: s(r.preAllocationShare)!, paidShare: s(r.paidShare)!,
  }]));
}

/** An installation row as the allocation rules read it. */
export const installationData = (i: Installation): InstallationData => ({
  code: i.code, name: i.name, ruleCode: i.ruleCode, designCapacity: i.designCapacity === null ? undefined : new Decimal(i.designCapacity.toString()).toString(),
  baseEmissions: i.baseEmissions.map(String), historicalIntensity: i.historicalIntensity === null ? undefined : new Decimal(i.historicalIntensity.toString()).toString(),
});

/** Every covered entity of the province in the year, with the line the rules give it now. */
async function computeLines(tx: Tx, year: number, provinceCode: string, kind: AllocationRunKind): Promise<EntityLine[]> {
  const entities = await tx.$queryRaw<{ organisation_id: number; account_id: number | null; account_status: string | null }[]>`
    SELECT c.organisation_id, a.id AS account_id, a.status::text AS account_status
      FROM covered_entity c
      LEFT JOIN registry_account a ON a.organisation_id = c.organisation_id
     WHERE c.province_code = ${provinceCode} AND c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year})
     ORDER BY c.organisation_id`;
  if (entities.length === 0) return [];
  const ids = entities.map((e) => e.organisation_id);
  // One after another: the queries share the transaction's connection.
  const rules = await rulesOf(tx, year);
  const installations = await tx.installation.findMany({ where: { organisationId: { in: ids }, active: true }, orderBy: { code: 'asc' } });
  const reports = await tx.emissionReport.findMany({
      where: { organisationId: { in: ids }, year: kind === 'PRE_ALLOCATION' ? year - 1 : year, ...(kind === 'TRUE_UP' ? { status: 'VERIFIED' as const } : {}) },
      select: { organisationId: true, outputs: true },
    });
  const before = await tx.$queryRaw<{ organisation_id: number; issued: bigint; deducted: bigint; paid: bigint }[]>`
      SELECT l.organisation_id, sum(coalesce(l.moved, l.quantity))::bigint AS issued, sum(l.deduction)::bigint AS deducted, sum(l.paid)::bigint AS paid
        FROM allocation_line l JOIN allocation_run r ON r.id = l.run_id
       WHERE r.status = 'CONFIRMED' AND r.year = ${year} AND l.organisation_id IN (${Prisma.join(ids)})
       GROUP BY l.organisation_id`;
  const due = await tx.$queryRaw<{ organisation_id: number; due: bigint }[]>`
      SELECT organisation_id, sum(quantity - applied)::bigint AS due FROM allocation_deduction
       WHERE status = 'SCHEDULED' AND to_year <= ${year} AND organisation_id IN (${Prisma.join(ids)})
       GROUP BY organisation_id`;
  const outputsOf = new Map(reports.map((r) => [r.organisationId, (r.outputs ?? {}) as Record<string, string>]));
  const beforeOf = new Map(before.map((b) => [b.organisation_id, b]));
  const dueOf = new Map(due.map((d) => [d.organisation_id, num(d.due)]));
  return entities.map((e) => {
    const mine: InstallationData[] = installations.filter((i) => i.organisationId === e.organisation_id).map(installationData);
    let plan = planAllocationLine({
      kind, installations: mine, rules, outputs: outputsOf.get(e.organisation_id),
      previouslyIssued: num(beforeOf.get(e.organisation_id)?.issued), previouslyDeducted: num(beforeOf.get(e.organisation_id)?.deducted),
      previouslyPaid: num(beforeOf.get(e.organisation_id)?.paid),
      deductionDue: dueOf.get(e.organisation_id) ?? 0,
    });
    if (plan.problems.length === 0 && (e.account_id === null || (plan.quantity > 0 && !canReceive(e.account_status as 'ACTIVE')))) {
      const why = e.account_id === null ? problem('ALLOCATION_NO_ACCOUNT') : problem('ALLOCATION_ACCOUNT_CANNOT_RECEIVE', { status: e.account_status ?? '' });
      plan = { ...plan, quantity: 0, deduction: 0, paid: 0, problems: [why], formula: 'not allocated' };
    }
    return { organisationId: e.organisation_id, accountId: e.account_id ?? 0, plan };
  }).filter((l) => l.accountId !== 0 || l.plan.problems.length > 0);
}

const totalsOf = (lines: { quantity: number; paid: number }[]) => ({
  issued: lines.reduce((s, l) => s + Math.max(0, l.quantity), 0),
  takenBack: lines.reduce((s, l) => s + Math.max(0, -l.quantity), 0),
  paid: lines.reduce((s, l) => s + l.paid, 0),
});

/** Tonnes of the province's budget already used by confirmed runs of the year. */
async function allocatedSoFar(tx: Tx, year: number, provinceCode: string): Promise<number> {
  const rows = await tx.$queryRaw<{ used: bigint | null }[]>`
    SELECT sum(issued - taken_back + paid)::bigint AS used FROM allocation_run
     WHERE year = ${year} AND province_code = ${provinceCode} AND status = 'CONFIRMED'`;
  return num(rows[0]?.used);
}

async function budgetOf(tx: Tx, year: number, provinceCode: string, lock: boolean): Promise<number> {
  const rows = lock
    ? await tx.$queryRaw<{ budget: bigint }[]>`SELECT budget FROM province_budget WHERE year = ${year} AND province_code = ${provinceCode} FOR UPDATE`
    : await tx.$queryRaw<{ budget: bigint }[]>`SELECT budget FROM province_budget WHERE year = ${year} AND province_code = ${provinceCode}`;
  if (!rows[0]) throw fail('NO_BUDGET', { province: provinceCode, year });
  return num(rows[0].budget);
}

/** Runs are prepared, confirmed and discarded by the regulators of their province. */
function requireRunner(actor: Actor, provinceCode: string): void {
  authorize(actor, 'allocation.run', { provinceCode: provinceCode });
}

// ---------------------------------------------------------------------------------------------
// Use cases
// ---------------------------------------------------------------------------------------------

/** Prepares a run (a preview): any earlier preview of the same year, province and kind is discarded. */
export async function prepareRun(actor: Actor, year: number, cmd: { provinceCode: string; kind: AllocationRunKind }): Promise<RunView> {
  requireRunner(actor, cmd.provinceCode);
  const id = await inTransaction(async (tx) => {
    const budget = await budgetOf(tx, year, cmd.provinceCode, true);
    if (cmd.kind === 'PRE_ALLOCATION') {
      const trueUp = await tx.allocationRun.findFirst({ where: { year, provinceCode: cmd.provinceCode, kind: 'TRUE_UP', status: 'CONFIRMED' }, select: { id: true } });
      if (trueUp) throw fail('TRUE_UP_CONFIRMED', { province: cmd.provinceCode, year, runId: trueUp.id });
    }
    const discarded = await tx.allocationRun.updateManyAndReturn({
      where: { year, provinceCode: cmd.provinceCode, kind: cmd.kind, status: 'PREVIEW' },
      data: { status: 'DISCARDED', decidedById: actor.userId, decidedAt: await marketNow(tx) },
      select: { id: true },
    });
    const lines = await computeLines(tx, year, cmd.provinceCode, cmd.kind);
    const totals = totalsOf(lines.map((l) => l.plan));
    const run = await tx.allocationRun.create({
      data: {
        year, provinceCode: cmd.provinceCode, kind: cmd.kind, ...totals, budget, allocatedBefore: await allocatedSoFar(tx, year, cmd.provinceCode), preparedById: actor.userId,
        lines: { create: lines.map(lineData) },
      },
      select: { id: true },
    });
    await recordAudits(tx, [
      ...discarded.map((d) => ({ actor, event: { action: 'allocation.run.discard', targetType: 'allocation_run', targetId: d.id, after: { supersededBy: run.id } } })),
      { actor, event: { action: 'allocation.run.prepare', targetType: 'allocation_run', targetId: run.id, after: { year, ...cmd, ...totals, lines: lines.length } } },
    ]);
    return run.id;
  });
  return getRun(actor, id);
}

const lineData = (l: EntityLine) => ({
  organisationId: l.organisationId, accountId: l.accountId, calculation: storedPlan(l.plan) as unknown as Prisma.InputJsonValue,
  allocation: l.plan.allocation, paid: l.plan.paid, previouslyIssued: l.plan.previouslyIssued, deduction: l.plan.deduction, quantity: l.plan.quantity, problem: inEnglish(l.plan.problems),
});

/** Confirms a previewed run: a second regulator of the province; every line becomes a movement. */
export async function confirmRun(actor: Actor, runId: number, opts: { idempotencyKey?: string } = {}): Promise<RunView> {
  await inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'allocation-run-confirm', request: { runId } }, async () => {
    const run = await lockRun(tx, runId);
    requireRunner(actor, run.province_code);
    if (run.status !== 'PREVIEW') throw fail('RUN_NOT_OPEN', { runId, status: run.status });
    // Four eyes (the rule set's `allocation.run`): the preview is the request, its preparer never confirms it.
    const refusal = approvalRefusal('allocation.run', { requestedById: run.prepared_by_id, organisationId: run.preparer_organisation_id, affectedOrganisationId: null }, {
      userId: actor.userId, organisationId: actor.organisationId, roles: actor.roles, holdsPermission: true, // requireRunner: the run's province
    });
    if (refusal) throw fail('FOUR_EYES_REQUIRED', {});
    const expiresAt = approvalExpiry('allocation.run', run.prepared_at);
    if (effectiveApprovalStatus('PENDING', expiresAt, await marketNow(tx)) === 'EXPIRED') {
      throw fail('RUN_EXPIRED', { runId, expiredAt: formatMarketTime(toMarketTime(expiresAt)) });
    }
    const budget = await budgetOf(tx, run.year, run.province_code, true);
    const stored = await tx.allocationLine.findMany({ where: { runId }, orderBy: { organisationId: 'asc' } });
    const fresh = await computeLines(tx, run.year, run.province_code, run.kind);
    const same = stored.length === fresh.length && fresh.every((f, i) => {
      const s = stored[i]!;
      return s.organisationId === f.organisationId && num(s.quantity) === f.plan.quantity && num(s.paid) === f.plan.paid && num(s.deduction) === f.plan.deduction && s.problem === inEnglish(f.plan.problems);
    });
    if (stored.every((l) => num(l.quantity) === 0 && num(l.paid) === 0)) throw fail('NOTHING_TO_MOVE', { runId });
    if (!same) throw fail('RUN_STALE', { runId });
    const allocatedBefore = await allocatedSoFar(tx, run.year, run.province_code);
    const planned = totalsOf(fresh.map((f) => f.plan));
    if (allocatedBefore + planned.issued - planned.takenBack + planned.paid > budget) {
      throw fail('BUDGET_EXCEEDED', { runId, province: run.province_code, year: run.year, needed: planned.issued - planned.takenBack + planned.paid, remaining: budget - allocatedBefore });
    }
    const province = await systemAccountId(tx, 'PROVINCE_ALLOCATION', run.province_code);
    const auction = await systemAccountId(tx, 'AUCTION');
    const asset = { instrument: 'CEA' as const, vintage: run.year };
    const held = await tx.holding.findUnique({ where: { accountId_instrument_vintage: { accountId: province, ...asset } } });
    if (num(held?.available) < planned.issued + planned.paid) {
      throw fail('PROVINCE_ACCOUNT_SHORT', { province: run.province_code, year: run.year, held: num(held?.available), needed: planned.issued + planned.paid });
    }
    // A take-back moves at most what the entity has available (the rest is shown on the line).
    const takeBacks = stored.filter((l) => num(l.quantity) < 0);
    const available = takeBacks.length
      ? new Map((await tx.$queryRaw<{ account_id: number; available: bigint }[]>`
          SELECT account_id, available FROM holding WHERE instrument = 'CEA' AND vintage = ${run.year} AND account_id IN (${Prisma.join(takeBacks.map((l) => l.accountId))})
           ORDER BY account_id FOR UPDATE`).map((h) => [h.account_id, num(h.available)]))
      : new Map<number, number>();
    const runNote = { year: run.year, kind: run.kind, province: run.province_code, run: runId };
    const memo = note('ALLOCATION_RUN', runNote);
    const entries: EntryInput[] = [];
    const posted: { line: (typeof stored)[number]; moved: number; entryIndex: number | null }[] = [];
    for (const line of stored) {
      const q = num(line.quantity);
      const moved = q >= 0 ? q : -Math.min(-q, available.get(line.accountId) ?? 0);
      let entryIndex: number | null = null;
      if (moved !== 0) {
        entryIndex = entries.length;
        entries.push({
          type: moved > 0 ? 'ALLOCATION' : 'DEDUCTION', memo, legalBasis: note('BASIS_ALLOCATION_PLAN', { year: run.year }), reference: `allocation-run:${runId}`, actorUserId: actor.userId,
          units: moved > 0
            ? unitMove({ accountId: province, bucket: 'AVAILABLE' }, { accountId: line.accountId, bucket: 'AVAILABLE' }, asset, BigInt(moved))
            : unitMove({ accountId: line.accountId, bucket: 'AVAILABLE' }, { accountId: province, bucket: 'AVAILABLE' }, asset, BigInt(-moved)),
        });
      }
      if (num(line.paid) > 0) {
        entries.push({
          type: 'ALLOCATION', memo: note('ALLOCATION_PAID_SHARE', { ...runNote, organisation: line.organisationId }), legalBasis: note('BASIS_ALLOCATION_PLAN', { year: run.year }),
          reference: `allocation-run:${runId}`, actorUserId: actor.userId,
          units: unitMove({ accountId: province, bucket: 'AVAILABLE' }, { accountId: auction, bucket: 'AVAILABLE' }, asset, line.paid),
        });
      }
      posted.push({ line, moved, entryIndex });
    }
    const entryIds = await postEntries(tx, entries);
    for (const p of posted) {
      const short = inEnglish(takeBackLimited(num(p.line.quantity), p.moved));
      await tx.allocationLine.update({
        where: { id: p.line.id },
        data: { moved: p.moved, entryId: p.entryIndex === null ? null : entryIds[p.entryIndex], ...(short ? { problem: short } : {}) },
      });
    }
    await applyDeductions(tx, run.year, stored.filter((l) => num(l.deduction) > 0).map((l) => ({ organisationId: l.organisationId, quantity: num(l.deduction) })));
    const actual = totalsOf(posted.map((p) => ({ quantity: p.moved, paid: num(p.line.paid) })));
    await tx.allocationRun.update({
      where: { id: runId },
      data: { status: 'CONFIRMED', decidedById: actor.userId, decidedAt: await marketNow(tx), ...actual, budget, allocatedBefore },
    });
    await recordAudits(tx, [
      { actor, event: { action: 'allocation.run.confirm', targetType: 'allocation_run', targetId: runId, after: { ...actual, budget, allocatedBefore, entries: entryIds.map(String) } } },
      ...posted.filter((p) => p.entryIndex !== null).map((p) => ({
        actor, event: { action: `movement.${p.moved > 0 ? 'allocation' : 'deduction'}`, targetType: 'journal_entry', targetId: entryIds[p.entryIndex!]!, after: { organisationId: p.line.organisationId, quantity: p.moved, vintage: run.year, run: runId } },
      })),
    ]);
    return { runId };
  }));
  return getRun(actor, runId);
}

/** Marks scheduled deductions applied, oldest first, by the tonnes each line deducted. */
async function applyDeductions(tx: Tx, year: number, applied: { organisationId: number; quantity: number }[]): Promise<void> {
  for (const a of applied) {
    let left = a.quantity;
    const due = await tx.$queryRaw<{ id: number; quantity: bigint; applied: bigint }[]>`
      SELECT id, quantity, applied FROM allocation_deduction
       WHERE organisation_id = ${a.organisationId} AND status = 'SCHEDULED' AND to_year <= ${year} ORDER BY from_year FOR UPDATE`;
    for (const d of due) {
      if (left === 0) break;
      const take = Math.min(left, num(d.quantity) - num(d.applied));
      left -= take;
      const now = num(d.applied) + take;
      await tx.allocationDeduction.update({ where: { id: d.id }, data: { applied: now, status: now === num(d.quantity) ? 'APPLIED' : 'SCHEDULED' } });
    }
  }
}

/** Discards a preview (either regulator of the province). */
export async function discardRun(actor: Actor, runId: number): Promise<RunView> {
  await inTransaction(async (tx) => {
    const run = await lockRun(tx, runId);
    requireRunner(actor, run.province_code);
    if (run.status !== 'PREVIEW') throw fail('RUN_NOT_OPEN', { runId, status: run.status });
    await tx.allocationRun.update({ where: { id: runId }, data: { status: 'DISCARDED', decidedById: actor.userId, decidedAt: await marketNow(tx) } });
    await recordAudits(tx, [{ actor, event: { action: 'allocation.run.discard', targetType: 'allocation_run', targetId: runId } }]);
  });
  return getRun(actor, runId);
}

async function lockRun(tx: Tx, runId: number) {
  const rows = await tx.$queryRaw<{ id: number; year: number; province_code: string; kind: AllocationRunKind; status: AllocationRunStatus; prepared_by_id: number; prepared_at: Date; preparer_organisation_id: number }[]>`
    SELECT r.id, r.year, r.province_code, r.kind, r.status, r.prepared_by_id, r.prepared_at, u.organisation_id AS preparer_organisation_id
      FROM allocation_run r JOIN app_user u ON u.id = r.prepared_by_id WHERE r.id = ${runId} FOR UPDATE OF r`;
  if (!rows[0]) throw fail('NOT_FOUND', { what: 'run', id: runId });
  return rows[0];
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------


/** Runs with their lines and the names of who prepared and decided them: two queries, however many runs. */
type RunRow = Prisma.AllocationRunGetPayload<object>;

/** A run's figures and who prepared and decided it (everything of its view but the lines). */
async function runHeads(runs: RunRow[]): Promise<Map<number, Omit<RunView, 'lines'>>> {
  const userIds = [...new Set(runs.flatMap((r) => [r.preparedById, ...(r.decidedById === null ? [] : [r.decidedById])]))];
  const users = new Map((await db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })).map((u) => [u.id, u]));
  const who = (id: number) => users.get(id) ?? { id, name: '?' };
  return new Map(runs.map((run) => {
    const net = num(run.issued) - num(run.takenBack) + num(run.paid);
    return [run.id, {
      id: run.id, year: run.year, provinceCode: run.provinceCode, kind: run.kind, status: run.status,
      issued: num(run.issued), takenBack: num(run.takenBack), paid: num(run.paid), net, budget: num(run.budget), allocatedBefore: num(run.allocatedBefore),
      remainingAfter: num(run.budget) - num(run.allocatedBefore) - net,
      preparedBy: who(run.preparedById), preparedAt: run.preparedAt.toISOString(),
      decidedBy: run.decidedById === null ? null : who(run.decidedById), decidedAt: run.decidedAt?.toISOString() ?? null,
    }];
  }));
}

async function runViews(where: Prisma.AllocationRunWhereInput): Promise<RunView[]> {
  const runs = await db().allocationRun.findMany({ where, orderBy: { id: 'desc' }, include: { lines: { include: { organisation: true }, orderBy: { organisationId: 'asc' } } } });
  const heads = await runHeads(runs);
  return runs.map((run) => ({
    ...heads.get(run.id)!,
    lines: run.lines.map((l) => ({
      organisationId: l.organisationId, organisationName: l.organisation.name, organisationNameZh: l.organisation.nameZh, industry: l.organisation.industry, accountId: l.accountId,
      allocation: num(l.allocation), paid: num(l.paid), previouslyIssued: num(l.previouslyIssued), deduction: num(l.deduction), quantity: num(l.quantity),
      moved: l.moved === null ? null : num(l.moved), problem: l.problem, entryId: l.entryId?.toString() ?? null, calculation: l.calculation as unknown as StoredLinePlan,
      problems: [...((l.calculation as unknown as StoredLinePlan).problems ?? []), ...takeBackLimited(num(l.quantity), l.moved === null ? null : num(l.moved))],
    })),
  }));
}

export async function getRun(actor: Actor, runId: number): Promise<RunView> {
  const [run] = await runViews({ id: runId });
  if (!run) throw fail('NOT_FOUND', { what: 'run', id: runId });
  // Regulators read runs of their province (the national regulator every province).
  authorize(actor, 'compliance.oversee', { provinceCode: run.provinceCode });
  return run;
}

export interface RunSummary extends Omit<RunView, 'lines'> {
  entities: number;
  problems: number;
}

/** Runs of a year: a provincial regulator's province, or every province (national regulator). */
export async function listRuns(actor: Actor, year: number): Promise<RunSummary[]> {
  const scope = authorize(actor, 'compliance.oversee');
  const where = { year, ...(scope === 'all' ? {} : { provinceCode: actor.provinceCode ?? '-' }) };
  // The lines are counted, not read (a province's run has thousands, each with its calculation).
  const runs = await db().allocationRun.findMany({ where, orderBy: { id: 'desc' } });
  const heads = await runHeads(runs);
  const counts = await db().$queryRaw<{ run_id: number; entities: number; problems: number }[]>`
    SELECT run_id, count(*)::int AS entities, count(*) FILTER (WHERE problem IS NOT NULL)::int AS problems
      FROM allocation_line WHERE run_id = ANY(${runs.map((r) => r.id)}::int[]) GROUP BY run_id`;
  const countOf = new Map(counts.map((c) => [c.run_id, c]));
  return runs.map((run) => ({ ...heads.get(run.id)!, entities: countOf.get(run.id)?.entities ?? 0, problems: countOf.get(run.id)?.problems ?? 0 }));
}

export interface EntityAllocation {
  runId: number;
  kind: AllocationRunKind;
  confirmedAt: string;
  quantity: number;
  moved: number;
  deduction: number;
  paid: number;
  entryId: string | null;
  calculation: StoredLinePlan;
}

/** An entity's confirmed allocation lines of a year, with their calculations (own; regulators: in scope). */
export async function allocationsOf(actor: Actor, year: number, organisationId = actor.organisationId): Promise<EntityAllocation[]> {
  await requireOrganisationReader(actor, organisationId);
  const lines = await db().allocationLine.findMany({
    where: { organisationId, run: { year, status: 'CONFIRMED' } }, include: { run: true }, orderBy: { runId: 'asc' },
  });
  return lines.map((l) => ({
    runId: l.runId, kind: l.run.kind, confirmedAt: l.run.decidedAt!.toISOString(), quantity: num(l.quantity), moved: num(l.moved), deduction: num(l.deduction), paid: num(l.paid),
    entryId: l.entryId?.toString() ?? null, calculation: l.calculation as unknown as StoredLinePlan,
  }));
}

