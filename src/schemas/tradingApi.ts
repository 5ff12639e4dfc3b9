import { z } from 'zod';
import { ruleParams } from '@/i18n/ruleParams';
import { correctionSchema } from './closingApi';

/** Rule values quoted by the descriptions (derived from src/domain). */
const R = ruleParams('en');

/**
 * Response bodies of the trading API, documented in the OpenAPI document. Prices and money are
 * strings with two decimals; quantities whole tonnes; ids of listings and trades are strings
 * (PostgreSQL bigint).
 */
const money = z.string().regex(/^-?\d+\.\d{2}$/).describe('CNY, two decimals');
const tonnes = z.number().int();
const side = z.enum(['BUY', 'SELL']);
const band = z.object({ low: money, high: money });
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const clockResponseSchema = z.object({
  mode: z.enum(['real', 'manual']).describe('real: Beijing time (production); manual: the exchange operator moves it (demo)'),
  marketTime: z.string().describe('Beijing time, YYYY-MM-DD HH:MM'),
  at: z.string().describe('The same instant, ISO 8601 UTC'),
  phase: z.enum(['NON_TRADING_DAY', 'PRE_OPEN', 'MORNING', 'MIDDAY_BREAK', 'AFTERNOON', 'CLOSED']),
  tradingDay: z.string(),
  listedOpen: z.boolean(),
  blockOpen: z.boolean(),
  listedSessionEndsAt: z.string().nullable(),
  closedThrough: z.string().nullable().describe('The last trading day whose day end ran'),
  nextTradingDay: z.string(),
});

export const instrumentQuoteSchema = z.object({
  symbol: z.string(),
  instrument: z.enum(['CEA', 'CCER']),
  vintage: z.number().int(),
  status: z.enum(['TRADING', 'SUSPENDED']),
  statusReason: z.string().nullable(),
  previousClose: money.nullable().describe('The close of the trading day before tradingDay; change is counted against it'),
  referencePrice: money.nullable(),
  listedBand: band.nullable().describe(`${R.listedBand} of the latest close (after the day end: the next trading day's band), rounded inward to the tick`),
  blockBand: band.nullable().describe(`${R.blockBand} of the latest close (after the day end: the next trading day's band), rounded inward to the tick`),
  tradingDay: z.string(),
  last: money.nullable(),
  close: money.nullable().describe("The trading day's closing price once its day end has run; change is then close − previousClose"),
  open: money.nullable(),
  high: money.nullable(),
  low: money.nullable(),
  change: money.nullable(),
  changePercent: money.nullable(),
  volume: tonnes,
  turnover: money,
  blockVolume: tonnes,
  trades: z.number().int(),
  bestBid: money.nullable(),
  bestAsk: money.nullable(),
});
export const instrumentListSchema = z.array(instrumentQuoteSchema);

const level = z.object({ price: money, quantity: tonnes, listings: z.number().int() });
export const bookResponseSchema = z.object({ symbol: z.string(), bids: z.array(level), asks: z.array(level) });
export const takeableListResponseSchema = z.array(z.object({ id: z.string(), price: money, remaining: tonnes, createdAt: z.string() }));

export const tapeTradeSchema = z.object({
  id: z.string(), symbol: z.string(), kind: z.enum(['LISTED', 'BLOCK']), price: money, quantity: tonnes, amount: money,
  aggressorSide: side, tradingDay: z.string(), executedAt: z.string(),
});
export const tapePageSchema = page(tapeTradeSchema);
export const myTradesPageSchema = page(tapeTradeSchema.extend({ side, fee: money, net: money.describe('Cash paid (negative) or received, fees included') }));

export const barsResponseSchema = z.array(z.object({
  day: z.string(), open: money.nullable(), high: money.nullable(), low: money.nullable(), close: money, previousClose: money,
  volume: tonnes, turnover: money, blockVolume: tonnes, final: z.boolean(),
}));

export const listingResponseSchema = z.object({
  id: z.string(), symbol: z.string(), side, price: money, quantity: tonnes, remaining: tonnes, filled: tonnes,
  lockedCash: money.describe('BUY: cash still locked for the remaining quantity and its fee'),
  status: z.enum(['OPEN', 'FILLED', 'CANCELLED', 'EXPIRED']), tradingDay: z.string(), createdAt: z.string(),
});
export const listingPageSchema = page(listingResponseSchema);

export const takeResponseSchema = z.object({
  symbol: z.string(), side, requested: tonnes, filled: tonnes, averagePrice: money, amount: money, fees: money, entryId: z.string(),
  trades: z.array(z.object({ id: z.string(), listingId: z.string(), price: money, quantity: tonnes, amount: money, fee: money })),
});

export const blockProposalResponseSchema = z.object({
  id: z.number().int(), symbol: z.string(), side, price: money, quantity: tonnes, amount: money,
  initiatorAccountId: z.number().int().nullable().describe('null on another participant’s open offer (anonymous)'), counterpartyAccountId: z.number().int().nullable(), open: z.boolean(),
  status: z.enum(['PENDING', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'EXPIRED']), tradingDay: z.string(), createdAt: z.string(),
  decidedAt: z.string().nullable(), tradeId: z.string().nullable(),
});
export const myBlockProposalsSchema = z.object({
  outgoing: z.array(blockProposalResponseSchema), incoming: z.array(blockProposalResponseSchema), openOffers: z.array(blockProposalResponseSchema),
});

