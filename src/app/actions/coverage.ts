'use server';

import { z } from 'zod';
import { fmt, type Lang } from '@/i18n';
import { INCLUSION_THRESHOLD_T } from '@/domain/compliance/coverage';
import { coverageAddSchema, coverageRemoveSchema, industryRuleSchema, ruleParamsSchema } from '@/schemas/allocation';
import { emissionReportSchema, yearSchema } from '@/schemas/compliance';
import { idSchema } from '@/schemas/registry';
import { listIndustryRules, saveIndustryRule } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity, removeCoveredEntity } from '@/server/compliance/coveredEntities';
import { marketDate } from '@/server/compliance/cycle';
import { fileReport } from '@/server/compliance/reports';
import { conflict, DomainError, invalidInput } from '@/server/errors';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

/**
 * Actions of allocation policy and coverage: the national regulator saves an industry rule of a
 * year; a provincial regulator adds an entity to the covered-entity list (重点排放单位名录) or
 * removes it; a covered entity files (or refiles) its emission report (排放报告).
 */

/**
 * Errors whose codes the shared Chinese dictionary does not carry yet: the message (and a short
 * text next to the field) from the page's own section, filled with what the form sent. English
 * keeps the service's message, which names the figures.
 */
function localized(e: unknown, lang: Lang, texts: { errors: Record<string, string>; errorFields: Record<string, string> }, vars: Record<string, string | number>): never {
  if (lang === 'en' || !(e instanceof DomainError)) throw e;
  const text = texts.errors[e.code];
  if (!text) throw e;
  const message = fmt(text, vars);
  const field = fmt(texts.errorFields[e.code] ?? text, vars);
  throw new DomainError(e.kind, e.code, message, e.fields ? Object.fromEntries(Object.keys(e.fields).map((k) => [k, field])) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Industry rules (national regulator)
// ---------------------------------------------------------------------------------------------

/** The rule form: the shared request schema plus the year and sub-industry code; `create` refuses to overwrite an existing rule. */
const ruleFormSchema = industryRuleSchema.safeExtend({ year: yearSchema, code: ruleParamsSchema.shape.code, create: z.boolean().default(false) });

export async function saveIndustryRuleAction(input: unknown) {
  return runAction(
    ruleFormSchema,
    input,
    async (actor, { year, code, create, ...cmd }, { t, lang }) => {
      const save = async () => {
        if (create && (await listIndustryRules(actor, year)).some((r) => r.code === code)) {
          throw conflict('RULE_EXISTS', `${year} already has a rule ${code}: edit it instead.`, { code: `already used in ${year}` });
        }
        return saveIndustryRule(actor, year, code, cmd);
      };
      const rule = await save().catch((e: unknown) => localized(e, lang, t.allocationRules, { year, code }));
      return { code: rule.code, message: fmt(create ? t.allocationRules.added : t.allocationRules.saved, { code: rule.code, year }) };
    },
    ['/allocation'],
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
      const row = await addCoveredEntity(actor, cmd).catch((e: unknown) =>
        localized(e, lang, t.coveredEntities, { year: cmd.basisYear, n: tonnes(INCLUSION_THRESHOLD_T) }),
      );
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
      const row = await removeCoveredEntity(actor, organisationId, cmd).catch(async (e: unknown) =>
        localized(e, lang, t.coveredEntities, { prev: cmd.lastYear - 1, last: cmd.lastYear, n: tonnes(INCLUSION_THRESHOLD_T), today: await marketDate() }),
      );
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
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.join('.') || 'lines'] ??= issue.message;
        throw invalidInput(fields);
      }
      const r = await fileReport(actor, year, parsed.data);
      return { message: fmt(t.complianceAllocation.filed, { year, n: tonnes(r.reportedCo2e) }) };
    },
    ['/compliance'],
  );
}
