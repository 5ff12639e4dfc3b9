-- Business time is market time: the events users see (movements, trades, listings, reports,
-- surrenders, bids, …) are stamped with the market clock — the demo clock in demo mode, real time
-- in production (where market_clock.simulated_at is NULL). The audit log keeps real time.
CREATE OR REPLACE FUNCTION market_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT simulated_at FROM market_clock WHERE id = 1), now())
$$;

ALTER TABLE "journal_entry" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "registry_account" ALTER COLUMN "opened_at" SET DEFAULT market_now();
ALTER TABLE "account_status_change" ALTER COLUMN "at" SET DEFAULT market_now();
ALTER TABLE "organisation_change" ALTER COLUMN "at" SET DEFAULT market_now();
ALTER TABLE "freeze" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "pledge" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "non_trade_transfer" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "listing" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "block_proposal" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "trade" ALTER COLUMN "executed_at" SET DEFAULT market_now();
ALTER TABLE "surveillance_alert" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "large_holder_report" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "emission_report" ALTER COLUMN "submitted_at" SET DEFAULT market_now();
ALTER TABLE "surrender" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "penalty" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "allocation_deduction" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "covered_entity" ALTER COLUMN "added_at" SET DEFAULT market_now();
ALTER TABLE "allocation_run" ALTER COLUMN "prepared_at" SET DEFAULT market_now();
ALTER TABLE "ccer_project" ALTER COLUMN "registered_at" SET DEFAULT market_now();
ALTER TABLE "auction" ALTER COLUMN "created_at" SET DEFAULT market_now();
ALTER TABLE "auction_bid" ALTER COLUMN "placed_at" SET DEFAULT market_now();

-- Generated texts users read are data: a journal entry's memo and an alert's detail keep their
-- message code and parameters (rendered in the reader's language; the English text stays beside
-- them for exports and auditors). Holiday names and auction titles exist in both languages.
ALTER TABLE "journal_entry" ADD COLUMN "memo_note" JSONB;
ALTER TABLE "surveillance_alert" ADD COLUMN "detail_note" JSONB;
ALTER TABLE "trading_holiday" ADD COLUMN "name_zh" TEXT;
ALTER TABLE "auction" ADD COLUMN "title_zh" TEXT;
