-- One-way buying auctions (单向竞买, DOMAIN §4): the allowances offered are locked in the auction
-- account when the auction is scheduled; sealed bids lock their guarantee in the bidder's cash
-- account; the close clears, settles (units to winners, cash to the auction proceeds account,
-- guarantees released, unsold units unlocked) and publishes the result, all in one transaction.

ALTER TYPE "MovementType" ADD VALUE 'AUCTION_SETTLEMENT';

CREATE TYPE "AuctionStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SETTLED', 'CANCELLED');
CREATE TYPE "AuctionPricing" AS ENUM ('UNIFORM', 'PAY_AS_BID');
CREATE TYPE "AuctionTieRule" AS ENUM ('PRO_RATA', 'TIME_PRIORITY');
CREATE TYPE "AuctionEligibility" AS ENUM ('COMPLIANCE_ENTITIES', 'ALL_PARTICIPANTS');
CREATE TYPE "AuctionBidStatus" AS ENUM ('ACTIVE', 'WITHDRAWN', 'WON', 'LOST', 'DEFAULTED');

CREATE TABLE "auction" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    "reserve_price" DECIMAL(12,2),
    "opens_at" TIMESTAMPTZ(3) NOT NULL,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "eligibility" "AuctionEligibility" NOT NULL,
    "per_bidder_max" BIGINT,
    "guarantee_percent" DECIMAL(5,4),
    "pricing" "AuctionPricing" NOT NULL,
    "tie_rule" "AuctionTieRule" NOT NULL,
    "status" "AuctionStatus" NOT NULL DEFAULT 'DRAFT',
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduled_by_id" INTEGER,
    "scheduled_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "settled_by_id" INTEGER,
    "settled_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "clearing_price" DECIMAL(12,2),
    "quantity_sold" BIGINT,
    "bid_quantity" BIGINT,
    "coverage_ratio" DECIMAL(14,4),
    "bidders" INTEGER,
    "winners" INTEGER,
    "proceeds" DECIMAL(18,2),
    "settlement_entry_id" BIGINT,
    "settlement_day" DATE,
    CONSTRAINT "auction_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "auction_quantity_positive" CHECK ("quantity" > 0),
    CONSTRAINT "auction_window" CHECK ("closes_at" > "opens_at"),
    CONSTRAINT "auction_reserve_positive" CHECK ("reserve_price" IS NULL OR "reserve_price" > 0),
    CONSTRAINT "auction_per_bidder_max_positive" CHECK ("per_bidder_max" IS NULL OR "per_bidder_max" > 0),
    CONSTRAINT "auction_guarantee_percent" CHECK ("guarantee_percent" IS NULL OR ("guarantee_percent" > 0 AND "guarantee_percent" <= 1))
);
CREATE INDEX "auction_status_opens_at_idx" ON "auction"("status", "opens_at");

CREATE TABLE "auction_bid" (
    "id" SERIAL NOT NULL,
    "auction_id" INTEGER NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "cash_account_id" INTEGER NOT NULL,
    "placed_by_id" INTEGER NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "quantity" BIGINT NOT NULL,
    "guarantee" DECIMAL(18,2) NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "status" "AuctionBidStatus" NOT NULL DEFAULT 'ACTIVE',
    "placed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amended_at" TIMESTAMPTZ(3),
    "withdrawn_at" TIMESTAMPTZ(3),
    "won_quantity" BIGINT,
    "paid_price" DECIMAL(12,2),
    "amount" DECIMAL(18,2),
    CONSTRAINT "auction_bid_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "auction_bid_quantity_positive" CHECK ("quantity" > 0),
    CONSTRAINT "auction_bid_price_positive" CHECK ("price" > 0),
    CONSTRAINT "auction_bid_guarantee_non_negative" CHECK ("guarantee" >= 0)
);
CREATE UNIQUE INDEX "auction_bid_seq_key" ON "auction_bid"("seq");
CREATE INDEX "auction_bid_auction_id_status_idx" ON "auction_bid"("auction_id", "status");
CREATE INDEX "auction_bid_organisation_id_idx" ON "auction_bid"("organisation_id");
ALTER TABLE "auction_bid" ADD CONSTRAINT "auction_bid_auction_id_fkey" FOREIGN KEY ("auction_id") REFERENCES "auction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "auction_bid" ADD CONSTRAINT "auction_bid_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
