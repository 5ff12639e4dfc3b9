-- The compliance-behaviour analysis reads, per trading day, the CEA tonnes traded (listed and
-- block, every vintage) nationally and per province (a trade counts for each province one of its
-- sides is in), and which organisations traded. Summing the trade table for every cycle of the
-- trend grew with history; these summaries are kept by the trading day end instead (one step,
-- src/server/analytics/tradeSummary.ts), for every day up to the day it closes, and the analysis
-- reads the trades of the days after the last summarised one directly. Both come from the same two
-- functions below, so the summary and the live reading count a trade the same way.

CREATE TABLE "trade_day_volume" (
  "trading_day" DATE NOT NULL,
  -- 'ALL' for every province, else a province code.
  "scope"       TEXT NOT NULL,
  "tonnes"      BIGINT NOT NULL,
  PRIMARY KEY ("trading_day", "scope")
);

CREATE TABLE "trade_day_trader" (
  "organisation_id" INTEGER NOT NULL,
  "trading_day"     DATE NOT NULL,
  PRIMARY KEY ("organisation_id", "trading_day")
);

-- CEA tonnes traded per day of (after, through]: every trade under 'ALL', and under each province
-- one of its sides is in (a trade between two organisations of one province counts there once).
CREATE FUNCTION cea_trade_volumes(after DATE, through DATE)
RETURNS TABLE (trading_day DATE, scope TEXT, tonnes BIGINT) LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT t.trading_day, t.quantity, t.buyer_account_id, t.seller_account_id FROM trade t
     WHERE t.symbol IN (SELECT symbol FROM trading_instrument WHERE instrument = 'CEA')
       AND (after IS NULL OR t.trading_day > after) AND t.trading_day <= through
  )
  SELECT t.trading_day, 'ALL', sum(t.quantity)::bigint FROM t GROUP BY 1
  UNION ALL
  SELECT t.trading_day, p.province_code, sum(t.quantity)::bigint
    FROM t CROSS JOIN LATERAL (
      SELECT DISTINCT o.province_code FROM registry_account a JOIN organisation o ON o.id = a.organisation_id
       WHERE a.id IN (t.buyer_account_id, t.seller_account_id) AND o.province_code IS NOT NULL
    ) p
   GROUP BY 1, 2
$$;

-- The organisations that traded CEA on each day of (after, through], on either side.
CREATE FUNCTION cea_traders(after DATE, through DATE)
RETURNS TABLE (organisation_id INTEGER, trading_day DATE) LANGUAGE sql STABLE AS $$
  SELECT DISTINCT a.organisation_id, t.trading_day
    FROM trade t JOIN registry_account a ON a.id IN (t.buyer_account_id, t.seller_account_id)
   WHERE t.symbol IN (SELECT symbol FROM trading_instrument WHERE instrument = 'CEA')
     AND (after IS NULL OR t.trading_day > after) AND t.trading_day <= through AND a.organisation_id IS NOT NULL
$$;

-- The days already closed are summarised now; the day end keeps the summaries from here on.
INSERT INTO trade_day_volume SELECT * FROM cea_trade_volumes(NULL, (SELECT closed_through FROM market_clock WHERE id = 1))
 WHERE (SELECT closed_through FROM market_clock WHERE id = 1) IS NOT NULL;
INSERT INTO trade_day_trader SELECT * FROM cea_traders(NULL, (SELECT closed_through FROM market_clock WHERE id = 1))
 WHERE (SELECT closed_through FROM market_clock WHERE id = 1) IS NOT NULL;
