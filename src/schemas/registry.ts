import { z } from 'zod';
import { validateCreditCode } from '@/domain/registry/creditCode';

/**
 * Request schemas of the registry, shared by route handlers, server actions, forms and the
 * OpenAPI document. Quantities are whole tonnes (JSON integers); money is a string "52.30".
 */

export const instrumentSchema = z.enum(['CEA', 'CCER']).describe('CEA (allowance) or CCER (offset credit)');
export const vintageSchema = z.number().int('Vintage must be a year').min(2000, 'Vintage must be 2000 or later').max(2100, 'Vintage must be 2100 or earlier');
export const tonnesSchema = z
  .number({ error: 'Quantity must be a whole number of tonnes' })
  .int('Quantity must be a whole number of tonnes')
  .min(1, 'Quantity must be at least 1 t')
  .max(1_000_000_000_000, 'Quantity is too large');
export const moneySchema = z
  .string({ error: 'Amount must be a string like "52.30"' })
  .regex(/^\d{1,16}(\.\d{1,2})?$/, 'Amount must be a positive number with at most two decimals, as a string like "52.30"')
  .refine((s) => Number(s) > 0, 'Amount must be greater than zero');
export const idSchema = z.coerce.number().int().positive();
const text = (min: number, max: number, what: string) =>
  z.string({ error: `${what} is required` }).trim().min(min, `${what} needs at least ${min} characters`).max(max, `${what} is at most ${max} characters`);

export const creditCodeSchema = z
  .string({ error: 'Credit code is required' })
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const r = validateCreditCode(code);
    if (!r.ok) {
      const why = {
        LENGTH: 'must be 18 characters',
        CHARACTER: 'contains a character not allowed (I, O, Z, S, V are never used)',
        DIVISION: 'characters 3–8 must be the administrative division code (digits)',
        CHECK_DIGIT: 'check digit does not match (GB 32100-2015)',
      }[r.reason];
      ctx.addIssue({ code: 'custom', message: `Unified social credit code ${why}` });
    }
  });

export const assetFields = { instrument: instrumentSchema, vintage: vintageSchema, quantity: tonnesSchema };

export const cancellationSchema = z.object({
  ...assetFields,
  reason: text(3, 500, 'Reason'),
  accountId: idSchema.optional().describe("Defaults to the caller's own registry account"),
});
export type CancellationCommand = z.infer<typeof cancellationSchema>;

export const ccerProjectCodeSchema = z
  .string({ error: 'Project code is required' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'Project code is 3–40 letters, digits and hyphens, like CCER-GD-2023-0001');

/** CCER must name the project their units come from; CEA have none. */
function projectForCcer(v: { instrument: 'CEA' | 'CCER'; project?: string }, ctx: z.RefinementCtx): void {
  if (v.instrument === 'CCER' && !v.project) ctx.addIssue({ code: 'custom', path: ['project'], message: 'CCER must name the project they come from' });
  if (v.instrument === 'CEA' && v.project) ctx.addIssue({ code: 'custom', path: ['project'], message: 'CEA do not come from a project: leave project out' });
}

export const issuanceSchema = z.object({
  ...assetFields,
  legalBasis: text(3, 500, 'Legal basis'),
  project: ccerProjectCodeSchema.optional().describe('CCER only: the code of the registered project the units are issued for'),
}).superRefine(projectForCcer);
export type IssuanceCommand = z.infer<typeof issuanceSchema>;

export const distributionSchema = z.object({
  provinceCode: z.string().trim().min(2).max(8),
  vintage: vintageSchema,
  quantity: tonnesSchema,
  legalBasis: text(3, 500, 'Legal basis'),
});
export type DistributionCommand = z.infer<typeof distributionSchema>;

/** CEA set aside from the national reserve in the auction account, for paid allocation by auction. */
export const auctionSetAsideSchema = distributionSchema.omit({ provinceCode: true });
export type AuctionSetAsideCommand = z.infer<typeof auctionSetAsideSchema>;

export const allocationSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  legalBasis: text(3, 500, 'Legal basis'),
  project: ccerProjectCodeSchema.optional().describe("CCER only: the project whose units (held in the CCER registry) go to its owner's account"),
}).superRefine(projectForCcer);

export const ccerProjectCategorySchema = z.enum(['WIND', 'SOLAR', 'HYDRO', 'FORESTRY', 'METHANE', 'ENERGY_EFFICIENCY', 'OTHER']);
export const ccerProjectSchema = z.object({
  code: ccerProjectCodeSchema,
  name: text(3, 200, 'Project name'),
  nameZh: text(2, 200, 'Chinese project name'),
  category: ccerProjectCategorySchema,
  provinceCode: z.string().trim().min(2).max(8).optional(),
  ownerOrganisationId: idSchema.optional().describe('The project owner, if it is a registered organisation. CCER from projects of covered entities are not eligible offsets.'),
});
export type CcerProjectCommand = z.infer<typeof ccerProjectSchema>;
export type AllocationCommand = z.infer<typeof allocationSchema>;

