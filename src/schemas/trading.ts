import { z } from 'zod';
import { idSchema, pageQuerySchema } from './registry';
import { ruleParams } from '@/i18n/ruleParams';
import { problem } from '@/domain/problems';
import { matching } from './problems';

/** Rule values quoted by the descriptions (derived from src/domain). */
const R = ruleParams('en');

/**
 * Request schemas of the trading system, shared by route handlers, server actions, forms and
 * the OpenAPI document. Prices are strings on the 0.01 tick ("52.30"); quantities whole tonnes.
 * Size limits and price bands are market RULES (422 with a code naming the rule), checked by the
 * services, not here: this layer only refuses what is malformed (400). A refusal is a field problem
 * (src/schemas/problems.ts), rendered in the reader's language; no English text is written here.
 */


const SYMBOL = /^(CEA|CCER)-(20\d\d|2100)$/;
export const symbolSchema = matching(z.string().trim().toUpperCase(), SYMBOL, problem('SYMBOL_INVALID'));

const PRICE = /^\d{1,10}(\.\d{1,2})?$/;
/**
 * A positive price on the 0.01 tick, as a string like "52.30": exactly the documented pattern, so
 * surrounding spaces are refused rather than trimmed (like money amounts, moneySchema); the forms
 * trim what the user typed before they send it.
 */
export const priceSchema = matching(z.string(), PRICE, problem('FIELD_PRICE'), (s) => Number(s) > 0);

export const sideSchema = z.enum(['BUY', 'SELL']);

export const orderQuantitySchema = z.number().int().min(1).max(1_000_000_000);

export const bigIdParamsSchema = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/).describe('Numeric id') });
export const symbolParamsSchema = z.object({ symbol: symbolSchema });

export const listingSchema = z.object({
  symbol: symbolSchema,
  side: sideSchema,
  price: priceSchema,
  quantity: orderQuantitySchema.describe(`1–${R.listedMax} (listed agreement transfers are less than ${R.blockMin})`),
});
export type ListingCommand = z.infer<typeof listingSchema>;

export const amendListingSchema = z.object({
  quantity: orderQuantitySchema.describe('The new remaining quantity: lower than what is left'),
});
export type AmendListingCommand = z.infer<typeof amendListingSchema>;

/**
 * A take is either { listingId, quantity } (pick one listing within the best five levels) or
 * { symbol, side, limitPrice, quantity } (sweep the best listings up to the limit).
 */
export const takeSchema = z
  .object({
    listingId: z.union([z.string().regex(/^[1-9]\d{0,17}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER).transform(String)]).optional()
      .describe('Pick this listing (it must be within the best five price levels)'),
    symbol: symbolSchema.optional(),
    side: sideSchema.optional().describe("The taker's side: BUY takes SELL listings, SELL takes BUY listings"),
    limitPrice: priceSchema.optional().describe('Sweep the best listings up to this price'),
    quantity: orderQuantitySchema,
  })
  .superRefine((c, ctx) => {
    if (c.listingId !== undefined) {
      for (const k of ['symbol', 'side', 'limitPrice'] as const) {
        if (c[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], params: { problem: 'TAKE_ONE_WAY' } });
      }
      return;
    }
    for (const k of ['symbol', 'side', 'limitPrice'] as const) {
      if (c[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], params: { problem: 'FIELD_REQUIRED' } });
    }
  })
  .transform((c): TakeCommand =>
    c.listingId !== undefined
      ? { listingId: c.listingId, quantity: c.quantity }
      : { symbol: c.symbol!, side: c.side!, limitPrice: c.limitPrice!, quantity: c.quantity },
  );
export type TakeCommand =
  | { listingId: string; quantity: number }
  | { symbol: string; side: 'BUY' | 'SELL'; limitPrice: string; quantity: number };

export const blockProposalSchema = z.object({
  symbol: symbolSchema,
  side: sideSchema.describe("The initiator's side"),
  price: priceSchema,
  quantity: orderQuantitySchema.describe(`At least ${R.blockMin}`),
  counterpartyAccountId: idSchema.optional().describe('Registry account id of the counterparty; omit for an open offer'),
});
export type BlockProposalCommand = z.infer<typeof blockProposalSchema>;

