import { z } from 'zod';
import { problem } from '@/domain/problems';
import { validateCreditCode } from '@/domain/registry/creditCode';
import { ACCOUNT_ACTIONS } from '@/domain/registry/accountLifecycle';
import { matching, refusedAs } from './problems';

/**
 * Request schemas of the registry, shared by route handlers, server actions, forms and the
 * OpenAPI document. Quantities are whole tonnes (JSON integers); money is a string "52.30".
 * A refusal is a field problem (src/schemas/problems.ts) rendered in the reader's language: by the
 * issue's code, or by the problem a refinement names; no English text is written here.
 */

/** The issue params that name a field problem (src/domain/problems) for a refinement. */


/** A year between 2000 and 2100, refused as "a year" (not "at least 2,000"); the bounds stay in the OpenAPI document. */
export function yearBetween(schema: z.ZodNumber): z.ZodNumber;
export function yearBetween(schema: z.ZodCoercedNumber): z.ZodCoercedNumber;
export function yearBetween(schema: z.ZodNumber | z.ZodCoercedNumber) {
  return (schema as z.ZodNumber).refine((y) => y >= 2000 && y <= 2100, { ...refusedAs(problem('FIELD_YEAR')), abort: true }).min(2000).max(2100);
}

export const instrumentSchema = z.enum(['CEA', 'CCER']).describe('CEA (allowance) or CCER (offset credit)');
export const vintageSchema = yearBetween(z.number().int());
export const tonnesSchema = z.number().int().min(1).max(1_000_000_000_000);
/**
 * An amount in CNY: NUMERIC(18,2) columns hold 16 integer digits; one amount has at most 12, so
 * balances and sums of many stay within the column.
 */
export const MONEY_INTEGER_DIGITS = 12;
export const moneySchema = matching(z.string(), new RegExp(`^\\d{1,${MONEY_INTEGER_DIGITS}}(\\.\\d{1,2})?$`), problem('FIELD_CNY_AMOUNT'), (s) => Number(s) > 0);
/** The largest id (PostgreSQL int4). */
export const INT4_MAX = 2_147_483_647;
/** A canonical id in a path or query: digits without sign, leading zeros, spaces, exponent or hex. */
export const ID_PATTERN = /^[1-9][0-9]{0,9}$/;
/**
 * A row id: a JSON integer, or (in paths and queries) a canonical decimal string, 1 … INT4_MAX.
 * Any other string reads as NaN, refused as "a whole number".
 */
export const idSchema = z
  .preprocess((v) => (typeof v === 'string' ? (ID_PATTERN.test(v) ? Number(v) : Number.NaN) : v), z.number().int().min(1).max(INT4_MAX))
  .meta({ type: 'integer', minimum: 1, maximum: INT4_MAX });
/** Text trimmed, between `min` and `max` characters. */
export const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const r = validateCreditCode(code);
    if (!r.ok) ctx.addIssue({ code: 'custom', ...refusedAs(problem('FIELD_CREDIT_CODE', { reason: r.reason })) });
  });

export const assetFields = { instrument: instrumentSchema, vintage: vintageSchema, quantity: tonnesSchema };

export const cancellationSchema = z.object({
  ...assetFields,
  reason: text(3, 500),
  accountId: idSchema.optional().describe("Defaults to the caller's own registry account"),
});
export type CancellationCommand = z.infer<typeof cancellationSchema>;

export const ccerProjectCodeSchema = matching(z.string().trim().toUpperCase(), /^[A-Z0-9][A-Z0-9-]{2,39}$/, problem('FIELD_CCER_PROJECT_CODE'));

/** CCER must name the project their units come from; CEA have none. */
function projectForCcer(v: { instrument: 'CEA' | 'CCER'; project?: string }, ctx: z.RefinementCtx): void {
  if ((v.instrument === 'CCER') !== Boolean(v.project)) {
    ctx.addIssue({ code: 'custom', path: ['project'], ...refusedAs(problem('FIELD_PROJECT_FOR_CCER', { instrument: v.instrument })) });
  }
}

export const issuanceSchema = z.object({
  ...assetFields,
  legalBasis: text(3, 500),
  project: ccerProjectCodeSchema.optional().describe('CCER only: the code of the registered project the units are issued for'),
}).superRefine(projectForCcer);
export type IssuanceCommand = z.infer<typeof issuanceSchema>;

export const distributionSchema = z.object({
  provinceCode: z.string().trim().min(2).max(8),
  vintage: vintageSchema,
  quantity: tonnesSchema,
  legalBasis: text(3, 500),
});
export type DistributionCommand = z.infer<typeof distributionSchema>;

/** CEA set aside from the national reserve in the auction account, for paid allocation by auction. */
export const auctionSetAsideSchema = distributionSchema.omit({ provinceCode: true });
export type AuctionSetAsideCommand = z.infer<typeof auctionSetAsideSchema>;

export const allocationSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  legalBasis: text(3, 500),
  project: ccerProjectCodeSchema.optional().describe("CCER only: the project whose units (held in the CCER registry) go to its owner's account"),
}).superRefine(projectForCcer);