export const freezeSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  authority: text(2, 200, 'Authority'),
  orderReference: text(2, 200, 'Order reference'),
  reason: text(3, 500, 'Reason'),
});
export type FreezeCommand = z.infer<typeof freezeSchema>;

export const pledgeSchema = z.object({
  accountId: idSchema,
  ...assetFields,
  pledgee: text(2, 200, 'Pledgee'),
  securedAmount: moneySchema,
  contractReference: text(2, 200, 'Contract reference'),
});
export type PledgeCommand = z.infer<typeof pledgeSchema>;

export const releaseSchema = z.object({ reason: text(3, 500, 'Reason') });

export const nonTradeTransferKinds = ['INHERITANCE', 'MERGER', 'SPLIT', 'COURT_ORDER', 'DONATION'] as const;
export const nonTradeTransferSchema = z.object({
  fromAccountId: idSchema.optional().describe("Defaults to the caller's own registry account"),
  toAccountId: idSchema,
  ...assetFields,
  kind: z.enum(nonTradeTransferKinds),
  reason: text(3, 1000, 'Reason'),
  documentsRef: text(2, 500, 'Documents reference'),
});
export type NonTradeTransferCommand = z.infer<typeof nonTradeTransferSchema>;

export const decisionSchema = z.object({ note: text(3, 1000, 'Decision note') });

export const accountApplicationSchema = z.object({
  name: text(2, 200, 'Name'),
  nameZh: text(2, 200, 'Chinese name'),
  creditCode: creditCodeSchema,
  kind: z.enum(['COMPLIANCE_ENTITY', 'INVESTOR']),
  provinceCode: z.string().trim().min(2).max(8),
  industry: z.string().trim().max(50).optional(),
  groupName: z.string().trim().max(200).optional(),
  address: z.string().trim().max(500).optional(),
  legalRep: z.string().trim().max(100).optional(),
});
export type AccountApplicationCommand = z.infer<typeof accountApplicationSchema>;

export const accountStatusSchema = z.object({
  action: z.enum(['approve', 'restrict', 'reinstate', 'close', 'reject']),
  reason: text(3, 500, 'Reason'),
});
export type AccountStatusCommand = z.infer<typeof accountStatusSchema>;

export const organisationUpdateSchema = z
  .object({
    name: text(2, 200, 'Name').optional(),
    nameZh: text(2, 200, 'Chinese name').optional(),
    industry: z.string().trim().max(50).optional(),
    groupName: z.string().trim().max(200).optional(),
    address: z.string().trim().max(500).optional(),
    legalRep: z.string().trim().max(100).optional(),
    reason: text(3, 500, 'Reason'),
  })
  .refine((o) => Object.keys(o).some((k) => k !== 'reason'), { message: 'Change at least one field', path: ['name'] });
export type OrganisationUpdateCommand = z.infer<typeof organisationUpdateSchema>;

export const cashDepositSchema = z.object({
  accountId: idSchema.describe('Registry account whose linked cash account receives the funds'),
  amount: moneySchema,
  reference: text(2, 200, 'Bank reference'),
});
export type CashDepositCommand = z.infer<typeof cashDepositSchema>;

export const movementTypes = [
  'ISSUANCE', 'DISTRIBUTION', 'ALLOCATION', 'TRADE_SETTLEMENT', 'NON_TRADE_TRANSFER', 'FREEZE', 'UNFREEZE', 'PLEDGE',
  'PLEDGE_RELEASE', 'LOCK', 'UNLOCK', 'SURRENDER', 'VOLUNTARY_CANCELLATION', 'DEDUCTION', 'CASH_DEPOSIT', 'CASH_WITHDRAWAL',
] as const;

export const pageQuerySchema = z.object({
  // At most 18 digits so that it always fits a PostgreSQL bigint (a longer one was a 500).
  cursor: z.string().regex(/^\d{1,18}$/, 'Cursor must come from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const movementsQuerySchema = pageQuerySchema.extend({
  type: z.enum(movementTypes).optional(),
  instrument: instrumentSchema.optional(),
  vintage: z.coerce.number().int().min(2000).max(2100).optional(),
  from: z.iso.date().optional().describe('YYYY-MM-DD, inclusive'),
  to: z.iso.date().optional().describe('YYYY-MM-DD, inclusive'),
});
export type MovementsQuery = z.infer<typeof movementsQuerySchema>;

export const tokenRequestSchema = z.object({
  email: z.email('A valid email is required'),
  password: z.string().min(1, 'Password is required').max(200),
  otp: z.string().regex(/^\d{6}$/, 'The one-time code has 6 digits').optional(),
});

/**
 * A current one-time code from the authenticator app, for confirming or turning off two-factor
 * sign-in: the same rule (6 digits) and message as the code of the sign-in form.
 */
export const otpCodeSchema = z.object({ otp: tokenRequestSchema.shape.otp.unwrap() });
export type OtpCodeInput = z.infer<typeof otpCodeSchema>;
