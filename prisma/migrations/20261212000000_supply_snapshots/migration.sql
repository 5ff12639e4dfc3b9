-- The supply analysis of a compliance year measures it at the end of its surrender deadline's day.
-- Once that instant has passed the figures cannot change (later entries are dated later), so the
-- scheduler fixes them in a snapshot: per participant account and vintage, the CEA held (every
-- bucket) of vintages up to the year, and the CEA of the year's vintage allocated free (allocation
-- less deductions) and won at auction, all as of that instant. The analysis then reads the
-- snapshot instead of summing the journal from its first entry for every year of its trend.
-- A snapshot is taken as the current holdings less what was posted after the instant (the
-- created_at index finds those entries), under a moment's SHARE lock on the journal so that no
-- entry dated before the instant is still being written.

CREATE INDEX "journal_entry_created_at_idx" ON "journal_entry" ("created_at");

CREATE TABLE "supply_snapshot" (
  "year"        INTEGER PRIMARY KEY,
  -- Market time: the instant the figures are measured at (the end of the surrender deadline's day).
  "measured_at" TIMESTAMPTZ(3) NOT NULL,
  -- Wall clock: when the snapshot was taken (for auditors).
  "taken_at"    TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "supply_snapshot_line" (
  "year"       INTEGER NOT NULL REFERENCES "supply_snapshot"("year"),
  -- HELD: CEA of vintages up to the year held; FREE: the year's vintage allocated free (less
  -- deductions); AUCTIONED: the year's vintage won at auction.
  "kind"       TEXT NOT NULL CHECK ("kind" IN ('HELD', 'FREE', 'AUCTIONED')),
  "account_id" INTEGER NOT NULL,
  "vintage"    INTEGER NOT NULL,
  "quantity"   BIGINT NOT NULL,
  PRIMARY KEY ("year", "kind", "account_id", "vintage")
);

CREATE TRIGGER supply_snapshot_immutable BEFORE UPDATE OR DELETE ON "supply_snapshot" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER supply_snapshot_line_immutable BEFORE UPDATE OR DELETE ON "supply_snapshot_line" FOR EACH ROW EXECUTE FUNCTION forbid_change();
