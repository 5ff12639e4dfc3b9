-- Market analysis (DOMAIN §7) and the carbon balance sheet (§7a).

-- The dated series of fuel prices the fuel-switch carbon price is computed from: coal in CNY per
-- tonne (5,500 kcal/kg thermal coal), natural gas in CNY per cubic metre. One national series, kept
-- by the national regulator; a later entry for the same day replaces the earlier one.
CREATE TABLE "fuel_price" (
  "date"          DATE          NOT NULL PRIMARY KEY,
  "coal_price"    DECIMAL(18,2) NOT NULL CHECK ("coal_price" > 0),
  "gas_price"     DECIMAL(18,4) NOT NULL CHECK ("gas_price" > 0),
  "source"        TEXT,
  "entered_by_id" INTEGER       NOT NULL REFERENCES "app_user"("id"),
  "entered_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT market_now()
);

-- How a year's auction revenue is earmarked: a share per use (a low-carbon industry fund,
-- transfers to the public…), set by the national regulator. The shares of a year sum to at most 1;
-- the rest is unassigned.
CREATE TABLE "revenue_earmark" (
  "year"          INTEGER       NOT NULL,
  "use"           TEXT          NOT NULL,
  "share"         DECIMAL(5,4)  NOT NULL CHECK ("share" > 0 AND "share" <= 1),
  "position"      INTEGER       NOT NULL DEFAULT 0,
  "updated_by_id" INTEGER       NOT NULL REFERENCES "app_user"("id"),
  "updated_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
  PRIMARY KEY ("year", "use")
);

-- An entity's own monthly emission figures for a year (tCO2e), entered to forecast the year's
-- obligation before its report is verified.
CREATE TABLE "emission_forecast" (
  "organisation_id" INTEGER       NOT NULL REFERENCES "organisation"("id"),
  "year"            INTEGER       NOT NULL,
  "month"           INTEGER       NOT NULL CHECK ("month" BETWEEN 1 AND 12),
  "emissions"       BIGINT        NOT NULL CHECK ("emissions" >= 0),
  "entered_by_id"   INTEGER       NOT NULL REFERENCES "app_user"("id"),
  "entered_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
  PRIMARY KEY ("organisation_id", "year", "month")
);
