-- Closing a compliance year (履约期结束), per province: the fact that a regulator closed it, so the
-- public registry report (DOMAIN §7b) and the pages can read it; and corrections after the close.

-- One row per year and province, written by the first close that covers the province: who closed
-- it and when (market time), and what the close found — the entities with a verified obligation it
-- checked, the penalties, their shortfall and fines. A later close that finds a new default (e.g. a
-- report verified late) adds its penalty and updates the counts; the first closer and time stay.
CREATE TABLE "compliance_year_closing" (
    "year" INTEGER NOT NULL,
    "province_code" TEXT NOT NULL,
    "closed_by_id" INTEGER NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
    "entities" INTEGER NOT NULL,
    "penalties" INTEGER NOT NULL,
    "shortfall" BIGINT NOT NULL,
    "fines" DECIMAL(18,2) NOT NULL,
    CONSTRAINT "compliance_year_closing_pkey" PRIMARY KEY ("year", "province_code"),
    CONSTRAINT "compliance_year_closing_counts" CHECK ("entities" >= 0 AND "penalties" >= 0 AND "shortfall" >= 0 AND "fines" >= 0)
);
ALTER TABLE "compliance_year_closing" ADD CONSTRAINT "compliance_year_closing_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "compliance_year_closing" ADD CONSTRAINT "compliance_year_closing_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Correction (纠正) after the close: a surrender for the year credited after the entity's penalty
-- lowers the scheduled deduction by the tonnes credited, never below what was already applied.
-- `quantity` is what is (still) to be deducted in all, `corrected` what corrections took off it:
-- the shortfall scheduled at the close is quantity + corrected. The fine stands.
ALTER TABLE "allocation_deduction" ADD COLUMN "corrected" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "allocation_deduction" DROP CONSTRAINT "allocation_deduction_quantity";
ALTER TABLE "allocation_deduction" ADD CONSTRAINT "allocation_deduction_quantity"
    CHECK ("quantity" >= 0 AND "corrected" >= 0 AND "quantity" + "corrected" > 0 AND "applied" >= 0 AND "applied" <= "quantity" AND "to_year" > "from_year");
-- Nothing left to deduct because corrections took it all (APPLIED: what is left was deducted).
ALTER TYPE "DeductionStatus" ADD VALUE 'CORRECTED';
