import { ruleParams } from '@/i18n/ruleParams';
import { z } from 'zod';
import { GAS_CODE, gwpTableProblems } from '@/domain/compliance/coverage';
import { problem } from '@/domain/problems';
import { idSchema, instrumentSchema } from './registry';
import { matching, refusedAs } from './problems';

/**
 * Request schemas of the compliance cycle (reports, verification, surrender), shared by routes and
 * the OpenAPI document. Refusals are field problems (src/schemas/problems.ts): by the issue's code,
 * or the problem a refinement names.
 */

/** The issue params that make a refinement's refusal a field problem. */


export const yearSchema = z.coerce.number().int().min(2000).max(2100);
export const yearParamsSchema = z.object({ year: yearSchema.describe('The compliance year') });
export const yearIdParamsSchema = z.object({ year: yearSchema, id: idSchema.describe('Report id') });

/** Tonnes as a string like "1250.5": non-negative, at most 6 decimals. */
const decimalTonnes = matching(z.string(), /^\d{1,12}(\.\d{1,6})?$/, problem('FIELD_DECIMAL', { scale: 6 }));

export const emissionLineSchema = z.object({
  source: z.string().trim().min(2).max(200),
  gas: matching(z.string().trim().toUpperCase(), GAS_CODE, problem('GWP_BAD_GAS')),
  quantity: decimalTonnes.describe('Tonnes of the gas'),
});

export const emissionReportSchema = z.object({
  lines: z.array(emissionLineSchema).min(1).max(500).describe('Emissions by source and gas: { source, gas, quantity }'),
  outputs: z.record(z.string().trim().toUpperCase().min(1).max(40), decimalTonnes).default({}).describe('Production output per installation, in its rule’s unit (MWh, t clinker…)'),
});
export type EmissionReportCommand = z.infer<typeof emissionReportSchema>;

export const verificationSchema = z
  .object({
    decision: z.enum(['CONFIRM', 'CORRECT']).describe('Confirm the reported figure, or correct it'),
    verifiedEmissions: z.number().int().min(0).max(1_000_000_000_000).optional().describe('CORRECT: the verified figure (tCO2e)'),
    note: z.string().trim().min(3).max(1000).optional().describe('CORRECT: the reason (required)'),
  })
  .superRefine((c, ctx) => {
    if (c.decision !== 'CORRECT') return;
    if (c.verifiedEmissions === undefined) ctx.addIssue({ code: 'custom', path: ['verifiedEmissions'], params: { problem: 'CORRECTION_NEEDS_FIGURE' } });
    if (c.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], params: { problem: 'CORRECTION_NEEDS_REASON' } });
  });
export type VerificationCommand = z.infer<typeof verificationSchema>;

export const surrenderSchema = z.object({
  items: z
    .array(z.object({
      instrument: instrumentSchema,
      vintage: z.number().int().min(2000).max(2100),
      quantity: z.number().int().min(1).max(1_000_000_000_000),
    }))
    .min(1)
    .max(20)
    .describe('What to surrender: { instrument, vintage, quantity }'),
});
export type SurrenderCommand = z.infer<typeof surrenderSchema>;

export const statusQuerySchema = z.object({ organisationId: idSchema.optional().describe('Regulators: the entity (default: your own organisation)') });

/** A GWP table: the domain's rule (gwpTableProblems), each problem named by its gas (`gwp.CH4`) or the table (`gwp`). */
export const gwpTableSchema = z
  .record(z.string(), z.string())
  .superRefine((table, ctx) => {
    for (const p of gwpTableProblems(table)) ctx.addIssue({ code: 'custom', path: p.gas === null ? [] : [p.gas], ...refusedAs(p.problem) });
  });

export const policySchema = z.object({
  offsetShare: matching(z.string(), /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, problem('FIELD_SHARE', { scale: 4 }))
    .describe(`Share of the obligation eligible CCER may cover (the national rules: ${ruleParams('en').nationalOffsetShare})`),
  phaseStarts: z.array(z.number().int().min(2000).max(2100)).min(1).max(20).describe('Years in which trading phases start'),
  carryOverBetweenPhases: z.boolean(),
  carryOverDiscount: z.string().refine((v) => /^(0\.\d{1,4}|1(\.0{1,4})?)$/.test(v) && Number(v) > 0, refusedAs(problem('FIELD_FACTOR', { scale: 4 })))
    .meta({ pattern: /^(0\.\d{1,4}|1(\.0{1,4})?)$/.source }).describe('Each tonne of an earlier vintage within the phase counts as this many tonnes'),
  penaltyRule: z.enum(['TRIAL_2021', 'INTERIM_2024']),
  gwp: gwpTableSchema.optional().describe('The GWP table (gas code → tCO2e per tonne, decimal strings; CO2 must be "1"). Omitted: unchanged. Applies to reports filed from now on'),
  gwpSource: z.string().trim().min(2).max(200)
    .optional().describe('Where the GWP table comes from, e.g. "IPCC AR5 100-year" (required with gwp; alone it relabels the table)'),
}).superRefine((c, ctx) => {
  if (c.gwp !== undefined && c.gwpSource === undefined) ctx.addIssue({ code: 'custom', path: ['gwpSource'], ...refusedAs(problem('GWP_SOURCE_REQUIRED')) });
});
export type PolicyCommand = z.infer<typeof policySchema>;

export const cycleSchema = z
  .object({
    reportDeadline: z.iso.date().describe('A date like 2027-03-31'),
    surrenderDeadline: z.iso.date().describe('A date like 2027-12-31'),
  })
  .refine((c) => c.surrenderDeadline >= c.reportDeadline, { path: ['surrenderDeadline'], ...refusedAs(problem('SURRENDER_BEFORE_REPORT_DEADLINE')) });
export type CycleCommand = z.infer<typeof cycleSchema>;
