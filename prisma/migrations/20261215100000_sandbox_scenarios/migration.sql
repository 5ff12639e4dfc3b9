-- The policy sandbox (issue 15): a regulator's scenario — a recorded compliance year (every
-- province, or one) and the policy changes to try on it — with the result of its latest run. A
-- scenario touches nothing else: not the ledger, the holdings, the policy in force or the audit
-- chain of real movements (its creation and deletion are audited).
CREATE TABLE "sandbox_scenario" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "province_code" TEXT,
    "changes" JSONB NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
    "result" JSONB,
    "ran_at" TIMESTAMPTZ(3),
    CONSTRAINT "sandbox_scenario_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sandbox_scenario_province_code_idx" ON "sandbox_scenario"("province_code");
ALTER TABLE "sandbox_scenario" ADD CONSTRAINT "sandbox_scenario_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sandbox_scenario" ADD CONSTRAINT "sandbox_scenario_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
