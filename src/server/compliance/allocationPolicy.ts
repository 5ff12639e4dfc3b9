import { note } from '@/domain/notes';
import Decimal from 'decimal.js';
import type { AllocationMethod, IndustryRule } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { problem, type Problem } from '@/domain/problems';
import { fail } from '../errors';
import { idempotent } from '../idempotency';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudits } from '../audit/audit';
import { postEntries, unitMove, type EntryInput } from '../registry/ledger';
import { systemAccountId } from '../registry/accounts';
import { marketNow, inTransaction, type Tx } from '../tx';
import { requireOrganisationsReader } from './scope';
import type { IndustryRuleCommand, InstallationCommand, PlanCommand } from '@/schemas/allocation';

/**
 * Allocation policy, set by the national regulator (生态环境部): the national cap of a year split
 * into provincial budgets, and the industry rules (method and parameters per sub-industry) as
 * editable data. Publishing the plan issues the cap's CEA of the year into the national reserve
 * and distributes each province's budget to its allocation account (only what is missing, so
 * publishing again after a change moves just the difference). Every role that allocates reads it.
 */

export interface BudgetView {
  provinceCode: string;
  provinceName: string;
  provinceNameZh: string;
  budget: number;
  /** Used by confirmed runs: issued − taken back + paid share. */
  allocated: number;
  remaining: number;
  /** CEA of the year distributed to the province's allocation account so far. */
  distributed: number;
}