export const instrumentStatusResultSchema = z.object({ symbol: z.string(), status: z.enum(['TRADING', 'SUSPENDED']) });
export const referencePriceResultSchema = z.object({ symbol: z.string(), referencePrice: money });
export const instrumentCreateResultSchema = z.object({ symbol: z.string() });

export const alertPageSchema = page(z.object({
  id: z.number().int(), kind: z.enum(['SELF_TRADE', 'RELATED_ACCOUNTS', 'BAND_LIMIT', 'LIST_AND_CANCEL']), symbol: z.string().nullable(),
  detail: z.string(), tradingDay: z.string(), status: z.enum(['OPEN', 'REVIEWED']), createdAt: z.string(), reviewNote: z.string().nullable(),
  accounts: z.array(z.object({ id: z.number().int(), number: z.string(), name: z.string() })),
  trades: z.array(z.object({ id: z.string(), price: money, quantity: tonnes, buyerAccountId: z.number().int(), sellerAccountId: z.number().int(), executedAt: z.string() })),
  listings: z.array(z.object({ id: z.string(), side, price: money, quantity: tonnes, status: z.string(), createdAt: z.string() })),
}));
export const alertReviewResultSchema = z.object({ id: z.number().int(), status: z.enum(['OPEN', 'REVIEWED']) });
export const largeHolderPageSchema = page(z.object({
  id: z.number().int(), accountId: z.number().int(), accountNumber: z.string(), accountName: z.string(), symbol: z.string(),
  threshold: tonnes, holding: tonnes, tradeId: z.string().nullable(), tradingDay: z.string(), createdAt: z.string(),
}));
export const participantListSchema = z.array(z.object({
  registryAccountId: z.number().int(), tradingAccountNumber: z.string(), accountNumber: z.string(), name: z.string(),
  status: z.enum(['PENDING', 'ACTIVE', 'RESTRICTED', 'CLOSED']), kind: z.string().nullable(), groupName: z.string().nullable(),
  suspended: z.boolean(), suspensionReason: z.string().nullable(),
}));
export const participantSuspensionResultSchema = z.object({
  registryAccountId: z.number().int(), accountNumber: z.string(), name: z.string(), suspended: z.boolean(), reason: z.string().nullable(),
});
export const marketSettingsResponseSchema = z.object({
  feeRate: z.string(), riskReserveShare: z.string(), entityPositionLimit: tonnes.nullable(), investorPositionLimit: tonnes.nullable(),
  largeHolderThreshold: tonnes.nullable(), listAndCancelThreshold: z.number().int(),
});
export const marketSummarySchema = z.object({
  tradingDay: z.string(), feeIncome: money, riskReserve: money,
  today: z.object({ trades: z.number().int(), volume: tonnes, turnover: money, fees: money }),
  openListings: z.number().int(), pendingBlockProposals: z.number().int(), openAlerts: z.number().int(), suspendedParticipants: z.number().int(),
});

export const holidaySchemaOut = z.object({ date: z.string(), name: z.string(), nameZh: z.string().nullable() });
export const holidayListSchema = z.array(holidaySchemaOut);

// ---------- compliance ----------
const statusEnum = z.enum(['NOT_DUE', 'IN_PROGRESS', 'COMPLIANT', 'PARTIAL', 'DEFAULTED']);
export const complianceStatusResponseSchema = z.object({
  organisationId: z.number().int(), year: z.number().int(), obligation: tonnes.nullable(), surrendered: tonnes, offsetsUsed: tonnes,
  offsetCap: tonnes.nullable(), excess: tonnes, gap: tonnes.nullable(), reportDeadline: z.string(), surrenderDeadline: z.string(), status: statusEnum,
  costToClose: money.nullable(), pricePerTonne: money.nullable(),
});
export const reportResponseSchema = z.object({
  id: z.number().int(), organisationId: z.number().int(), year: z.number().int(), lines: z.unknown(), outputs: z.unknown(), reportedCo2e: tonnes,
  status: z.enum(['SUBMITTED', 'VERIFIED']), submittedAt: z.string(), verifiedEmissions: tonnes.nullable(), verifiedAt: z.string().nullable(), verificationNote: z.string().nullable(),
});
export const reportListSchema = z.array(reportResponseSchema);
export const surrenderResponseSchema = z.object({
  id: z.number().int(), year: z.number().int(),
  items: z.array(z.object({ instrument: z.enum(['CEA', 'CCER']), vintage: z.number().int(), quantity: tonnes, credited: tonnes, surrendered: tonnes, excess: tonnes })),
  creditedCea: tonnes, creditedOffset: tonnes, excess: tonnes, entryIds: z.array(z.string()), status: complianceStatusResponseSchema,
  correction: correctionSchema.nullable().describe('A surrender after the year’s close for the entity: how it lowered the scheduled deduction (the fine stands)'),
});

