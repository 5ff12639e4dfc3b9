-- Registry controls (issue 13 §3, §5, §6): graded account restrictions, the trusted account list,
-- delayed non-trade transfers, four-eyes approval requests and reversing entries.

-- §6 The registries' grades of restriction. RESTRICTED keeps its meaning: all transactions restricted.
ALTER TYPE "AccountStatus" ADD VALUE IF NOT EXISTS 'SOME_RESTRICTED' AFTER 'ACTIVE';
ALTER TYPE "AccountStatus" ADD VALUE IF NOT EXISTS 'SUSPENDED' AFTER 'RESTRICTED';
ALTER TYPE "AccountStatus" ADD VALUE IF NOT EXISTS 'CLOSURE_PENDING' AFTER 'SUSPENDED';

-- A correction of an erroneous movement is a new entry that reverses it.
ALTER TYPE "MovementType" ADD VALUE IF NOT EXISTS 'REVERSAL';

-- §3 A transfer approved to an account outside the trusted list waits its delay (DELAYED), during
-- which either side or the operator may cancel it (CANCELLED).
ALTER TYPE "RequestStatus" ADD VALUE IF NOT EXISTS 'DELAYED';
ALTER TYPE "RequestStatus" ADD VALUE IF NOT EXISTS 'CANCELLED';
ALTER TABLE "non_trade_transfer" ADD COLUMN "executes_at" TIMESTAMPTZ(3);
ALTER TABLE "non_trade_transfer" ADD COLUMN "cancelled_by_id" INTEGER;
ALTER TABLE "non_trade_transfer" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3);
CREATE INDEX "non_trade_transfer_executes_at_idx" ON "non_trade_transfer"("executes_at");

-- §3 The trusted account list. An addition is requested by one representative, approved by a
-- second (approval_request), and trusted from active_from (market time: the approval plus the
-- delay in business hours). Removal takes effect at once.
CREATE TABLE "trusted_account" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "trusted_account_id" INTEGER NOT NULL,
    "description" TEXT,
    -- PENDING_APPROVAL, APPROVED, REJECTED, REMOVED
    "status" TEXT NOT NULL DEFAULT 'PENDING_APPROVAL',
    "requested_by_id" INTEGER NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
    "approved_by_id" INTEGER,
    "approved_at" TIMESTAMPTZ(3),
    "active_from" TIMESTAMPTZ(3),
    "removed_by_id" INTEGER,
    "removed_at" TIMESTAMPTZ(3),
    CONSTRAINT "trusted_account_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "trusted_account_not_self" CHECK ("account_id" <> "trusted_account_id"),
    CONSTRAINT "trusted_account_status" CHECK ("status" IN ('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'REMOVED')),
    CONSTRAINT "trusted_account_active_from" CHECK (("status" = 'APPROVED') <= ("active_from" IS NOT NULL))
);
CREATE INDEX "trusted_account_account_id_idx" ON "trusted_account"("account_id");
-- One live entry (pending or approved) per pair.
CREATE UNIQUE INDEX "trusted_account_live_pair" ON "trusted_account"("account_id", "trusted_account_id") WHERE "status" IN ('PENDING_APPROVAL', 'APPROVED');
ALTER TABLE "trusted_account" ADD CONSTRAINT "trusted_account_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "trusted_account" ADD CONSTRAINT "trusted_account_trusted_account_id_fkey" FOREIGN KEY ("trusted_account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- §5 Four eyes: a request for an action that needs a second person. The rule set (who may approve)
-- is data in src/domain/registry/fourEyes.ts; the payload is the validated command.
CREATE TABLE "approval_request" (
    "id" SERIAL NOT NULL,
    "action" TEXT NOT NULL,
    -- PENDING, APPROVED, REJECTED, EXPIRED
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "payload" JSONB NOT NULL,
    "requested_by_id" INTEGER NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "affected_organisation_id" INTEGER,
    "province_code" TEXT,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "result" JSONB,
    CONSTRAINT "approval_request_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "approval_request_status" CHECK ("status" IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
    CONSTRAINT "approval_request_not_own" CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id")
);
CREATE INDEX "approval_request_status_idx" ON "approval_request"("status", "action");
CREATE INDEX "approval_request_requested_by_id_idx" ON "approval_request"("requested_by_id");
ALTER TABLE "approval_request" ADD CONSTRAINT "approval_request_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- §6 A reversal links the original entry and the entry that reverses it (each at most once).
CREATE TABLE "entry_reversal" (
    "original_entry_id" BIGINT NOT NULL,
    "reversal_entry_id" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "approval_id" INTEGER,
    CONSTRAINT "entry_reversal_pkey" PRIMARY KEY ("original_entry_id")
);
CREATE UNIQUE INDEX "entry_reversal_reversal_entry_id_key" ON "entry_reversal"("reversal_entry_id");
ALTER TABLE "entry_reversal" ADD CONSTRAINT "entry_reversal_original_entry_id_fkey" FOREIGN KEY ("original_entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "entry_reversal" ADD CONSTRAINT "entry_reversal_reversal_entry_id_fkey" FOREIGN KEY ("reversal_entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TRIGGER entry_reversal_immutable BEFORE UPDATE OR DELETE ON "entry_reversal" FOR EACH ROW EXECUTE FUNCTION forbid_change();
