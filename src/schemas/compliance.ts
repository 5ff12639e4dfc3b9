import { z } from 'zod';
import { GAS_CODE, gwpTableProblems } from '@/domain/compliance/coverage';
import { idSchema, instrumentSchema } from './registry';

/** Request schemas of the compliance cycle (reports, verification, surrender), shared by routes and the OpenAPI document. */

export const yearSchema = z.coerce.number({ error: 'Year must be a year such as 2025' }).int('Year must be a year such as 2025').min(2000, 'Year must be 2000 or later').max(2100, 'Year must be 2100 or earlier');
export const yearParamsSchema = z.object({ year: yearSchema.describe('The compliance year') });
export const yearIdParamsSchema = z.object({ year: yearSchema, id: idSchema.describe('Report id') });

const decimalTonnes = z
  .string({ error: 'Quantity must be a string like "1250.5"' })
  .regex(/^\d{1,12}(\.\d{1,6})?$/, 'Quantity must be a non-negative number with at most 6 decimals, as a string');

export const emissionLineSchema = z.object({
  source: z.string({ error: 'Source is required' }).trim().min(2, 'Source needs at least 2 characters').max(200),
  gas: z.string({ error: 'Gas is required' }).trim().toUpperCase().regex(GAS_CODE, 'Gas must be a formula such as CO2, CH4 or N2O'),
  quantity: decimalTonnes.describe('Tonnes of the gas'),
});

export const emissionReportSchema = z.object({
  lines: z.array(emissionLineSchema, { error: 'lines must be a list of { source, gas, quantity }' }).min(1, 'At least one emission line is required').max(500),
  outputs: z.record(z.string().trim().toUpperCase().min(1).max(40), decimalTonnes, { error: 'outputs must map an installation code (e.g. "GZ-U1") to its output as a quantity string' }).default({}).describe('Production output per installation, in its rule’s unit (MWh, t clinker…)'),
});
export type EmissionReportCommand = z.infer<typeof emissionReportSchema>;

export const verificationSchema = z
  .object({
    decision: z.enum(['CONFIRM', 'CORRECT'], { error: 'decision must be CONFIRM or CORRECT' }).describe('Confirm the reported figure, or correct it'),
    verifiedEmissions: z.number({ error: 'verifiedEmissions must be a whole number of tonnes' }).int('verifiedEmissions must be whole tonnes').min(0).max(1_000_000_000_000).optional()
      .describe('CORRECT: the verified figure (tCO2e)'),
    note: z.string().trim().min(3, 'Note needs at least 3 characters').max(1000).optional().describe('CORRECT: the reason (required)'),
  })
  .superRefine((c, ctx) => {
    if (c.decision !== 'CORRECT') return;
    if (c.verifiedEmissions === undefined) ctx.addIssue({ code: 'custom', path: ['verifiedEmissions'], message: 'A correction needs the verified figure' });
    if (c.note === undefined) ctx.addIssue({ code: 'custom', path: ['note'], message: 'A correction needs a reason' });
  });
export type VerificationCommand = z.infer<typeof verificationSchema>;

export const surrenderSchema = z.object({
  items: z
    .array(z.object({
      instrument: instrumentSchema,
      vintage: z.number({ error: 'Vintage must be a year' }).int('Vintage must be a year').min(2000).max(2100),
      quantity: z.number({ error: 'Quantity must be whole tonnes' }).int('Quantity must be whole tonnes').min(1, 'Quantity must be at least 1 t').max(1_000_000_000_000),
    }), { error: 'items must be a list of { instrument, vintage, quantity }' })
    .min(1, 'At least one item is required')
    .max(20),
});
export type SurrenderCommand = z.infer<typeof surrenderSchema>;

export const statusQuerySchema = z.object({ organisationId: idSchema.optional().describe('Regulators: the entity (default: your own organisation)') });

/** A GWP table: the domain's rule (gwpTableProblems), each problem named by its gas (`gwp.CH4`) or the table (`gwp`). */
export const gwpTableSchema = z
  .record(z.string(), z.string({ error: 'A GWP factor is a decimal above 0 as a string, e.g. "25"' }), { error: 'gwp must map gas codes to factors, e.g. {"CO2": "1", "CH4": "25"}' })
  .superRefine((table, ctx) => {
    for (const p of gwpTableProblems(table)) ctx.addIssue({ code: 'custom', path: p.gas === null ? [] : [p.gas], message: p.message });
  });

export const policySchema = z.object({
  offsetShare: z.string({ error: 'offsetShare must be a share as a string, e.g. "0.05"' }).regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'offsetShare is a share between 0 and 1 with at most 4 decimals')
    .describe('Share of the obligation eligible CCER may cover (5 %)'),
  phaseStarts: z.array(z.number({ error: 'A phase start is a year' }).int('A phase start is a year').min(2000).max(2100), { error: 'phaseStarts must be a list of years' }).min(1, 'At least one phase start').max(20)
    .describe('Years in which trading phases start'),
  carryOverBetweenPhases: z.boolean({ error: 'carryOverBetweenPhases must be true or false' }),
  carryOverDiscount: z.string({ error: 'carryOverDiscount must be a factor as a string, e.g. "0.9"' }).regex(/^(0\.\d{1,4}|1(\.0{1,4})?)$/, 'carryOverDiscount is a factor above 0 and at most 1, with at most 4 decimals')
    .refine((v) => Number(v) > 0, 'carryOverDiscount must be above 0').describe('Each tonne of an earlier vintage within the phase counts as this many tonnes'),
  penaltyRule: z.enum(['TRIAL_2021', 'INTERIM_2024'], { error: 'penaltyRule must be TRIAL_2021 or INTERIM_2024' }),
  gwp: gwpTableSchema.optional().describe('The GWP table (gas code → tCO2e per tonne, decimal strings; CO2 must be "1"). Omitted: unchanged. Applies to reports filed from now on'),
  gwpSource: z.string({ error: 'gwpSource must be a label such as "IPCC AR5 100-year"' }).trim().min(2, 'gwpSource needs at least 2 characters').max(200)
    .optional().describe('Where the GWP table comes from, e.g. "IPCC AR5 100-year" (required with gwp; alone it relabels the table)'),
}).superRefine((c, ctx) => {
  if (c.gwp !== undefined && c.gwpSource === undefined) ctx.addIssue({ code: 'custom', path: ['gwpSource'], message: 'Name the source of the new GWP table, e.g. "IPCC AR5 100-year"' });
});
export type PolicyCommand = z.infer<typeof policySchema>;

export const cycleSchema = z
  .object({
    reportDeadline: z.iso.date({ error: 'reportDeadline is a date like 2027-03-31' }),
    surrenderDeadline: z.iso.date({ error: 'surrenderDeadline is a date like 2027-12-31' }),
  })
  .refine((c) => c.surrenderDeadline >= c.reportDeadline, { path: ['surrenderDeadline'], message: 'The surrender deadline cannot be before the report deadline' });
export type CycleCommand = z.infer<typeof cycleSchema>;