export const clockCommandSchema = z
  .object({
    action: z.enum(['open-session', 'close-session', 'next-trading-day', 'set']),
    at: z.iso.datetime({ offset: true }).optional().describe('ISO date-time with offset, e.g. 2026-11-23T09:30:00+08:00; required with "set"'),
  })
  .refine((c) => c.action !== 'set' || c.at !== undefined, { path: ['at'], params: { problem: 'FIELD_REQUIRED' } });
export type ClockCommand = z.infer<typeof clockCommandSchema>;

export const instrumentCreateSchema = z.object({
  instrument: z.enum(['CEA', 'CCER']),
  vintage: z.number().int().min(2000).max(2100),
  referencePrice: priceSchema.describe('Reference price for the first trading day'),
});
export type InstrumentCreateCommand = z.infer<typeof instrumentCreateSchema>;

export const instrumentStatusSchema = z.object({
  status: z.enum(['TRADING', 'SUSPENDED']),
  reason: z.string().trim().min(3).max(500),
});
export type InstrumentStatusCommand = z.infer<typeof instrumentStatusSchema>;

export const referencePriceSchema = z.object({ referencePrice: priceSchema });
export type ReferencePriceCommand = z.infer<typeof referencePriceSchema>;

export const participantSuspensionSchema = z.object({
  suspended: z.boolean(),
  reason: z.string().trim().min(3).max(500),
});
export type ParticipantSuspensionCommand = z.infer<typeof participantSuspensionSchema>;

const optionalLimit = z.number().int().min(0).max(1_000_000_000_000).nullable();
export const marketSettingsSchema = z.object({
  feeRate: matching(z.string(), /^0(\.\d{1,6})?$/, problem('FEE_RATE_INVALID')).describe('A decimal below 1 with up to 6 places, e.g. "0.0005"'),
  riskReserveShare: matching(z.string(), /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, problem('RESERVE_SHARE_INVALID')).describe('Between 0 and 1, e.g. "0.2"'),
  entityPositionLimit: optionalLimit,
  investorPositionLimit: optionalLimit,
  largeHolderThreshold: optionalLimit,
  listAndCancelThreshold: z.number().int().min(0).max(1000),
});
export type MarketSettingsCommand = z.infer<typeof marketSettingsSchema>;

export const alertReviewSchema = z.object({ note: z.string().trim().min(3).max(1000) });

export const listingStatuses = ['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED'] as const;
export const myListingsQuerySchema = pageQuerySchema.extend({ status: z.enum(listingStatuses).optional(), symbol: symbolSchema.optional() });
export const tapeQuerySchema = pageQuerySchema.extend({
  kind: z.enum(['LISTED', 'BLOCK']).default('LISTED').describe('LISTED: the tape; BLOCK: the block trade report'),
  day: z.iso.date().optional().describe('Trading day YYYY-MM-DD (default: all days, newest first)'),
});
export const myTradesQuerySchema = pageQuerySchema.extend({ symbol: symbolSchema.optional() });
export const bookQuerySchema = z.object({ levels: z.coerce.number().int().min(1).max(20).default(5) });
export const alertQuerySchema = pageQuerySchema.extend({ status: z.enum(['OPEN', 'REVIEWED']).optional() });
export const takeableQuerySchema = z.object({ side: sideSchema.describe('Which side of the book'), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const largeHolderQuerySchema = pageQuerySchema;

export const holidaySchema = z.object({
  date: z.iso.date(),
  name: z.string().trim().min(2).max(100).describe('The holiday\'s name in English'),
  nameZh: z.string().trim().min(2).max(100).optional().describe('The holiday\'s name in Chinese'),
});
export type HolidayCommand = z.infer<typeof holidaySchema>;
export const holidayParamsSchema = z.object({ date: z.iso.date().describe('The holiday, YYYY-MM-DD') });
export const holidayQuerySchema = z.object({
  from: z.iso.date().optional().describe('First date (default: today on the market clock)'),
  days: z.coerce.number().int().min(1).max(730).default(365),
});