export interface PlanView {
  year: number;
  nationalCap: number | null;
  /** CEA of the year issued so far. */
  issued: number;
  budgets: BudgetView[];
  unassigned: number | null;
  updatedAt: string | null;
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

async function movedInto(tx: Tx, year: number): Promise<{ issued: number; distributed: Map<string, number> }> {
  const rows = await tx.$queryRaw<{ type: string; province_code: string | null; q: bigint }[]>`
    SELECT e.type::text AS type, a.province_code, sum(p.quantity)::bigint AS q
      FROM unit_posting p JOIN journal_entry e ON e.id = p.entry_id JOIN registry_account a ON a.id = p.account_id
     WHERE p.instrument = 'CEA' AND p.vintage = ${year} AND p.quantity > 0
       AND ((e.type = 'ISSUANCE' AND a.type = 'NATIONAL_RESERVE') OR (e.type = 'DISTRIBUTION' AND a.type = 'PROVINCE_ALLOCATION'))
     GROUP BY e.type, a.province_code`;
  return {
    issued: num(rows.find((r) => r.type === 'ISSUANCE')?.q),
    distributed: new Map(rows.filter((r) => r.type === 'DISTRIBUTION').map((r) => [r.province_code!, num(r.q)])),
  };
}

export async function allocationPlan(actor: Actor, year: number): Promise<PlanView> {
  authorize(actor, 'compliance.oversee');
  return inTransaction(async (tx) => planOf(tx, year));
}

async function planOf(tx: Tx, year: number): Promise<PlanView> {
  // One after another: the queries share the transaction's connection.
  const plan = await tx.allocationPlan.findUnique({ where: { year }, include: { budgets: true } });
  const provinces = await tx.province.findMany({ orderBy: { code: 'asc' } });
  const used = await tx.$queryRaw<{ province_code: string; used: bigint }[]>`
    SELECT province_code, sum(issued - taken_back + paid)::bigint AS used FROM allocation_run
     WHERE year = ${year} AND status = 'CONFIRMED' GROUP BY province_code`;
  const moved = await movedInto(tx, year);
  const usedOf = new Map(used.map((u) => [u.province_code, num(u.used)]));
  const budgets = provinces.map((p) => {
    const budget = num(plan?.budgets.find((b) => b.provinceCode === p.code)?.budget);
    const allocated = usedOf.get(p.code) ?? 0;
    return { provinceCode: p.code, provinceName: p.name, provinceNameZh: p.nameZh, budget, allocated, remaining: budget - allocated, distributed: moved.distributed.get(p.code) ?? 0 };
  });
  const cap = plan ? num(plan.nationalCap) : null;
  return {
    year, nationalCap: cap, issued: moved.issued, budgets,
    unassigned: cap === null ? null : cap - budgets.reduce((s, b) => s + b.budget, 0),
    updatedAt: plan?.updatedAt.toISOString() ?? null,
  };
}

/** Sets the cap and the provincial budgets: Σ budgets ≤ cap; no budget below what its province has already allocated. */
export async function setAllocationPlan(actor: Actor, year: number, cmd: PlanCommand): Promise<PlanView> {
  authorize(actor, 'allocation.plan');
  return inTransaction(async (tx) => {
    const known = (await tx.province.findMany({ select: { code: true }, orderBy: { code: 'asc' } })).map((p) => p.code);
    const fields: Record<string, Problem> = {};
    cmd.budgets.forEach((b, i) => { if (!known.includes(b.provinceCode)) fields[`budgets.${i}.provinceCode`] = problem('FIELD_ONE_OF', { options: known }); });
    if (Object.keys(fields).length) throw fail('INVALID_INPUT', {}, fields);
    const total = cmd.budgets.reduce((s, b) => s + b.budget, 0);
    if (total > cmd.nationalCap) throw fail('BUDGETS_EXCEED_CAP', { total, cap: cmd.nationalCap }, { nationalCap: problem('FIELD_AT_LEAST', { min: total }) });
    await tx.$queryRaw`SELECT year FROM allocation_plan WHERE year = ${year} FOR UPDATE`;
    const before = await planOf(tx, year);
    for (const b of cmd.budgets) {
      const allocated = before.budgets.find((x) => x.provinceCode === b.provinceCode)?.allocated ?? 0;
      if (b.budget < allocated) {
        throw fail('BUDGET_BELOW_ALLOCATED', { province: b.provinceCode, year, allocated }, { [`budgets.${cmd.budgets.indexOf(b)}.budget`]: problem('FIELD_AT_LEAST', { min: allocated }) });
      }
    }
    if (cmd.nationalCap < before.issued) throw fail('CAP_BELOW_ISSUED', { year, issued: before.issued }, { nationalCap: problem('FIELD_AT_LEAST', { min: before.issued }) });
    await tx.allocationPlan.upsert({
      where: { year }, update: { nationalCap: cmd.nationalCap, updatedById: actor.userId, updatedAt: await marketNow(tx) }, create: { year, nationalCap: cmd.nationalCap, updatedById: actor.userId },
    });
    for (const b of cmd.budgets) {
      await tx.provinceBudget.upsert({ where: { year_provinceCode: { year, provinceCode: b.provinceCode } }, update: { budget: b.budget }, create: { year, provinceCode: b.provinceCode, budget: b.budget } });
    }
    const after = await planOf(tx, year);
    await recordAudits(tx, [{ actor, event: { action: 'allocation.plan.set', targetType: 'allocation_plan', targetId: year, before: { nationalCap: before.nationalCap, budgets: before.budgets.map((b) => [b.provinceCode, b.budget]) }, after: cmd } }]);
    return after;
  });
}

/**
 * Publishes the plan into the registry: issues CEA of the year into the national reserve up to the
 * cap, and distributes to each province's allocation account up to its budget.
 */
export async function distributePlan(actor: Actor, year: number, opts: { idempotencyKey?: string } = {}): Promise<PlanView> {
  authorize(actor, 'allocation.plan');
  return inTransaction(async (tx) => idempotent(tx, actor.userId, { key: opts.idempotencyKey, scope: 'plan-distribute', request: { year } }, async () => {
    await tx.$queryRaw`SELECT year FROM allocation_plan WHERE year = ${year} FOR UPDATE`;
    const plan = await planOf(tx, year);
    if (plan.nationalCap === null) throw fail('NO_PLAN', { year });
    const asset = { instrument: 'CEA' as const, vintage: year };
    const reserve = await systemAccountId(tx, 'NATIONAL_RESERVE');
    const entries: EntryInput[] = [];
    const toIssue = plan.nationalCap - plan.issued;
    if (toIssue > 0) {
      entries.push({
        type: 'ISSUANCE', memo: note('NATIONAL_CAP', { year }), legalBasis: note('BASIS_NATIONAL_TOTAL', { year }), actorUserId: actor.userId,
        units: unitMove({ accountId: await systemAccountId(tx, 'ISSUANCE'), bucket: 'AVAILABLE' }, { accountId: reserve, bucket: 'AVAILABLE' }, asset, BigInt(toIssue)),
      });
    }
    for (const b of plan.budgets) {
      const missing = b.budget - b.distributed;
      if (missing <= 0) continue;
      entries.push({
        type: 'DISTRIBUTION', memo: note('PROVINCE_BUDGET', { year, province: b.provinceCode }), legalBasis: note('BASIS_PROVINCE_BUDGET', { year }), actorUserId: actor.userId,
        units: unitMove({ accountId: reserve, bucket: 'AVAILABLE' }, { accountId: await systemAccountId(tx, 'PROVINCE_ALLOCATION', b.provinceCode), bucket: 'AVAILABLE' }, asset, BigInt(missing)),
      });
    }
    const ids = await postEntries(tx, entries);
    await recordAudits(tx, ids.map((id, i) => ({ actor, event: { action: `movement.${entries[i]!.type.toLowerCase()}`, targetType: 'journal_entry', targetId: id, after: { memo: entries[i]!.memo, vintage: year } } })));
    return planOf(tx, year);
    }));
}

// ---------------------------------------------------------------------------------------------
// Industry rules and installations
// ---------------------------------------------------------------------------------------------

export interface IndustryRuleView {
  year: number;
  code: string;
  industry: string;
  name: string;
  nameZh: string;
  method: AllocationMethod;
  outputUnit: string;
  benchmark: string | null;
  declineFactor: string;
  adjustmentFactors: string[];
  outputCapMultiple: string | null;
  preAllocationShare: string;
  paidShare: string;
  updatedAt: string;
}

const dec = (d: { toString(): string } | null) => (d === null ? null : new Decimal(d.toString()).toString());

/** The industry rules of a year: public policy data, read by any signed-in user (an entity checks its calculation with them). */
export async function listIndustryRules(_actor: Actor, year: number): Promise<IndustryRuleView[]> {
  return (await db().industryRule.findMany({ where: { year }, orderBy: [{ industry: 'asc' }, { code: 'asc' }] })).map(ruleView);
}

function ruleView(r: IndustryRule): IndustryRuleView {
  return {
    year: r.year, code: r.code, industry: r.industry, name: r.name, nameZh: r.nameZh, method: r.method, outputUnit: r.outputUnit,
    benchmark: dec(r.benchmark), declineFactor: dec(r.declineFactor)!, adjustmentFactors: r.adjustmentFactors.map((f) => dec(f)!), outputCapMultiple: dec(r.outputCapMultiple),
    preAllocationShare: dec(r.preAllocationShare)!, paidShare: dec(r.paidShare)!, updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Creates or changes a sub-industry's rule for a year (national regulator). A rule of a year with a
 * confirmed run stays as it was. With `create`, a rule of that code must not exist yet (a new rule
 * never overwrites one).
 */
export async function saveIndustryRule(actor: Actor, year: number, code: string, cmd: IndustryRuleCommand, opts: { create?: boolean } = {}): Promise<IndustryRuleView> {
  authorize(actor, 'allocation.rulesSet');
  return inTransaction(async (tx) => {
    const confirmed = await tx.allocationRun.count({ where: { year, status: 'CONFIRMED' } });
    const existing = await tx.industryRule.findUnique({ where: { year_code: { year, code } } });
    if (existing && opts.create) throw fail('RULE_EXISTS', { year, code }, { code: problem('RULE_EXISTS', { year, code }) });
    if (existing && confirmed > 0) throw fail('RULES_IN_USE', { year });
    const data = {
      industry: cmd.industry, name: cmd.name, nameZh: cmd.nameZh, method: cmd.method, outputUnit: cmd.outputUnit, benchmark: cmd.benchmark ?? null,
      declineFactor: cmd.declineFactor, adjustmentFactors: cmd.adjustmentFactors, outputCapMultiple: cmd.outputCapMultiple ?? null,
      preAllocationShare: cmd.preAllocationShare, paidShare: cmd.paidShare, updatedById: actor.userId, updatedAt: await marketNow(tx),
    };
    const saved = await tx.industryRule.upsert({ where: { year_code: { year, code } }, update: data, create: { year, code, ...data } });
    await recordAudits(tx, [{ actor, event: { action: 'allocation.rule.save', targetType: 'industry_rule', targetId: `${year}/${code}`, before: existing, after: { year, code, ...cmd } } }]);
    // Read through the transaction: under four eyes it is the approval's, not yet committed.
    return ruleView(saved);
  });
}

export interface InstallationView {
  id: number;
  organisationId: number;
  code: string;
  name: string;
  ruleCode: string;
  designCapacity: string | null;
  baseEmissions: number[];
  historicalIntensity: string | null;
  active: boolean;
}

/** Installations of an organisation: the caller's own, or (regulators) one in their scope. */
export async function listInstallations(actor: Actor, organisationId = actor.organisationId): Promise<InstallationView[]> {
  return (await listInstallationsOf(actor, [organisationId])).get(organisationId) ?? [];
}

/** The installations of each organisation asked (listInstallations for many at once). */
export async function listInstallationsOf(actor: Actor, organisationIds: readonly number[]): Promise<Map<number, InstallationView[]>> {
  await requireOrganisationsReader(actor, organisationIds);
  const byOrg = new Map<number, InstallationView[]>(organisationIds.map((id) => [id, []]));
  for (const i of await installationsOf(organisationIds)) byOrg.get(i.organisationId)?.push(i);
  return byOrg;
}

async function installationsOf(organisationIds: readonly number[]): Promise<InstallationView[]> {
  const rows = await db().installation.findMany({ where: { organisationId: { in: [...organisationIds] } }, orderBy: [{ organisationId: 'asc' }, { code: 'asc' }] });
  return rows.map((i) => ({
    id: i.id, organisationId: i.organisationId, code: i.code, name: i.name, ruleCode: i.ruleCode, designCapacity: dec(i.designCapacity),
    baseEmissions: i.baseEmissions.map(Number), historicalIntensity: dec(i.historicalIntensity), active: i.active,
  }));
}

/** Registers or changes an installation of an entity (the provincial regulator of its province). */
export async function saveInstallation(actor: Actor, cmd: InstallationCommand): Promise<InstallationView> {
  authorize(actor, 'allocation.installations');
  await inTransaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: cmd.organisationId }, select: { kind: true, provinceCode: true } });
    if (!org) throw fail('NOT_FOUND', { what: 'organisation', id: cmd.organisationId });
    authorize(actor, 'allocation.installations', { provinceCode: org.provinceCode });
    if (org.kind !== 'COMPLIANCE_ENTITY') throw fail('NOT_A_COMPLIANCE_ENTITY', {}, { organisationId: problem('NOT_A_COMPLIANCE_ENTITY') });
    const existing = await tx.installation.findUnique({ where: { code: cmd.code } });
    if (existing && existing.organisationId !== cmd.organisationId) throw fail('INSTALLATION_CODE_TAKEN', { code: cmd.code }, { code: problem('INSTALLATION_CODE_TAKEN', { code: cmd.code }) });
    // The sub-industry must have a rule in some year (the rules of each year are the national regulator's).
    if ((await tx.industryRule.count({ where: { code: cmd.ruleCode } })) === 0) {
      const known = (await tx.industryRule.findMany({ distinct: ['code'], select: { code: true }, orderBy: { code: 'asc' } })).map((r) => r.code);
      throw fail('INVALID_INPUT', {}, { ruleCode: problem('FIELD_ONE_OF', { options: known }) });
    }
    const data = {
      name: cmd.name, ruleCode: cmd.ruleCode, designCapacity: cmd.designCapacity ?? null, baseEmissions: cmd.baseEmissions.map(BigInt),
      historicalIntensity: cmd.historicalIntensity ?? null, active: cmd.active,
    };
    const saved = await tx.installation.upsert({ where: { code: cmd.code }, update: data, create: { organisationId: cmd.organisationId, code: cmd.code, ...data } });
    await recordAudits(tx, [{ actor, event: { action: 'allocation.installation.save', targetType: 'installation', targetId: saved.id, before: existing, after: cmd } }]);
  });
  return (await installationsOf([cmd.organisationId])).find((i) => i.code === cmd.code)!;
}
