import { z } from 'zod';
import { idSchema, instrumentSchema, tonnesSchema, vintageSchema } from './registry';
import { problem } from '@/domain/problems';
import { matching } from './problems';
import { priceSchema } from './trading';

/**
 * One-way buying auctions (单向竞买): the requests (shared by routes, server actions and forms)
 * and the responses. Money is a string "52.30"; quantities whole tonnes; times ISO with offset.
 */

export const auctionPricingSchema = z.enum(['UNIFORM', 'PAY_AS_BID']).describe('UNIFORM: every winner pays the clearing price; PAY_AS_BID: each pays its own price');
export const auctionTieRuleSchema = z.enum(['PRO_RATA', 'TIME_PRIORITY']).describe('How bids tied at the marginal price share what is left');
export const auctionEligibilitySchema = z.enum(['COMPLIANCE_ENTITIES', 'ALL_PARTICIPANTS']).describe('Who may bid: covered (compliance) entities only, or investors too');
const isoInstant = () => z.iso.datetime({ offset: true });

export const auctionCreateSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    titleZh: z.string().trim().min(2).max(200).optional().describe('The title in Chinese (shown to readers of the Chinese pages)'),
    instrument: instrumentSchema,
    vintage: vintageSchema,
    quantity: tonnesSchema.describe('Tonnes offered'),
    reservePrice: priceSchema.nullable().default(null).describe('Reserve (floor) price 底价 in CNY per t, or null for none'),
    opensAt: isoInstant().describe('Start of the bidding window (market clock), ISO with offset, e.g. 2026-11-23T10:00:00+08:00'),
    closesAt: isoInstant().describe('End of the bidding window (market clock), ISO with offset'),
    eligibility: auctionEligibilitySchema.default('COMPLIANCE_ENTITIES'),
    perBidderMax: tonnesSchema.nullable().default(null).describe('Most a bidder may bid for (and win) in total, or null for no limit'),
    guaranteePercent: matching(z.string(), /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, problem('GUARANTEE_SHARE'), (s) => Number(s) > 0)
      .nullable()
      .default(null)
      .describe('Share of each bid’s value locked as its guarantee (保证金); null locks the full value'),
    pricing: auctionPricingSchema.default('UNIFORM'),
    tieRule: auctionTieRuleSchema.default('PRO_RATA'),
  })
  .refine((a) => Date.parse(a.closesAt) > Date.parse(a.opensAt), { path: ['closesAt'], params: { problem: 'WINDOW_ORDER' } })
  .superRefine((a, ctx) => {
    // The per-bidder maximum cannot exceed the quantity offered.
    if (a.perBidderMax !== null && a.perBidderMax > a.quantity) ctx.addIssue({ code: 'custom', path: ['perBidderMax'], params: { problem: 'FIELD_AT_MOST', max: a.quantity } });
  });
export type AuctionCreateCommand = z.infer<typeof auctionCreateSchema>;

export const auctionCancelSchema = z.object({ reason: z.string().trim().min(3).max(500) });
export const bidSchema = z.object({ price: priceSchema.describe('CNY per t'), quantity: tonnesSchema });
export type BidCommand = z.infer<typeof bidSchema>;

export const auctionParamsSchema = z.object({ id: idSchema.describe('Auction id') });
export const bidParamsSchema = z.object({ id: idSchema.describe('Auction id'), bidId: idSchema.describe('Bid id') });
export const auctionListQuerySchema = z.object({
  status: z.enum(['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SETTLED', 'CANCELLED']).optional(),
});

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

const money = z.string();
const instant = z.iso.datetime({ offset: true });

export const bidViewSchema = z.object({
  id: z.number().int(),
  price: money,
  quantity: z.number().int(),
  guarantee: money.describe('Cash locked for this bid'),
  status: z.enum(['ACTIVE', 'WITHDRAWN', 'WON', 'LOST', 'DEFAULTED']),
  placedAt: instant,
  amendedAt: instant.nullable(),
  wonQuantity: z.number().int().nullable(),
  paidPrice: money.nullable(),
  amount: money.nullable(),
});

export const auctionResultSchema = z.object({
  clearingPrice: money.nullable(),
  quantitySold: z.number().int(),
  unsold: z.number().int(),
  bidQuantity: z.number().int(),
  coverageRatio: z.string().describe('Bid quantity / quantity offered, 4 decimals'),
  bidders: z.number().int(),
  winners: z.number().int(),
  proceeds: money,
  settledAt: instant,
});

export const auctionViewSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  titleZh: z.string().nullable(),
  instrument: instrumentSchema,
  vintage: z.number().int(),
  quantity: z.number().int(),
  reservePrice: money.nullable(),
  opensAt: instant,
  closesAt: instant,
  eligibility: auctionEligibilitySchema,
  perBidderMax: z.number().int().nullable(),
  guaranteePercent: z.string().nullable(),
  pricing: auctionPricingSchema,
  tieRule: auctionTieRuleSchema,
  status: z.enum(['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SETTLED', 'CANCELLED']),
  cancelReason: z.string().nullable(),
  /** While open, counts only: nobody but the bidder sees a bid before the close. */
  activity: z.object({ bids: z.number().int(), bidders: z.number().int() }).nullable().describe('Operators and regulators: counts while open (never prices or quantities)'),
  result: auctionResultSchema.nullable().describe('Published once settled'),
  myBids: z.array(bidViewSchema).describe('The caller’s own bids (empty for others)'),
});
export const auctionListSchema = z.object({ items: z.array(auctionViewSchema) });
