import { z } from 'zod';
import { problem } from '@/domain/problems';
import { idSchema } from './registry';
import { yearSchema } from './compliance';
import { matching, refusedAs } from './problems';

/**
 * Request schemas of allocation (cap, budgets, industry rules, installations, runs) and the
 * covered-entity list. Refusals are field problems (src/schemas/problems.ts).
 */

/** Whole tonnes, 0 to 100 billion. */
export const tonnes = () => z.number().int().min(0).max(100_000_000_000);

export const provinceCodeSchema = matching(z.string().trim().toUpperCase(), /^[A-Z]{2,8}$/, problem('FIELD_PROVINCE_CODE')).describe('A province code such as GD');

export const planSchema = z.object({
  nationalCap: tonnes().min(1).describe('The national cap of the year (配额总量), tCO2e'),
  budgets: z
    .array(z.object({ provinceCode: provinceCodeSchema, budget: tonnes() }))
    .max(40)
    .refine((b) => new Set(b.map((x) => x.provinceCode)).size === b.length, refusedAs(problem('PROVINCE_TWICE')))
    .describe('Provincial budgets { provinceCode, budget }; together at most the cap'),
});
export type PlanCommand = z.infer<typeof planSchema>;

/** A non-negative decimal as a string (e.g. "0.8770"), at most `scale` decimals and at most `max`. */
export const decimalString = (scale: number, max?: number) =>
  matching(z.string().trim(), new RegExp(`^\\d{1,12}(\\.\\d{1,${scale}})?$`), problem('FIELD_DECIMAL', { scale }))
    .refine((v) => max === undefined || Number(v) <= max, refusedAs(problem('FIELD_AT_MOST', { max: max ?? 0 })));

export const industryRuleSchema = z
  .object({
    industry: matching(z.string().trim().toUpperCase(), /^[A-Z_]{2,30}$/, problem('FIELD_INDUSTRY_CODE')).describe('An industry code such as POWER, CEMENT or STEEL'),
    name: z.string().trim().min(3).max(200),
    nameZh: z.string().trim().min(2).max(200),
    method: z.enum(['BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY']),
    outputUnit: z.string().trim().min(1).max(40).describe('The unit of output, e.g. MWh'),
    benchmark: decimalString(6).optional().describe('tCO2 per unit of output (benchmark method)'),
    declineFactor: decimalString(6, 2).default('1').describe('Annual decline factor, e.g. "0.98"'),
    adjustmentFactors: z.array(decimalString(6, 10)).max(10).default([]),
    outputCapMultiple: decimalString(4, 10).optional().describe('Output cap as a multiple of design capacity; absent: no cap'),
    preAllocationShare: decimalString(4, 1).default('0.7'),
    paidShare: decimalString(4, 1).default('0'),
  })
  .superRefine((r, ctx) => {
    if (r.method === 'BENCHMARK' && r.benchmark === undefined) ctx.addIssue({ code: 'custom', path: ['benchmark'], ...refusedAs(problem('BENCHMARK_REQUIRED')) });
    if (Number(r.declineFactor) === 0) ctx.addIssue({ code: 'custom', path: ['declineFactor'], ...refusedAs(problem('FIELD_ABOVE', { min: 0 })) });
  });
export type IndustryRuleCommand = z.infer<typeof industryRuleSchema>;

export const ruleParamsSchema = z.object({
  year: yearSchema,
  code: matching(z.string().trim().toUpperCase(), /^[A-Z0-9_]{2,40}$/, problem('FIELD_RULE_CODE')).describe('Sub-industry code, e.g. POWER_COAL_300'),
});

export const runCommandSchema = z.object({
  provinceCode: provinceCodeSchema,
  kind: z.enum(['PRE_ALLOCATION', 'TRUE_UP']),
});
export type RunCommand = z.infer<typeof runCommandSchema>;

export const runParamsSchema = z.object({ id: idSchema.describe('Allocation run id') });

export const organisationQuerySchema = z.object({ organisationId: idSchema.optional().describe('Regulators: the entity (default: your own organisation)') });

export const installationSchema = z
  .object({
    organisationId: idSchema,
    code: matching(z.string().trim().toUpperCase(), /^[A-Z0-9-]{2,40}$/, problem('FIELD_INSTALLATION_CODE')).describe('Letters, digits and dashes, e.g. GZ-U1'),
    name: z.string().trim().min(2).max(200),
    ruleCode: matching(z.string().trim().toUpperCase(), /^[A-Z0-9_]{2,40}$/, problem('FIELD_RULE_CODE')).describe('The sub-industry code of its rule'),
    designCapacity: decimalString(2).optional().describe('Design capacity per year, in the rule’s output unit'),
    baseEmissions: z.array(tonnes()).max(10).default([]).describe('Annual emissions of the base period (historical emissions method)'),
    historicalIntensity: decimalString(6).optional().describe('tCO2 per unit of output in the base period (historical intensity method)'),
    active: z.boolean().default(true),
  });
export type InstallationCommand = z.infer<typeof installationSchema>;

// ---------------------------------------------------------------------------------------------
// Covered-entity list
// ---------------------------------------------------------------------------------------------

export const coverageAddSchema = z.object({
  organisationId: idSchema,
  fromYear: yearSchema.describe('First year covered'),
  basisYear: yearSchema.describe('The year whose emissions qualify it (its verified report, if any, is used)'),
  annualEmissions: tonnes().optional().describe('tCO2e of the basis year, when it has no verified report'),
});
export type CoverageAddCommand = z.infer<typeof coverageAddSchema>;

const isoDate = z.iso.date();

export const coverageRemoveSchema = z.object({
  reason: z.enum(['BELOW_THRESHOLD', 'CLOSURE']),
  lastYear: yearSchema.describe('The last year the entity is covered'),
  transitionUntil: isoDate.describe('A date like 2027-06-30: leftover allowances stay tradable until then, then are cancelled'),
  note: z.string().trim().min(3).max(1000).optional(),
});
export type CoverageRemoveCommand = z.infer<typeof coverageRemoveSchema>;

export const coverageParamsSchema = z.object({ organisationId: idSchema.describe('The organisation') });
