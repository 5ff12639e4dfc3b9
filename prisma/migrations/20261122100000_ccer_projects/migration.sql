-- CCER provenance: every CCER unit comes from a registered emission-reduction project. The
-- holding stays (account, instrument, vintage); beside it the registry keeps, per account and
-- vintage, how many of those units came from which project (a lot), and a posting per lot change
-- in the same journal entry. Surrender counts only CCER from projects whose owner is not a
-- covered entity (DOMAIN §6).

CREATE TABLE "ccer_project" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "province_code" TEXT,
    "owner_organisation_id" INTEGER,
    "registered_by_id" INTEGER,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ccer_project_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ccer_project_code_key" ON "ccer_project"("code");
CREATE INDEX "ccer_project_owner_organisation_id_idx" ON "ccer_project"("owner_organisation_id");
ALTER TABLE "ccer_project" ADD CONSTRAINT "ccer_project_owner_organisation_id_fkey" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ccer_project" ADD CONSTRAINT "ccer_project_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ccer_lot" (
    "account_id" INTEGER NOT NULL,
    "vintage" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "ccer_lot_pkey" PRIMARY KEY ("account_id", "vintage", "project_id"),
    CONSTRAINT "ccer_lot_quantity_non_negative" CHECK ("quantity" >= 0)
);
CREATE INDEX "ccer_lot_project_id_idx" ON "ccer_lot"("project_id");
ALTER TABLE "ccer_lot" ADD CONSTRAINT "ccer_lot_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ccer_lot" ADD CONSTRAINT "ccer_lot_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "ccer_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ccer_lot_posting" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "vintage" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    CONSTRAINT "ccer_lot_posting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ccer_lot_posting_quantity_non_zero" CHECK ("quantity" <> 0)
);
CREATE INDEX "ccer_lot_posting_entry_id_idx" ON "ccer_lot_posting"("entry_id");
CREATE INDEX "ccer_lot_posting_account_id_vintage_idx" ON "ccer_lot_posting"("account_id", "vintage");
ALTER TABLE "ccer_lot_posting" ADD CONSTRAINT "ccer_lot_posting_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ccer_lot_posting" ADD CONSTRAINT "ccer_lot_posting_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ccer_lot_posting" ADD CONSTRAINT "ccer_lot_posting_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "ccer_project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TRIGGER ccer_lot_posting_immutable BEFORE UPDATE OR DELETE ON "ccer_lot_posting" FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- CCER already held before provenance was kept: one placeholder project of unknown origin (no
-- owner, so it counts as eligible), with a lot for every holding outside the issuance source.
INSERT INTO "ccer_project" ("code", "name", "name_zh", "category")
SELECT 'CCER-UNSPECIFIED', 'Issued before project provenance was recorded', '项目来源未记录的存量 CCER', 'UNSPECIFIED'
 WHERE EXISTS (SELECT 1 FROM "holding" WHERE "instrument" = 'CCER');
INSERT INTO "ccer_lot" ("account_id", "vintage", "project_id", "quantity")
SELECT h."account_id", h."vintage", p."id", h."available" + h."locked" + h."pledged" + h."frozen"
  FROM "holding" h JOIN "registry_account" a ON a."id" = h."account_id", "ccer_project" p
 WHERE h."instrument" = 'CCER' AND a."type" <> 'ISSUANCE' AND p."code" = 'CCER-UNSPECIFIED'
   AND h."available" + h."locked" + h."pledged" + h."frozen" > 0;
