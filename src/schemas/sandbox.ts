import { z } from 'zod';
import { problem } from '@/domain/problems';
import type { ScenarioChanges } from '@/domain/sandbox/scenario';
import { decimalString, provinceCodeSchema, tonnes } from './allocation';
import { yearSchema } from './compliance';
import { matching, refusedAs } from './problems';
import { moneySchema, text } from './registry';

/**
 * Request schemas of the policy sandbox (issue 15): a scenario is a recorded year and the changes
 * to try on it (src/domain/sandbox/scenario.ts ScenarioChanges). Every change is optional; an empty
 * one replays the policy in force.
 */

/** A change by a percentage of the recorded figure, from −100 to +1,000, at most 2 decimals ("-10", "2.5"). */
const percentSchema = matching(z.string().trim(), /^[+-]?\d{1,4}(\.\d{1,2})?$/, problem('FIELD_DECIMAL', { scale: 2 }))
  .refine((v) => Number(v) >= -100, refusedAs(problem('FIELD_AT_LEAST', { min: -100 })))
  .refine((v) => Number(v) <= 1000, refusedAs(problem('FIELD_AT_MOST', { max: 1000 })));

const adjustmentSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('ABSOLUTE'), tonnes: tonnes().describe('The new figure, tCO2e') }),
  z.object({ mode: z.literal('PERCENT'), percent: percentSchema.describe('The change, in per cent of the recorded figure, e.g. "-10"') }),
]);

/** A share from 0 to 1 with at most 4 decimals. */
const shareSchema = decimalString(4, 1);

const ruleChangeSchema = z.object({
  method: z.enum(['BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY']).optional(),
  benchmark: decimalString(6).optional().describe('tCO2 per unit of output'),
  declineFactor: decimalString(6, 2).refine((v) => Number(v) > 0, refusedAs(problem('FIELD_ABOVE', { min: 0 }))).optional(),
  outputCapMultiple: decimalString(4, 10).nullable().optional().describe('Output cap as a multiple of design capacity; null: no cap'),
  preAllocationShare: shareSchema.optional(),
  paidShare: shareSchema.optional(),
});

const codeKey = matching(z.string().trim().toUpperCase(), /^[A-Z0-9_-]{2,40}$/, problem('FIELD_INVALID'));

export const scenarioChangesSchema = z.object({
  cap: adjustmentSchema.optional().describe('The national cap (a provincial scenario: its province\'s budget); every budget moves in proportion'),
  budgets: z.record(provinceCodeSchema, adjustmentSchema).optional().describe('One province\'s budget, after the cap\'s change'),
  rules: z.record(codeKey, ruleChangeSchema).optional().describe('Per industry rule code: method, benchmark, decline factor, output cap, pre-allocation and paid shares'),
  offsets: z.object({
    share: shareSchema.optional().describe('Share of the obligation eligible CCER may cover'),
    outsideProvinceShare: shareSchema.nullable().optional().describe('Of the obligation, at most this share from projects outside the entity\'s province; null: no limit'),
  }).optional(),
  banking: z.object({
    phaseStarts: z.array(z.number().int().min(2000).max(2100)).min(1).max(20).optional().describe('Years in which trading phases start'),
    carryOverBetweenPhases: z.boolean().optional(),
    carryOverDiscount: decimalString(4, 1).optional().describe('Each banked tonne of an earlier vintage within the phase counts as this many tonnes'),
  }).optional(),
  auction: z.object({
    quantity: tonnes().optional().describe('Tonnes of the year\'s vintage offered at auction besides the paid shares'),
    reservePrice: moneySchema.nullable().optional().describe('CNY per tonne; null: no reserve'),
  }).optional(),
  price: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('CLOSE') }),
    z.object({ kind: z.literal('TYPED'), price: moneySchema }),
    z.object({ kind: z.literal('FUEL_SWITCH') }),
  ]).optional().describe('The carbon price costs are counted at: the latest close (default), a typed price, or the latest fuel-switch price'),
}) satisfies z.ZodType<ScenarioChanges>;

