'use server';

import { z } from 'zod';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { planSchema, runCommandSchema, type PlanCommand } from '@/schemas/allocation';
import { yearSchema } from '@/schemas/compliance';
import { idSchema } from '@/schemas/registry';
import { confirmRun, discardRun, prepareRun } from '@/server/compliance/allocation';
import { distributePlan, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { DomainError } from '@/server/errors';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * Allocation (配额分配) from the regulators' page: the national regulator sets the cap and the
 * provincial budgets and distributes them; a provincial regulator prepares a run (a preview), and a
 * second regulator of the province confirms it — or either discards it. Confirming moves
 * allowances, so the holders' pages are revalidated too.
 */
const PATHS = ['/allocation', '/holdings', '/movements', '/accounts', '/ledger'];

/**
 * The services' refusals in the user's language: the English message as sent (it carries the
 * figures), a translation by code in Chinese. The plan's per-field errors (`nationalCap`,
 * `budgets.<i>.budget`) are renamed to the form's fields (`nationalCap`, `budget_<province>`).
 */
function localised(e: unknown, t: Dictionary, lang: Lang, budgets: PlanCommand['budgets'] = []): never {
  if (!(e instanceof DomainError)) throw e;
  const p = t.allocationPage;
  const byCode = p.errors as Record<string, string>;
  const message = lang === 'en' ? e.message : (byCode[e.code] ?? e.message);
  if (!e.fields) throw new DomainError(e.kind, e.code, message);
  const fields: Record<string, string> = {};
  for (const [key, text] of Object.entries(e.fields)) {
    const m = /^budgets\.(\d+)\.(\w+)$/.exec(key);
    const code = m ? budgets[Number(m[1])]?.provinceCode : undefined;
    const field = key === 'nationalCap' ? 'nationalCap' : code ? `budget_${code}` : 'budgets';
    const n = /(\d+)/.exec(text)?.[1];
    fields[field] ??=
      e.code === 'BUDGETS_EXCEED_CAP' ? fmt(p.capBelowBudgets, { sum: tonnes(budgets.reduce((s, b) => s + b.budget, 0)) })
      : e.code === 'BUDGET_BELOW_ALLOCATED' && n ? fmt(p.budgetBelowAllocated, { n: tonnes(n) })
      : e.code === 'CAP_BELOW_ISSUED' && n ? fmt(p.capBelowIssued, { n: tonnes(n) })
      : lang === 'en' ? text : message;
  }
  throw new DomainError(e.kind, e.code, message, fields);
}

const planFormSchema = planSchema.safeExtend({ year: yearSchema });

/** Sets the year's national cap and the provincial budgets (national regulator). */
export async function setPlanAction(input: unknown) {
  return runAction(
    planFormSchema,
    input,
    async (actor, { year, ...cmd }, { t, lang }) => {
      const plan = await setAllocationPlan(actor, year, cmd).catch((e: unknown) => localised(e, t, lang, cmd.budgets));
      const sum = plan.budgets.reduce((s, b) => s + b.budget, 0);
      return { message: fmt(t.allocationPage.planSaved, { year, cap: tonnes(plan.nationalCap ?? 0), sum: tonnes(sum) }) };
    },
    PATHS,
  );
}

/** Issues the cap into the national reserve and tops each province's allocation account up to its budget. */
export async function distributePlanAction(input: unknown) {
  return runAction(
    z.object({ year: yearSchema }),
    input,
    async (actor, { year }, { t, lang }) => {
      const plan = await distributePlan(actor, year).catch((e: unknown) => localised(e, t, lang));
      return { message: fmt(t.allocationPage.distributed, { year, issued: tonnes(plan.issued) }) };
    },
    PATHS,
  );
}

/** Prepares a preview run for the regulator's own province. */
export async function prepareRunAction(input: unknown) {
  return runAction(
    z.object({ year: yearSchema, kind: runCommandSchema.shape.kind }),
    input,
    async (actor, { year, kind }, { t, lang }) => {
      const run = await prepareRun(actor, year, { provinceCode: actor.provinceCode ?? '', kind }).catch((e: unknown) => localised(e, t, lang));
      return {
        runId: run.id,
        message: fmt(t.allocationPage.prepared, { id: run.id, n: run.lines.length, issued: tonnes(run.issued), problems: run.lines.filter((l) => l.problem).length }),
      };
    },
    PATHS,
  );
}

const runIdSchema = z.object({ runId: idSchema });

/** Confirms a preview (a second regulator of the province): every line becomes a registry movement. */
export async function confirmRunAction(input: unknown) {
  return runAction(
    runIdSchema,
    input,
    async (actor, { runId }, { t, lang }) => {
      const run = await confirmRun(actor, runId).catch((e: unknown) => localised(e, t, lang));
      return { message: fmt(t.allocationPage.confirmed, { id: run.id, issued: tonnes(run.issued), taken: tonnes(run.takenBack), paid: tonnes(run.paid) }) };
    },
    PATHS,
  );
}

/** Discards a preview (either regulator of the province). */
export async function discardRunAction(input: unknown) {
  return runAction(
    runIdSchema,
    input,
    async (actor, { runId }, { t, lang }) => {
      const run = await discardRun(actor, runId).catch((e: unknown) => localised(e, t, lang));
      return { message: fmt(t.allocationPage.discarded, { id: run.id }) };
    },
    PATHS,
  );
}
