import { z } from 'zod';
import { idSchema } from './registry';
import { yearSchema } from './compliance';

/** Request schemas of allocation (cap, budgets, industry rules, installations, runs) and the covered-entity list. */

const tonnes = (what: string) =>
  z.number({ error: `${what} must be whole tonnes` }).int(`${what} must be whole tonnes`).min(0, `${what} cannot be negative`).max(100_000_000_000, `${what} is too large`);

const provinceCodeSchema = z.string({ error: 'provinceCode is required, e.g. "GD"' }).trim().toUpperCase().regex(/^[A-Z]{2,8}$/, 'provinceCode is a province code such as GD');

export const planSchema = z.object({
  nationalCap: tonnes('The national cap').min(1, 'The national cap must be at least 1 t').describe('The national cap of the year (配额总量), tCO2e'),
  budgets: z
    .array(z.object({ provinceCode: provinceCodeSchema, budget: tonnes('The budget') }), { error: 'budgets must be a list of { provinceCode, budget }' })
    .max(40)
    .refine((b) => new Set(b.map((x) => x.provinceCode)).size === b.length, 'Each province appears once')
    .describe('Provincial budgets; together at most the cap'),
});
export type PlanCommand = z.infer<typeof planSchema>;

/** A positive decimal as a string (e.g. "0.8770"), at most `scale` decimals. */
const decimalString = (what: string, scale: number, max?: number) =>
  z
    .string({ error: `${what} must be a number as a string, e.g. "0.98"` })
    .trim()
    .regex(new RegExp(`^\\d{1,12}(\\.\\d{1,${scale}})?$`), `${what} must be a non-negative number with at most ${scale} decimals`)
    .refine((v) => max === undefined || Number(v) <= max, `${what} must be at most ${max}`);

export const industryRuleSchema = z
  .object({
    industry: z.string({ error: 'industry is required, e.g. POWER' }).trim().toUpperCase().regex(/^[A-Z_]{2,30}$/, 'industry is a code such as POWER, CEMENT or STEEL'),
    name: z.string({ error: 'name is required' }).trim().min(3, 'name needs at least 3 characters').max(200),
    nameZh: z.string({ error: 'nameZh is required' }).trim().min(2, 'nameZh needs at least 2 characters').max(200),
    method: z.enum(['BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY'], { error: 'method must be BENCHMARK, HISTORICAL_EMISSIONS or HISTORICAL_INTENSITY' }),
    outputUnit: z.string({ error: 'outputUnit is required, e.g. MWh' }).trim().min(1).max(40),
    benchmark: decimalString('benchmark', 6).optional().describe('tCO2 per unit of output (benchmark method)'),
    declineFactor: decimalString('declineFactor', 6, 2).default('1').describe('Annual decline factor, e.g. "0.98"'),
    adjustmentFactors: z.array(decimalString('An adjustment factor', 6, 10)).max(10).default([]),
    outputCapMultiple: decimalString('outputCapMultiple', 4, 10).optional().describe('Output cap as a multiple of design capacity; absent: no cap'),
    preAllocationShare: decimalString('preAllocationShare', 4, 1).default('0.7'),
    paidShare: decimalString('paidShare', 4, 1).default('0'),
  })
  .superRefine((r, ctx) => {
    if (r.method === 'BENCHMARK' && r.benchmark === undefined) ctx.addIssue({ code: 'custom', path: ['benchmark'], message: 'The benchmark method needs a benchmark value' });
    if (Number(r.declineFactor) === 0) ctx.addIssue({ code: 'custom', path: ['declineFactor'], message: 'declineFactor must be above 0' });
  });
export type IndustryRuleCommand = z.infer<typeof industryRuleSchema>;

export const ruleParamsSchema = z.object({
  year: yearSchema,
  code: z.string().trim().toUpperCase().regex(/^[A-Z0-9_]{2,40}$/, 'A rule code such as POWER_COAL_300').describe('Sub-industry code'),
});

export const runCommandSchema = z.object({
  provinceCode: provinceCodeSchema,
  kind: z.enum(['PRE_ALLOCATION', 'TRUE_UP'], { error: 'kind must be PRE_ALLOCATION or TRUE_UP' }),
});
export type RunCommand = z.infer<typeof runCommandSchema>;

export const runParamsSchema = z.object({ id: idSchema.describe('Allocation run id') });

export const organisationQuerySchema = z.object({ organisationId: idSchema.optional().describe('Regulators: the entity (default: your own organisation)') });

export const installationSchema = z
  .object({
    organisationId: idSchema,
    code: z.string({ error: 'code is required' }).trim().toUpperCase().regex(/^[A-Z0-9-]{2,40}$/, 'code uses letters, digits and dashes, e.g. GZ-U1'),
    name: z.string({ error: 'name is required' }).trim().min(2).max(200),
    ruleCode: z.string({ error: 'ruleCode is required' }).trim().toUpperCase().regex(/^[A-Z0-9_]{2,40}$/, 'ruleCode is a sub-industry code'),
    designCapacity: decimalString('designCapacity', 2).optional().describe('Design capacity per year, in the rule’s output unit'),
    baseEmissions: z.array(tonnes('Base-period emissions')).max(10).default([]).describe('Annual emissions of the base period (historical emissions method)'),
    historicalIntensity: decimalString('historicalIntensity', 6).optional().describe('tCO2 per unit of output in the base period (historical intensity method)'),
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
  annualEmissions: tonnes('annualEmissions').optional().describe('tCO2e of the basis year, when it has no verified report'),
});
export type CoverageAddCommand = z.infer<typeof coverageAddSchema>;

const isoDate = z.iso.date({ error: 'A date like 2027-06-30' });

export const coverageRemoveSchema = z.object({
  reason: z.enum(['BELOW_THRESHOLD', 'CLOSURE'], { error: 'reason must be BELOW_THRESHOLD or CLOSURE' }),
  lastYear: yearSchema.describe('The last year the entity is covered'),
  transitionUntil: isoDate.describe('Leftover allowances stay tradable until this date, then are cancelled'),
  note: z.string().trim().min(3, 'Note needs at least 3 characters').max(1000).optional(),
});
export type CoverageRemoveCommand = z.infer<typeof coverageRemoveSchema>;

export const coverageParamsSchema = z.object({ organisationId: idSchema.describe('The organisation') });