export const scenarioCreateSchema = z.object({
  name: text(2, 120),
  year: yearSchema.describe('The recorded compliance year to replay'),
  provinceCode: provinceCodeSchema.optional().describe('One province (a provincial regulator: its own, required); omitted: every province'),
  changes: scenarioChangesSchema.default({}),
});
export type ScenarioCreateCommand = z.infer<typeof scenarioCreateSchema>;

// ---------- responses ----------

const totalsSchema = z.object({
  entities: z.number().int(), verifiedEmissions: z.number().int(), allocation: z.number().int(), issued: z.number().int(), paid: z.number().int(),
  banked: z.number().int(), offsets: z.number().int(), deficit: z.number().int(), surplus: z.number().int(), short: z.number().int(),
  cost: z.string(), fineMin: z.string(), fineMax: z.string(), recordedIssued: z.number().int(), recordedSurrendered: z.number().int(),
});
const outcomeSchema = z.object({
  market: z.object({
    price: z.string().nullable(), priceKind: z.enum(['CLOSE', 'TYPED', 'FUEL_SWITCH']), cap: z.number().int().nullable(),
    budgets: z.array(z.object({ provinceCode: z.string(), budget: z.number().int().nullable(), use: z.number().int(), correction: z.string() })),
    supply: z.number().int(), demand: z.number().int(), scarcityRatio: z.string().nullable(), netDemand: z.number().int(),
    auction: z.object({ offered: z.number().int(), reservePrice: z.string().nullable(), sold: z.number().int(), revenue: z.string() }),
  }),
  totals: totalsSchema,
  byProvince: z.array(totalsSchema.extend({ key: z.string() })),
  byIndustry: z.array(totalsSchema.extend({ key: z.string() })),
  bySize: z.array(totalsSchema.extend({ key: z.enum(['UNDER_100K', 'FROM_100K', 'FROM_1M', 'FROM_5M', 'NOT_VERIFIED']) })),
});

export const scenarioViewSchema = z.object({
  id: z.number().int(), name: z.string(), year: z.number().int(), provinceCode: z.string().nullable(), changes: scenarioChangesSchema,
  createdBy: z.object({ id: z.number().int(), name: z.string() }), createdAt: z.string(), mine: z.boolean(), ranAt: z.string().nullable(),
  summary: z.object({ scenario: outcomeSchema, baseline: outcomeSchema }).nullable().describe('The latest run\'s market-wide figures beside the policy in force; null before the first run'),
});
export const scenarioListSchema = z.object({ items: z.array(scenarioViewSchema), nextCursor: z.null() });

export const scenarioEntitySchema = z.object({
  organisationId: z.number().int(), name: z.string(), nameZh: z.string(), provinceCode: z.string(), industry: z.string().nullable(),
  size: z.enum(['UNDER_100K', 'FROM_100K', 'FROM_1M', 'FROM_5M', 'NOT_VERIFIED']), verifiedEmissions: z.number().int().nullable(),
  allocation: z.number().int(), paid: z.number().int(), preAllocated: z.number().int(), deduction: z.number().int(), issued: z.number().int(),
  banked: z.number().int(), offsets: z.number().int(), position: z.number().int(), deficit: z.number().int(), surplus: z.number().int(),
  cost: z.string(), fineMin: z.string(), fineMax: z.string(), recordedIssued: z.number().int(), recordedSurrendered: z.number().int(),
  problems: z.array(z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) })),
  baselineIssued: z.number().int(), baselineDeficit: z.number().int(), baselineCost: z.string(),
});
export const scenarioResultSchema = z.object({
  id: z.number().int(), ranAt: z.string(), scenario: outcomeSchema, baseline: outcomeSchema, entities: z.array(scenarioEntitySchema),
});
