import { z } from 'zod';

/** Response schemas of allocation and the covered-entity list (the OpenAPI document and the tests use them). */

const tonnes = z.number().int();
const signedTonnes = z.number().int();
const decimal = z.string();

export const budgetSchemaOut = z.object({
  provinceCode: z.string(), provinceName: z.string(), provinceNameZh: z.string(), budget: tonnes, allocated: tonnes, remaining: signedTonnes, distributed: tonnes,
});
export const planResponseSchema = z.object({
  year: z.number().int(), nationalCap: tonnes.nullable(), issued: tonnes, budgets: z.array(budgetSchemaOut), unassigned: signedTonnes.nullable(), updatedAt: z.string().nullable(),
});

export const industryRuleResponseSchema = z.object({
  year: z.number().int(), code: z.string(), industry: z.string(), name: z.string(), nameZh: z.string(),
  method: z.enum(['BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY']), outputUnit: z.string(), benchmark: decimal.nullable(), declineFactor: decimal,
  adjustmentFactors: z.array(decimal), outputCapMultiple: decimal.nullable(), preAllocationShare: decimal, paidShare: decimal, updatedAt: z.string(),
});
export const industryRuleListSchema = z.array(industryRuleResponseSchema);

export const installationResponseSchema = z.object({
  id: z.number().int(), organisationId: z.number().int(), code: z.string(), name: z.string(), ruleCode: z.string(), designCapacity: decimal.nullable(),
  baseEmissions: z.array(tonnes), historicalIntensity: decimal.nullable(), active: z.boolean(),
});
export const installationListSchema = z.array(installationResponseSchema);

/** A problem as data: its code (src/domain/problems) and parameters; `problem` beside it is its English text. */
const problemSchema = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) });

const calculationSchema = z.object({
  method: z.string(), inputs: z.record(z.string(), z.string()), formula: z.string(), exact: z.string(), result: tonnes,
});
export const linePlanSchema = z.object({
  kind: z.enum(['PRE_ALLOCATION', 'TRUE_UP']),
  installations: z.array(z.object({
    installation: z.string(), name: z.string(), rule: z.string().nullable(), calculation: calculationSchema.nullable(), free: tonnes, paid: tonnes,
    entitlement: tonnes, entitlementFormula: z.string(), problem: z.string().nullable(),
    problems: z.array(problemSchema).optional().describe('Why the installation is not allocated, as data (absent on runs prepared before problems were data)'),
  })),
  allocation: tonnes, paid: tonnes, entitlement: tonnes, previouslyIssued: signedTonnes, previouslyDeducted: tonnes, deduction: tonnes, quantity: signedTonnes,
  formula: z.string(), problem: z.string().nullable(),
  problems: z.array(problemSchema).optional().describe('Why the line is not allocated, as data (absent on runs prepared before problems were data)'),
});

const runFields = {
  id: z.number().int(), year: z.number().int(), provinceCode: z.string(), kind: z.enum(['PRE_ALLOCATION', 'TRUE_UP']), status: z.enum(['PREVIEW', 'CONFIRMED', 'DISCARDED']),
  issued: tonnes, takenBack: tonnes, paid: tonnes, net: signedTonnes, budget: tonnes, allocatedBefore: signedTonnes, remainingAfter: signedTonnes,
  preparedBy: z.object({ id: z.number().int(), name: z.string() }), preparedAt: z.string(),
  decidedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(), decidedAt: z.string().nullable(),
};
export const runResponseSchema = z.object({
  ...runFields,
  lines: z.array(z.object({
    organisationId: z.number().int(), organisationName: z.string(), organisationNameZh: z.string(), industry: z.string().nullable(), accountId: z.number().int(),
    allocation: tonnes, paid: tonnes, previouslyIssued: signedTonnes, deduction: tonnes, quantity: signedTonnes, moved: signedTonnes.nullable(), problem: z.string().nullable(),
    problems: z.array(problemSchema).describe('The line\'s problems as data: why it moves nothing, or a take-back limited to what was available'),
    entryId: z.string().nullable(), calculation: linePlanSchema,
  })),
});
export const runListSchema = z.array(z.object({ ...runFields, entities: z.number().int(), problems: z.number().int() }));

export const entityAllocationListSchema = z.array(z.object({
  runId: z.number().int(), kind: z.enum(['PRE_ALLOCATION', 'TRUE_UP']), confirmedAt: z.string(), quantity: signedTonnes, moved: signedTonnes, deduction: tonnes, paid: tonnes,
  entryId: z.string().nullable(), calculation: linePlanSchema,
}));

export const coverageResponseSchema = z.object({
  organisationId: z.number().int(), name: z.string(), nameZh: z.string(), provinceCode: z.string().nullable(), industry: z.string().nullable(), covered: z.boolean(),
  fromYear: z.number().int().nullable(), toYear: z.number().int().nullable(), endReason: z.enum(['BELOW_THRESHOLD', 'CLOSURE']).nullable(),
  transitionUntil: z.string().nullable(), expiredAt: z.string().nullable(),
  recentEmissions: z.array(z.object({ year: z.number().int(), verified: tonnes })), suggestion: z.enum(['ADD', 'REMOVE']).nullable(),
});
export const coverageListSchema = z.array(coverageResponseSchema);

export const policyResponseSchema = z.object({
  offsetShare: decimal,
  phaseStarts: z.array(z.number().int()).describe('Years in which trading phases start, ascending'),
  carryOverBetweenPhases: z.boolean(),
  carryOverDiscount: decimal.describe('Each tonne of an earlier vintage within the phase counts as this many tonnes'),
  penaltyRule: z.enum(['TRIAL_2021', 'INTERIM_2024']),
  gwp: z.record(z.string(), decimal).describe('The GWP table in force: gas code → tCO2e per tonne of the gas (CO2 first)'),
  gwpSource: z.string().describe('Where the GWP table comes from, e.g. "IPCC AR4 100-year"'),
  updatedAt: z.string(),
});
