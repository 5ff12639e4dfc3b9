'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { planSchema, runCommandSchema } from '@/schemas/allocation';
import { yearSchema } from '@/schemas/compliance';
import { idSchema } from '@/schemas/registry';
import { confirmRun, discardRun, prepareRun } from '@/server/compliance/allocation';
import { submitForApproval } from '@/server/registry/approvals';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * Allocation (配额分配) from the regulators' page: the national regulator sets the cap and the
 * provincial budgets and distributes them; a provincial regulator prepares a run (a preview), and a
 * second regulator of the province confirms it — or either discards it. Confirming moves
 * allowances, so the holders' pages are revalidated too.
 */
const PATHS = ['/allocation', '/holdings', '/movements', '/accounts', '/ledger', '/approvals'];

/** The plan form sends the year with the plan; the service names the budgets' fields `budgets.<i>.budget` (the form puts them on its provinces). */
const planFormSchema = planSchema.safeExtend({ year: yearSchema });

/** Sets the year's national cap and the provincial budgets (national regulator). */
export async function setPlanAction(input: unknown) {
  return runAction(
    planFormSchema,
    input,
    async (actor, { year, ...cmd }, { t }) => {
      // Four eyes: another national regulator approves the plan (Approvals).
      const r = await submitForApproval(actor, 'allocation.plan', { year, ...cmd });
      return { approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
  );
}

/** Issues the cap into the national reserve and tops each province's allocation account up to its budget. */
export async function distributePlanAction(input: unknown) {
  return runAction(
    z.object({ year: yearSchema }),
    input,
    async (actor, { year }, { t }) => {
      const r = await submitForApproval(actor, 'allocation.distribute', { year });
      return { approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
  );
}

/** Prepares a preview run for the regulator's own province. */
export async function prepareRunAction(input: unknown) {
  return runAction(
    z.object({ year: yearSchema, kind: runCommandSchema.shape.kind }),
    input,
    async (actor, { year, kind }, { t }) => {
      const run = await prepareRun(actor, year, { provinceCode: actor.provinceCode ?? '', kind });
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
    async (actor, { runId }, { t }) => {
      const run = await confirmRun(actor, runId);
      return { message: fmt(t.allocationPage.confirmed, { id: run.id, issued: tonnes(run.issued), taken: tonnes(run.takenBack), paid: tonnes(run.paid) }) };
    },
    PATHS,
    { signed: true },
  );
}

/** Discards a preview (either regulator of the province). */
export async function discardRunAction(input: unknown) {
  return runAction(
    runIdSchema,
    input,
    async (actor, { runId }, { t }) => {
      const run = await discardRun(actor, runId);
      return { message: fmt(t.allocationPage.discarded, { id: run.id }) };
    },
    PATHS,
  );
}
