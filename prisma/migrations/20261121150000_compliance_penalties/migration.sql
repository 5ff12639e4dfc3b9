-- Compliance, second part: penalties at the surrender deadline and shortfalls scheduled for deduction
-- from the next year's allocation.

CREATE TYPE "DeductionStatus" AS ENUM ('SCHEDULED', 'APPLIED');

CREATE TABLE "penalty" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "shortfall" BIGINT NOT NULL,
    "average_price" DECIMAL(18,2) NOT NULL,
    "fine_min" DECIMAL(18,2) NOT NULL,
    "fine_max" DECIMAL(18,2) NOT NULL,
    "fine" DECIMAL(18,2) NOT NULL,
    "basis" TEXT NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "penalty_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "penalty_fine_in_range" CHECK ("shortfall" > 0 AND "fine" >= "fine_min" AND "fine" <= "fine_max" AND "rule" IN ('TRIAL_2021', 'INTERIM_2024'))
);
CREATE UNIQUE INDEX "penalty_organisation_id_year_key" ON "penalty"("organisation_id", "year");
ALTER TABLE "penalty" ADD CONSTRAINT "penalty_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "allocation_deduction" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "from_year" INTEGER NOT NULL,
    "to_year" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    "status" "DeductionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "allocation_deduction_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "allocation_deduction_quantity" CHECK ("quantity" > 0 AND "to_year" > "from_year")
);
CREATE UNIQUE INDEX "allocation_deduction_organisation_id_from_year_key" ON "allocation_deduction"("organisation_id", "from_year");
ALTER TABLE "allocation_deduction" ADD CONSTRAINT "allocation_deduction_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
