-- Compliance, third part: the covered-entity list, allocation policy (national cap, provincial
-- budgets, industry rules), installations, and allocation runs prepared by one regulator and
-- confirmed by another (four-eyes), each line a registry movement with its calculation kept.

ALTER TYPE "MovementType" ADD VALUE 'EXPIRY';

CREATE TYPE "AllocationMethod" AS ENUM ('BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY');
CREATE TYPE "AllocationRunKind" AS ENUM ('PRE_ALLOCATION', 'TRUE_UP');
CREATE TYPE "AllocationRunStatus" AS ENUM ('PREVIEW', 'CONFIRMED', 'DISCARDED');
CREATE TYPE "CoverageEndReason" AS ENUM ('BELOW_THRESHOLD', 'CLOSURE');

-- The list of key emitting entities (重点排放单位名录): covered from from_year, through to_year once removed.
CREATE TABLE "covered_entity" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "province_code" TEXT NOT NULL,
    "from_year" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "added_by_id" INTEGER NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "to_year" INTEGER,
    "end_reason" "CoverageEndReason",
    "end_note" TEXT,
    "transition_until" DATE,
    "removed_by_id" INTEGER,
    "removed_at" TIMESTAMPTZ(3),
    "expired_at" TIMESTAMPTZ(3),
    "expiry_entry_id" BIGINT,
    CONSTRAINT "covered_entity_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "covered_entity_years" CHECK ("to_year" IS NULL OR "to_year" >= "from_year" - 1),
    CONSTRAINT "covered_entity_removal" CHECK (("to_year" IS NULL) = ("end_reason" IS NULL) AND ("to_year" IS NULL) = ("transition_until" IS NULL))
);
CREATE UNIQUE INDEX "covered_entity_open_key" ON "covered_entity"("organisation_id") WHERE "to_year" IS NULL;
CREATE INDEX "covered_entity_province_code_idx" ON "covered_entity"("province_code");
ALTER TABLE "covered_entity" ADD CONSTRAINT "covered_entity_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The national cap of a year (配额总量) and its split into provincial budgets.
CREATE TABLE "allocation_plan" (
    "year" INTEGER NOT NULL,
    "national_cap" BIGINT NOT NULL,
    "updated_by_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "allocation_plan_pkey" PRIMARY KEY ("year"),
    CONSTRAINT "allocation_plan_cap" CHECK ("national_cap" > 0)
);

CREATE TABLE "province_budget" (
    "year" INTEGER NOT NULL,
    "province_code" TEXT NOT NULL,
    "budget" BIGINT NOT NULL,
    CONSTRAINT "province_budget_pkey" PRIMARY KEY ("year", "province_code"),
    CONSTRAINT "province_budget_positive" CHECK ("budget" >= 0)
);
ALTER TABLE "province_budget" ADD CONSTRAINT "province_budget_year_fkey" FOREIGN KEY ("year") REFERENCES "allocation_plan"("year") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "province_budget" ADD CONSTRAINT "province_budget_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A sub-industry's allocation method and parameters for a year (editable data).
CREATE TABLE "industry_rule" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "method" "AllocationMethod" NOT NULL,
    "output_unit" TEXT NOT NULL,
    "benchmark" DECIMAL(18,6),
    "decline_factor" DECIMAL(8,6) NOT NULL DEFAULT 1,
    "adjustment_factors" DECIMAL(8,6)[] NOT NULL DEFAULT ARRAY[]::DECIMAL(8,6)[],
    "output_cap_multiple" DECIMAL(8,4),
    "pre_allocation_share" DECIMAL(5,4) NOT NULL DEFAULT 0.7,
    "paid_share" DECIMAL(5,4) NOT NULL DEFAULT 0,
    "updated_by_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "industry_rule_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "industry_rule_shares" CHECK ("pre_allocation_share" BETWEEN 0 AND 1 AND "paid_share" BETWEEN 0 AND 1 AND "decline_factor" > 0),
    CONSTRAINT "industry_rule_benchmark" CHECK ("method" <> 'BENCHMARK' OR "benchmark" IS NOT NULL)
);
CREATE UNIQUE INDEX "industry_rule_year_code_key" ON "industry_rule"("year", "code");

-- An entity's production unit (a power unit, a clinker line...): its sub-industry and the data allocation needs.
CREATE TABLE "installation" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rule_code" TEXT NOT NULL,
    "design_capacity" DECIMAL(18,2),
    "base_emissions" BIGINT[] NOT NULL DEFAULT ARRAY[]::BIGINT[],
    "historical_intensity" DECIMAL(18,6),
    "active" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "installation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "installation_code_key" ON "installation"("code");
CREATE INDEX "installation_organisation_id_idx" ON "installation"("organisation_id");
ALTER TABLE "installation" ADD CONSTRAINT "installation_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- An allocation run of one province, year and kind: prepared (PREVIEW), then confirmed by another regulator.
CREATE TABLE "allocation_run" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "province_code" TEXT NOT NULL,
    "kind" "AllocationRunKind" NOT NULL,
    "status" "AllocationRunStatus" NOT NULL DEFAULT 'PREVIEW',
    "issued" BIGINT NOT NULL,
    "taken_back" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL,
    "budget" BIGINT NOT NULL,
    "allocated_before" BIGINT NOT NULL,
    "prepared_by_id" INTEGER NOT NULL,
    "prepared_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    CONSTRAINT "allocation_run_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "allocation_run_four_eyes" CHECK ("status" <> 'CONFIRMED' OR ("decided_by_id" IS NOT NULL AND "decided_by_id" <> "prepared_by_id")),
    CONSTRAINT "allocation_run_within_budget" CHECK ("status" <> 'CONFIRMED' OR "allocated_before" + "issued" - "taken_back" + "paid" <= "budget")
);
CREATE UNIQUE INDEX "allocation_run_open_key" ON "allocation_run"("year", "province_code", "kind") WHERE "status" IN ('PREVIEW', 'CONFIRMED');
ALTER TABLE "allocation_run" ADD CONSTRAINT "allocation_run_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One entity's line of a run: the calculation (inputs, formula, result) and the signed quantity it moves.
CREATE TABLE "allocation_line" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "calculation" JSONB NOT NULL,
    "allocation" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL,
    "previously_issued" BIGINT NOT NULL,
    "deduction" BIGINT NOT NULL,
    "quantity" BIGINT NOT NULL,
    "moved" BIGINT,
    "problem" TEXT,
    "entry_id" BIGINT,
    CONSTRAINT "allocation_line_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "allocation_line_non_negative" CHECK ("allocation" >= 0 AND "paid" >= 0 AND "deduction" >= 0)
);
CREATE UNIQUE INDEX "allocation_line_run_id_organisation_id_key" ON "allocation_line"("run_id", "organisation_id");
CREATE INDEX "allocation_line_organisation_id_idx" ON "allocation_line"("organisation_id");
ALTER TABLE "allocation_line" ADD CONSTRAINT "allocation_line_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "allocation_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "allocation_line" ADD CONSTRAINT "allocation_line_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Deductions are applied in parts, as allocations allow.
ALTER TABLE "allocation_deduction" ADD COLUMN "applied" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "allocation_deduction" ADD CONSTRAINT "allocation_deduction_applied" CHECK ("applied" >= 0 AND "applied" <= "quantity");
