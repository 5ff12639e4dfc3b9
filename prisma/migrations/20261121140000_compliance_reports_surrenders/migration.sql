-- Compliance (履约), first part: policy, cycles, emission reports with verification, surrenders.

CREATE TYPE "ReportStatus" AS ENUM ('SUBMITTED', 'VERIFIED');

CREATE TABLE "compliance_policy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "offset_share" DECIMAL(5,4) NOT NULL DEFAULT 0.05,
    "phase_starts" INTEGER[],
    "carry_over_between_phases" BOOLEAN NOT NULL DEFAULT false,
    "carry_over_discount" DECIMAL(5,4) NOT NULL DEFAULT 1,
    "penalty_rule" TEXT NOT NULL DEFAULT 'INTERIM_2024',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "compliance_policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "compliance_policy_single_row" CHECK ("id" = 1),
    CONSTRAINT "compliance_policy_ranges" CHECK ("offset_share" >= 0 AND "offset_share" <= 1 AND "carry_over_discount" > 0 AND "carry_over_discount" <= 1
        AND "penalty_rule" IN ('TRIAL_2021', 'INTERIM_2024'))
);
-- The national market's first phase started in 2021.
INSERT INTO "compliance_policy" ("id", "phase_starts") VALUES (1, ARRAY[2021]);

CREATE TABLE "compliance_cycle" (
    "year" INTEGER NOT NULL,
    "report_deadline" DATE NOT NULL,
    "surrender_deadline" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "compliance_cycle_pkey" PRIMARY KEY ("year")
);

CREATE TABLE "emission_report" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,
    "outputs" JSONB NOT NULL,
    "reported_co2e" BIGINT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'SUBMITTED',
    "submitted_by_id" INTEGER NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verified_emissions" BIGINT,
    "verified_by_id" INTEGER,
    "verified_at" TIMESTAMPTZ(3),
    "verification_note" TEXT,
    CONSTRAINT "emission_report_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "emission_report_amounts" CHECK ("reported_co2e" >= 0 AND coalesce("verified_emissions", 0) >= 0),
    CONSTRAINT "emission_report_verified_has_figure" CHECK (("status" = 'VERIFIED') = ("verified_emissions" IS NOT NULL))
);
CREATE UNIQUE INDEX "emission_report_organisation_id_year_key" ON "emission_report"("organisation_id", "year");
ALTER TABLE "emission_report" ADD CONSTRAINT "emission_report_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "surrender" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "items" JSONB NOT NULL,
    "credited_cea" BIGINT NOT NULL,
    "credited_offset" BIGINT NOT NULL,
    "excess" BIGINT NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "surrender_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "surrender_amounts" CHECK ("credited_cea" >= 0 AND "credited_offset" >= 0 AND "excess" >= 0)
);
CREATE INDEX "surrender_organisation_id_year_idx" ON "surrender"("organisation_id", "year");
ALTER TABLE "surrender" ADD CONSTRAINT "surrender_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- Surrenders are facts, like the journal.
CREATE TRIGGER "surrender_immutable" BEFORE UPDATE OR DELETE ON "surrender" FOR EACH ROW EXECUTE FUNCTION forbid_change();
