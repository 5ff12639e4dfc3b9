-- Ledger verification that does not grow with history. A checkpoint records, for every journal
-- entry up to `through_entry_id` (all committed when it was taken), the journal's sums per holding
-- bucket and per cash bucket, and the audit hash chain up to `audit_seq`. The journal and the sealed
-- audit records are append-only (their triggers refuse any change), so verification adds the entries
-- after the checkpoint to its sums and recomputes the hashes after its seq; a full verification from
-- the first entry stays available. Each checkpoint is built from the previous one the same way, so
-- taking one costs what happened since.

CREATE TABLE "ledger_checkpoint" (
  "id"               SERIAL PRIMARY KEY,
  "through_entry_id" BIGINT NOT NULL,
  "audit_seq"        BIGINT NOT NULL,
  "audit_hash"       TEXT NOT NULL,
  "entries"          BIGINT NOT NULL,
  -- Wall clock: when the checkpoint was taken (for auditors).
  "taken_at"         TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE "ledger_checkpoint_unit" (
  "checkpoint_id" INTEGER NOT NULL REFERENCES "ledger_checkpoint"("id"),
  "account_id"    INTEGER NOT NULL,
  "instrument"    "Instrument" NOT NULL,
  "vintage"       INTEGER NOT NULL,
  "bucket"        "Bucket" NOT NULL,
  "quantity"      BIGINT NOT NULL,
  PRIMARY KEY ("checkpoint_id", "account_id", "instrument", "vintage", "bucket")
);

CREATE TABLE "ledger_checkpoint_cash" (
  "checkpoint_id"   INTEGER NOT NULL REFERENCES "ledger_checkpoint"("id"),
  "cash_account_id" INTEGER NOT NULL,
  "bucket"          "CashBucket" NOT NULL,
  "amount"          DECIMAL(20, 2) NOT NULL,
  PRIMARY KEY ("checkpoint_id", "cash_account_id", "bucket")
);

CREATE TRIGGER ledger_checkpoint_immutable BEFORE UPDATE OR DELETE ON "ledger_checkpoint" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER ledger_checkpoint_unit_immutable BEFORE UPDATE OR DELETE ON "ledger_checkpoint_unit" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER ledger_checkpoint_cash_immutable BEFORE UPDATE OR DELETE ON "ledger_checkpoint_cash" FOR EACH ROW EXECUTE FUNCTION forbid_change();
