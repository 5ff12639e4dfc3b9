-- Trading (交易系统): instruments, market clock and calendar, settings, listings, block proposals,
-- trades, daily bars, surveillance alerts and large-holder reports.

CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');
CREATE TYPE "InstrumentStatus" AS ENUM ('TRADING', 'SUSPENDED');
CREATE TYPE "ListingStatus" AS ENUM ('OPEN', 'FILLED', 'CANCELLED', 'EXPIRED');
CREATE TYPE "BlockProposalStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'EXPIRED');
CREATE TYPE "TradeKind" AS ENUM ('LISTED', 'BLOCK');
CREATE TYPE "AlertKind" AS ENUM ('SELF_TRADE', 'RELATED_ACCOUNTS', 'BAND_LIMIT', 'LIST_AND_CANCEL');
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'REVIEWED');

ALTER TABLE "trading_account" ADD COLUMN "suspended" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "trading_account" ADD COLUMN "suspension_reason" TEXT;

CREATE TABLE "trading_instrument" (
    "symbol" TEXT NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "status" "InstrumentStatus" NOT NULL DEFAULT 'TRADING',
    "status_reason" TEXT,
    "previous_close" DECIMAL(18,2),
    "reference_price" DECIMAL(18,2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "trading_instrument_pkey" PRIMARY KEY ("symbol"),
    CONSTRAINT "trading_instrument_prices_positive" CHECK (coalesce("previous_close", 1) > 0 AND coalesce("reference_price", 1) > 0)
);
CREATE UNIQUE INDEX "trading_instrument_instrument_vintage_key" ON "trading_instrument"("instrument", "vintage");

CREATE TABLE "market_clock" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "simulated_at" TIMESTAMPTZ(3),
    "closed_through" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "market_clock_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "market_clock_single_row" CHECK ("id" = 1)
);
INSERT INTO "market_clock" ("id") VALUES (1);

CREATE TABLE "trading_holiday" (
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "trading_holiday_pkey" PRIMARY KEY ("date")
);

CREATE TABLE "market_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "fee_rate" DECIMAL(9,6) NOT NULL DEFAULT 0.0005,
    "risk_reserve_share" DECIMAL(5,4) NOT NULL DEFAULT 0.2,
    "entity_position_limit" BIGINT,
    "investor_position_limit" BIGINT,
    "large_holder_threshold" BIGINT,
    "list_and_cancel_threshold" INTEGER NOT NULL DEFAULT 5,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "market_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "market_settings_single_row" CHECK ("id" = 1),
    CONSTRAINT "market_settings_ranges" CHECK ("fee_rate" >= 0 AND "fee_rate" < 0.1 AND "risk_reserve_share" >= 0 AND "risk_reserve_share" <= 1
        AND coalesce("entity_position_limit", 0) >= 0 AND coalesce("investor_position_limit", 0) >= 0
        AND coalesce("large_holder_threshold", 0) >= 0 AND "list_and_cancel_threshold" >= 0)
);
INSERT INTO "market_settings" ("id") VALUES (1);

CREATE TABLE "listing" (
    "id" BIGSERIAL NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "account_id" INTEGER NOT NULL,
    "cash_account_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "price" DECIMAL(18,2) NOT NULL,
    "quantity" BIGINT NOT NULL,
    "remaining" BIGINT NOT NULL,
    "locked_cash" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "status" "ListingStatus" NOT NULL DEFAULT 'OPEN',
    "trading_day" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "listing_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "listing_quantities" CHECK ("quantity" BETWEEN 1 AND 99999 AND "remaining" >= 0 AND "remaining" <= "quantity" AND "price" > 0 AND "locked_cash" >= 0),
    CONSTRAINT "listing_open_has_remaining" CHECK (("status" = 'OPEN') = ("remaining" > 0) OR "status" IN ('CANCELLED', 'EXPIRED'))
);
CREATE INDEX "listing_account_id_status_idx" ON "listing"("account_id", "status");
CREATE INDEX "listing_trading_day_status_idx" ON "listing"("trading_day", "status");
-- The order book: open listings of one instrument and side in price-time order.
CREATE INDEX "listing_book_idx" ON "listing"("symbol", "side", "price", "id") WHERE "status" = 'OPEN';

