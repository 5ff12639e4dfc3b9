import { z } from 'zod';
import {
  AccountStatus, AlertKind, AlertStatus, AllocationMethod, AllocationRunKind, AllocationRunStatus, AuctionBidStatus, AuctionEligibility,
  AuctionPricing, AuctionStatus, AuctionTieRule, CoverageEndReason, Instrument, InstrumentStatus, ListingStatus, MovementType,
  NonTradeTransferKind, OrderSide, RequestStatus, TradeKind,
} from '@/generated/prisma/enums';

/**
 * The zod enums of the API and forms, derived from the database's enums (prisma/schema.prisma →
 * the generated client): one source, so the API publishes, accepts and labels exactly what the
 * database stores. Label maps are typed `Record<…, string>` over the same enums (src/i18n).
 */
export const movementTypeSchema = z.enum(MovementType);
export const movementTypes = Object.values(MovementType);
export const accountStatusSchema = z.enum(AccountStatus);
export const instrumentEnumSchema = z.enum(Instrument);
export const requestStatusSchema = z.enum(RequestStatus);
export const nonTradeTransferKindSchema = z.enum(NonTradeTransferKind);
export const orderSideSchema = z.enum(OrderSide);
export const instrumentStatusSchema = z.enum(InstrumentStatus);
export const listingStatusSchema = z.enum(ListingStatus);
export const tradeKindSchema = z.enum(TradeKind);
export const alertKindSchema = z.enum(AlertKind);
export const alertStatusSchema = z.enum(AlertStatus);
export const auctionStatusSchema = z.enum(AuctionStatus);
export const auctionBidStatusSchema = z.enum(AuctionBidStatus);
export const auctionPricingEnumSchema = z.enum(AuctionPricing);
export const auctionTieRuleEnumSchema = z.enum(AuctionTieRule);
export const auctionEligibilityEnumSchema = z.enum(AuctionEligibility);
export const allocationMethodSchema = z.enum(AllocationMethod);
export const allocationRunKindSchema = z.enum(AllocationRunKind);
export const allocationRunStatusSchema = z.enum(AllocationRunStatus);
export const coverageEndReasonSchema = z.enum(CoverageEndReason);
