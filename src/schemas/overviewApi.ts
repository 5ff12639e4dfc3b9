import { z } from 'zod';

/** Response schema of the regulators' compliance overview (GET /api/v1/compliance/{year}/overview). */

const tonnes = z.number().int();
const share = z.string().regex(/^\d+\.\d{4}$/).nullable().describe('A fraction with 4 decimals, e.g. "0.7391"; null when the base is zero');
const statusCounts = z.object({ NOT_DUE: z.number().int(), IN_PROGRESS: z.number().int(), COMPLIANT: z.number().int(), PARTIAL: z.number().int(), DEFAULTED: z.number().int() });

const figures = {
  allocated: tonnes.describe('Allocated by confirmed runs: issued − taken back + paid share'),
  verifiedEmissions: tonnes.describe('Σ verified emissions (the obligations)'),
  surrendered: tonnes.describe('Credited against obligations: CEA + offsets'),
  offsetsUsed: tonnes.describe('Credited offsets (CCER)'),
};

export const complianceRateSchema = z.object({
  entities: z.number().int().describe('Compliance entities covered in the year, or with a report or surrender'),
  withObligation: z.number().int(),
  compliant: z.number().int(),
  compliantShare: share,
  obligation: tonnes,
  covered: tonnes.describe('Σ min(surrendered, obligation)'),
  coveredShare: share,
  byStatus: statusCounts,
});

export const offsetUsageSchema = z.object({
  offsetsUsed: tonnes, surrendered: tonnes, share: share.describe('CCER as a share of what was surrendered'),
  policyShare: z.string().describe('Policy cap on offsets as a share of the obligation, e.g. "0.05"'),
  cap: tonnes.describe('Σ offset caps of the verified obligations'),
});

export const complianceOverviewResponseSchema = z.object({
  year: z.number().int(),
  provinceCode: z.string().nullable().describe('The province shown; null: every province'),
  reportDeadline: z.string(), surrenderDeadline: z.string(), marketDate: z.string(), deadlinePassed: z.boolean(),
  nationalCap: tonnes.nullable(),
  budget: tonnes.nullable().describe('Σ provincial budgets in scope'),
  ...figures,
  compliance: complianceRateSchema,
  offsets: offsetUsageSchema,
  byIndustry: z.array(z.object({ industry: z.string(), ...figures, compliance: complianceRateSchema })),
  byProvince: z.array(z.object({
    provinceCode: z.string(), provinceName: z.string(), provinceNameZh: z.string(), budget: tonnes.nullable(), ...figures,
    compliance: complianceRateSchema, offsets: offsetUsageSchema,
  })),
});
