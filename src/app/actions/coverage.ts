'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { coverageAddSchema, coverageRemoveSchema, industryRuleSchema, ruleParamsSchema } from '@/schemas/allocation';
import { emissionReportSchema, yearSchema } from '@/schemas/compliance';
import { issueFields } from '@/schemas/problems';
import { idSchema } from '@/schemas/registry';
import { addCoveredEntity, removeCoveredEntity } from '@/server/compliance/coveredEntities';
import { fileReport } from '@/server/compliance/reports';
import { fail } from '@/server/errors';
import { submitForApproval } from '@/server/registry/approvals';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * Actions of allocation policy and coverage: the national regulator saves an industry rule of a
 * year; a provincial regulator adds an entity to the covered-entity list (重点排放单位名录) or
 * removes it; a covered entity files (or refiles) its emission report (排放报告).
 */

// ---------------------------------------------------------------------------------------------
// Industry rules (national regulator)
// ---------------------------------------------------------------------------------------------

/** The rule form: the shared request schema plus the year and sub-industry code; `create` refuses to overwrite an existing rule. */
const ruleFormSchema = industryRuleSchema.safeExtend({ year: yearSchema, code: ruleParamsSchema.shape.code, create: z.boolean().default(false) });

export async function saveIndustryRuleAction(input: unknown) {
  return runAction(
    ruleFormSchema,
    input,
    async (actor, { year, code, create, ...cmd }, { t }) => {
      // Four eyes: another national regulator approves the rule (Approvals).
      const r = await submitForApproval(actor, 'allocation.rule', { year, code, create, ...cmd });
      return { code, approvalId: r.approvalId, message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    ['/allocation', '/approvals'],
  );
}

// ---------------------------------------------------------------------------------------------
// The covered-entity list (provincial regulator)
// ---------------------------------------------------------------------------------------------

const COVERAGE_PATHS = ['/compliance/entities', '/allocation', '/compliance/reports', '/compliance/overview'];

export async function addCoveredEntityAction(input: unknown) {
  return runAction(
    coverageAddSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const row = await addCoveredEntity(actor, cmd);
      return { message: fmt(t.coveredEntities.addedDone, { entity: lang === 'zh' ? row.nameZh : row.name, year: cmd.fromYear }) };
    },
    COVERAGE_PATHS,
  );
}

const removeFormSchema = coverageRemoveSchema.extend({ organisationId: idSchema });

export async function removeCoveredEntityAction(input: unknown) {
  return runAction(
    removeFormSchema,
    input,
    async (actor, { organisationId, ...cmd }, { t, lang }) => {
      const row = await removeCoveredEntity(actor, organisationId, cmd);
      return {
        message: fmt(t.coveredEntities.removedDone, { entity: lang === 'zh' ? row.nameZh : row.name, year: cmd.lastYear, date: cmd.transitionUntil }),
      };
    },
    COVERAGE_PATHS,
  );
}

// ---------------------------------------------------------------------------------------------
// Emission report (covered entity)
// ---------------------------------------------------------------------------------------------

/**
 * The report form sends the year and the report. Problems are named by their place in the request
 * (`lines.2.quantity`, `outputs.GZPR-U1`) so that the form can put each next to its own row.
 */
const reportFormSchema = z.object({ year: yearSchema, lines: z.unknown(), outputs: z.unknown() });

export async function fileReportAction(input: unknown) {
  return runAction(
    reportFormSchema,
    input,
    async (actor, { year, ...body }, { t }) => {
      const parsed = emissionReportSchema.safeParse(body);
      if (!parsed.success) throw fail('INVALID_INPUT', {}, issueFields(parsed.error, body));
      const r = await fileReport(actor, year, parsed.data);
      return { message: fmt(t.complianceAllocation.filed, { year, n: tonnes(r.reportedCo2e) }) };
    },
    ['/compliance'],
  );
}