CREATE TABLE "block_proposal" (
    "id" SERIAL NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" "OrderSide" NOT NULL,
    "price" DECIMAL(18,2) NOT NULL,
    "quantity" BIGINT NOT NULL,
    "initiator_account_id" INTEGER NOT NULL,
    "initiator_user_id" INTEGER NOT NULL,
    "counterparty_account_id" INTEGER,
    "locked_cash" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "status" "BlockProposalStatus" NOT NULL DEFAULT 'PENDING',
    "trading_day" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_user_id" INTEGER,
    "decided_by_account_id" INTEGER,
    "trade_id" BIGINT,
    CONSTRAINT "block_proposal_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "block_proposal_quantity" CHECK ("quantity" >= 100000 AND "price" > 0 AND "locked_cash" >= 0)
);
CREATE INDEX "block_proposal_status_trading_day_idx" ON "block_proposal"("status", "trading_day");
CREATE INDEX "block_proposal_initiator_account_id_idx" ON "block_proposal"("initiator_account_id");
CREATE INDEX "block_proposal_counterparty_account_id_idx" ON "block_proposal"("counterparty_account_id");

CREATE TABLE "trade" (
    "id" BIGSERIAL NOT NULL,
    "symbol" TEXT NOT NULL,
    "kind" "TradeKind" NOT NULL,
    "listing_id" BIGINT,
    "block_id" INTEGER,
    "buyer_account_id" INTEGER NOT NULL,
    "seller_account_id" INTEGER NOT NULL,
    "aggressor_side" "OrderSide" NOT NULL,
    "price" DECIMAL(18,2) NOT NULL,
    "quantity" BIGINT NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "buyer_fee" DECIMAL(18,2) NOT NULL,
    "seller_fee" DECIMAL(18,2) NOT NULL,
    "trading_day" DATE NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "executed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "trade_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "trade_amounts" CHECK ("quantity" > 0 AND "price" > 0 AND "amount" >= 0 AND "buyer_fee" >= 0 AND "seller_fee" >= 0)
);
CREATE INDEX "trade_symbol_trading_day_idx" ON "trade"("symbol", "trading_day");
CREATE INDEX "trade_buyer_account_id_symbol_trading_day_idx" ON "trade"("buyer_account_id", "symbol", "trading_day");
CREATE INDEX "trade_seller_account_id_idx" ON "trade"("seller_account_id");
ALTER TABLE "trade" ADD CONSTRAINT "trade_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "trade" ADD CONSTRAINT "trade_symbol_fkey" FOREIGN KEY ("symbol") REFERENCES "trading_instrument"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "listing" ADD CONSTRAINT "listing_symbol_fkey" FOREIGN KEY ("symbol") REFERENCES "trading_instrument"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "block_proposal" ADD CONSTRAINT "block_proposal_symbol_fkey" FOREIGN KEY ("symbol") REFERENCES "trading_instrument"("symbol") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Trades are facts: never changed or removed (the same guard as the journal).
CREATE TRIGGER "trade_immutable" BEFORE UPDATE OR DELETE ON "trade" FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE "daily_bar" (
    "symbol" TEXT NOT NULL,
    "trading_day" DATE NOT NULL,
    "previous_close" DECIMAL(18,2) NOT NULL,
    "open" DECIMAL(18,2),
    "high" DECIMAL(18,2),
    "low" DECIMAL(18,2),
    "close" DECIMAL(18,2) NOT NULL,
    "volume" BIGINT NOT NULL DEFAULT 0,
    "turnover" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "block_volume" BIGINT NOT NULL DEFAULT 0,
    "block_turnover" DECIMAL(20,2) NOT NULL DEFAULT 0,
    CONSTRAINT "daily_bar_pkey" PRIMARY KEY ("symbol", "trading_day")
);

CREATE TABLE "surveillance_alert" (
    "id" SERIAL NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "symbol" TEXT,
    "account_ids" INTEGER[],
    "trade_ids" BIGINT[],
    "listing_ids" BIGINT[],
    "detail" TEXT NOT NULL,
    "trading_day" DATE NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_by_id" INTEGER,
    "reviewed_at" TIMESTAMPTZ(3),
    "review_note" TEXT,
    CONSTRAINT "surveillance_alert_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "surveillance_alert_status_created_at_idx" ON "surveillance_alert"("status", "created_at");

CREATE TABLE "large_holder_report" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "symbol" TEXT NOT NULL,
    "threshold" BIGINT NOT NULL,
    "holding" BIGINT NOT NULL,
    "trade_id" BIGINT,
    "trading_day" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "large_holder_report_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "large_holder_report_created_at_idx" ON "large_holder_report"("created_at");
