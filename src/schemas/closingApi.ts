import { z } from 'zod';
import { provinceQuerySchema } from './api';

/**
 * Closing a compliance year, its penalties and corrections, and the public compliance report:
 * request and response schemas of the routes and the OpenAPI document (src/server/compliance/
 * penalties.ts, publicReport.ts). Money is a string with two decimals, quantities whole tonnes.
 */
const money = z.string().regex(/^-?\d+\.\d{2}$/).describe('CNY, two decimals');
const tonnes = z.number().int();
const instant = z.string().describe('ISO 8601 date-time (market time)');
const ruleEnum = z.enum(['TRIAL_2021', 'INTERIM_2024']);
const statusEnum = z.enum(['NOT_DUE', 'IN_PROGRESS', 'COMPLIANT', 'PARTIAL', 'DEFAULTED']);
const basisNote = z.object({ code: z.literal('BASIS_PENALTY'), params: z.record(z.string(), z.unknown()) }).describe('The basis as data (code and parameters), to render in the reader’s language');

/** `?province=`: the national regulator one province (a provincial regulator only its own). */
export const closingQuerySchema = provinceQuerySchema;

export const deductionSchema = z.object({
  toYear: z.number().int().describe('The allocation year the shortfall is deducted from'),
  scheduled: tonnes.describe('The shortfall scheduled at the close'),
  corrected: tonnes.describe('Taken off by corrections (surrenders for the year after its close)'),
  applied: tonnes.describe('Deducted by allocation runs so far'),
  remaining: tonnes.describe('Still to deduct: scheduled − corrected − applied'),
  status: z.enum(['SCHEDULED', 'APPLIED', 'CORRECTED']),
});

export const penaltySchemaOut = z.object({
  organisationId: z.number().int(), organisationName: z.string(), organisationNameZh: z.string(), provinceCode: z.string().nullable(),
  year: z.number().int(), rule: ruleEnum, shortfall: tonnes, averagePrice: money,
  fineMin: money, fineMax: money, fine: money.describe('The fine imposed (the minimum of the range); a correction leaves it standing'),
  basis: z.string().describe('In English, as recorded'), basisNote, imposedAt: instant,
  deduction: deductionSchema.nullable(),
});
export const penaltyListSchema = z.array(penaltySchemaOut);

export const correctionSchema = z.object({
  year: z.number().int(),
  credited: tonnes.describe('Tonnes this surrender credited against the obligation'),
  reducedBy: tonnes.describe('Tonnes the scheduled deduction went down by (never below what was already deducted)'),
  deduction: deductionSchema,
  fine: money.describe('The fine stands'),
});

const closingLineSchema = z.object({
  organisationId: z.number().int(), organisationName: z.string(), organisationNameZh: z.string(), provinceCode: z.string(), industry: z.string().nullable(),
  obligation: tonnes, surrendered: tonnes, shortfall: tonnes, rule: ruleEnum, averagePrice: money, fineMin: money, fineMax: money, fine: money,
  basis: z.string(), basisNote, deduction: z.object({ toYear: z.number().int(), quantity: tonnes }),
});
const totalsSchema = z.object({ entities: z.number().int(), shortfall: tonnes, fines: money, deductions: tonnes });
const provinceClosingSchema = z.object({
  code: z.string(), name: z.string(), nameZh: z.string(),
  closed: z.object({
    closedAt: instant, closedBy: z.object({ id: z.number().int(), name: z.string() }),
    entities: z.number().int().describe('Entities with a verified obligation the close checked'), penalties: z.number().int(), shortfall: tonnes, fines: money,
  }).nullable().describe('Null while the year is open in the province'),
});

export const closingPreviewSchema = z.object({
  year: z.number().int(), provinceCode: z.string().nullable().describe('The province of the preview; null: every province'),
  surrenderDeadline: z.string(), marketDate: z.string(), rule: ruleEnum.describe('The penalty rule version in force'), averagePrice: money.describe('The average market price the fines use'),
  provinces: z.array(provinceClosingSchema), checked: z.number().int().describe('Entities with a verified obligation in scope'),
  unverified: z.number().int().describe('Covered entities in scope without a verified report: the close passes them by'),
  lines: z.array(closingLineSchema).describe('The entities the close would penalise now'), totals: totalsSchema,
  recorded: z.object({ penalties: z.number().int(), shortfall: tonnes, fines: money }).describe('Penalties already recorded for the year in scope'),
});

export const yearClosingSchema = z.object({
  year: z.number().int(), penalties: z.array(penaltySchemaOut).describe('The penalties this close recorded'),
  deductions: z.array(z.object({ organisationId: z.number().int(), toYear: z.number().int(), quantity: tonnes })),
  totals: totalsSchema, provinces: z.array(provinceClosingSchema),
});

// ---------- the public compliance report (no sign-in) ----------

const publicFigures = {
  entities: z.number().int(),
  freeAllocation: tonnes.describe('Free allocation: what confirmed allocation runs moved'),
  paidAllocation: tonnes.describe('Paid share set aside for auction'),
  allocation: tonnes.describe('freeAllocation + paidAllocation'),
  verifiedEmissions: tonnes,
  surrenderedCea: tonnes,
  surrenderedCcer: tonnes,
  compliant: z.number().int(),
};

export const publicEntitySchema = z.object({
  organisationId: z.number().int(), name: z.string(), nameZh: z.string(), provinceCode: z.string(), provinceName: z.string(), provinceNameZh: z.string(),
  industry: z.string(), freeAllocation: tonnes, paidAllocation: tonnes, allocation: tonnes, verifiedEmissions: tonnes.nullable(),
  surrenderedCea: tonnes, surrenderedCcer: tonnes, status: statusEnum,
});

export const publicReportSchema = z.object({
  year: z.number().int(),
  surrenderDeadline: z.string().describe('The year’s surrender deadline (YYYY-MM-DD)'),
  published: z.array(z.object({ provinceCode: z.string(), name: z.string(), nameZh: z.string(), closedAt: instant })).describe('Provinces whose year is closed: their figures are published'),
  notYetClosed: z.array(z.object({ provinceCode: z.string(), name: z.string(), nameZh: z.string() })).describe('Provinces whose year is not closed yet'),
  entities: z.array(publicEntitySchema),
  byProvince: z.array(z.object({ provinceCode: z.string(), name: z.string(), nameZh: z.string(), ...publicFigures })),
  byIndustry: z.array(z.object({ industry: z.string(), ...publicFigures })),
  totals: z.object(publicFigures),
  auctions: z.array(z.object({
    id: z.number().int(), title: z.string(), titleZh: z.string().nullable(), vintage: z.number().int(), quantity: tonnes, reservePrice: money.nullable(),
    pricing: z.enum(['UNIFORM', 'PAY_AS_BID']), clearingPrice: money.nullable(), quantitySold: tonnes, coverageRatio: z.string(), bidders: z.number().int(),
    winners: z.number().int(), proceeds: money, settledAt: instant,
  })).describe('Settled auctions of the year’s CEA vintage (paid allocation), with their published results'),
});