export const ccerProjectCategorySchema = z.enum(['WIND', 'SOLAR', 'HYDRO', 'FORESTRY', 'METHANE', 'ENERGY_EFFICIENCY', 'OTHER']);
export const ccerProjectSchema = z.object({
  code: ccerProjectCodeSchema,
  name: text(3, 200),
  nameZh: text(2, 200),
  category: ccerProjectCategorySchema,
  provinceCode: z.string().trim().min(2).max(8).optional(),
  ownerOrganisationId: idSchema.optional().describe('The project owner, if it is a registered organisation. CCER from projects of covered entities are not eligible offsets.'),
});
export type CcerProjectCommand = z.infer<typeof ccerProjectSchema>;
export type AllocationCommand = z.infer<typeof allocationSchema>;

export const freezeSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  authority: text(2, 200),
  orderReference: text(2, 200),
  reason: text(3, 500),
});
export type FreezeCommand = z.infer<typeof freezeSchema>;

export const pledgeSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  pledgee: text(2, 200),
  securedAmount: moneySchema,
  contractReference: text(2, 200),
});
export type PledgeCommand = z.infer<typeof pledgeSchema>;

export const releaseSchema = z.object({ reason: text(3, 500) });

export const nonTradeTransferKinds = ['INHERITANCE', 'MERGER', 'SPLIT', 'COURT_ORDER', 'DONATION'] as const;
export const nonTradeTransferSchema = z.object({
  fromAccountId: idSchema.optional().describe("Defaults to the caller's own registry account"),
  toAccountId: idSchema,
  ...assetFields,
  kind: z.enum(nonTradeTransferKinds),
  reason: text(3, 1000),
  documentsRef: text(2, 500),
});
export type NonTradeTransferCommand = z.infer<typeof nonTradeTransferSchema>;

export const decisionSchema = z.object({ note: text(3, 1000) });

/** The kinds of organisation that hold a participant account. */
export const participantKindSchema = z.enum(['COMPLIANCE_ENTITY', 'INVESTOR']);
export type ParticipantKind = z.infer<typeof participantKindSchema>;

export const accountApplicationSchema = z.object({
  name: text(2, 200),
  nameZh: text(2, 200),
  creditCode: creditCodeSchema,
  kind: participantKindSchema,
  provinceCode: z.string().trim().min(2).max(8),
  industry: z.string().trim().max(50).optional(),
  groupName: z.string().trim().max(200).optional(),
  address: z.string().trim().max(500).optional(),
  legalRep: z.string().trim().max(100).optional(),
});
export type AccountApplicationCommand = z.infer<typeof accountApplicationSchema>;

export const accountStatusSchema = z.object({
  action: z.enum(ACCOUNT_ACTIONS),
  reason: text(3, 500),
});
export type AccountStatusCommand = z.infer<typeof accountStatusSchema>;

export const organisationUpdateSchema = z
  .object({
    name: text(2, 200).optional(),
    nameZh: text(2, 200).optional(),
    industry: z.string().trim().max(50).optional(),
    groupName: z.string().trim().max(200).optional(),
    address: z.string().trim().max(500).optional(),
    legalRep: z.string().trim().max(100).optional(),
    reason: text(3, 500),
  })
  .refine((o) => Object.keys(o).some((k) => k !== 'reason'), { ...refusedAs(problem('FIELD_NOTHING_CHANGED')), path: ['name'] });
export type OrganisationUpdateCommand = z.infer<typeof organisationUpdateSchema>;

export const cashDepositSchema = z.object({
  accountId: idSchema.describe('Registry account whose linked cash account receives the funds'),
  amount: moneySchema,
  reference: text(2, 200),
});
export type CashDepositCommand = z.infer<typeof cashDepositSchema>;

import { movementTypeSchema } from './enums';

export { movementTypes } from './enums';

export const pageQuerySchema = z.object({
  // At most 18 digits so that it always fits a PostgreSQL bigint (a longer one was a 500).
  cursor: matching(z.string(), /^\d{1,18}$/, problem('FIELD_CURSOR')).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const movementsQuerySchema = pageQuerySchema.extend({
  type: movementTypeSchema.optional(),
  instrument: instrumentSchema.optional(),
  vintage: yearBetween(z.coerce.number().int()).optional(),
  from: z.iso.date().optional().describe('YYYY-MM-DD, inclusive'),
  to: z.iso.date().optional().describe('YYYY-MM-DD, inclusive'),
});
export type MovementsQuery = z.infer<typeof movementsQuerySchema>;

export const tokenRequestSchema = z.object({
  email: z.email(),
  password: z.string().min(1).max(200),
  otp: matching(z.string(), /^\d{6}$/, problem('FIELD_OTP_FORMAT')).optional(),
});

/**
 * A current one-time code from the authenticator app, for confirming or turning off two-factor
 * sign-in: the same rule (6 digits) and problem as the code of the sign-in form.
 */
export const otpCodeSchema = z.object({ otp: tokenRequestSchema.shape.otp.unwrap() });
export type OtpCodeInput = z.infer<typeof otpCodeSchema>;
