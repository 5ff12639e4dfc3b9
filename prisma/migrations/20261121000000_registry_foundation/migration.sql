-- Registry foundation: identity, organisations, accounts, holdings, the double-entry journal,
-- encumbrances, non-trade transfers, idempotency and the hash-chained audit trail.

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ENTITY_TRADER', 'COMPLIANCE_OFFICER', 'INVESTOR', 'PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR', 'ADMIN');
CREATE TYPE "OrganisationKind" AS ENUM ('COMPLIANCE_ENTITY', 'INVESTOR', 'REGULATOR', 'REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR');
CREATE TYPE "AccountType" AS ENUM ('PARTICIPANT', 'ISSUANCE', 'NATIONAL_RESERVE', 'PROVINCE_ALLOCATION', 'AUCTION', 'CANCELLATION', 'CCER_REGISTRY');
CREATE TYPE "AccountStatus" AS ENUM ('PENDING', 'ACTIVE', 'RESTRICTED', 'CLOSED');
CREATE TYPE "Instrument" AS ENUM ('CEA', 'CCER');
CREATE TYPE "Bucket" AS ENUM ('AVAILABLE', 'LOCKED', 'PLEDGED', 'FROZEN');
CREATE TYPE "CashBucket" AS ENUM ('AVAILABLE', 'LOCKED');
CREATE TYPE "CashAccountType" AS ENUM ('PARTICIPANT', 'EXTERNAL_BANK', 'EXCHANGE_FEES', 'RISK_RESERVE', 'AUCTION_PROCEEDS');
CREATE TYPE "MovementType" AS ENUM ('ISSUANCE', 'DISTRIBUTION', 'ALLOCATION', 'TRADE_SETTLEMENT', 'NON_TRADE_TRANSFER', 'FREEZE', 'UNFREEZE', 'PLEDGE', 'PLEDGE_RELEASE', 'LOCK', 'UNLOCK', 'SURRENDER', 'VOLUNTARY_CANCELLATION', 'DEDUCTION', 'CASH_DEPOSIT', 'CASH_WITHDRAWAL');
CREATE TYPE "NonTradeTransferKind" AS ENUM ('INHERITANCE', 'MERGER', 'SPLIT', 'COURT_ORDER', 'DONATION');
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');
CREATE TYPE "EncumbranceStatus" AS ENUM ('ACTIVE', 'RELEASED');

-- CreateTable
CREATE TABLE "province" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    CONSTRAINT "province_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "organisation" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "name_zh" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "province_code" TEXT,
    "industry" TEXT,
    "group_name" TEXT,
    "address" TEXT,
    "legal_rep" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organisation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "organisation_change" (
    "id" SERIAL NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_user_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organisation_change_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "organisation_id" INTEGER NOT NULL,
    "roles" "Role"[],
    "totp_secret" TEXT,
    "totp_enabled" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "registry_account" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "type" "AccountType" NOT NULL,
    "status" "AccountStatus" NOT NULL,
    "name" TEXT NOT NULL,
    "organisation_id" INTEGER,
    "province_code" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    CONSTRAINT "registry_account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "account_status_change" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "from_status" "AccountStatus" NOT NULL,
    "to_status" "AccountStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "actor_user_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "account_status_change_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "trading_account" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "registry_account_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "trading_account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "cash_account" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "type" "CashAccountType" NOT NULL,
    "name" TEXT NOT NULL,
    "trading_account_id" INTEGER,
    "available" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "locked" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "is_source" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "cash_account_pkey" PRIMARY KEY ("id"),
    -- Balances never go negative, except the external bank (the source of deposited cash).
    CONSTRAINT "cash_account_available_non_negative" CHECK ("is_source" OR "available" >= 0),
    CONSTRAINT "cash_account_locked_non_negative" CHECK ("locked" >= 0)
);

CREATE TABLE "holding" (
    "account_id" INTEGER NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "available" BIGINT NOT NULL DEFAULT 0,
    "locked" BIGINT NOT NULL DEFAULT 0,
    "pledged" BIGINT NOT NULL DEFAULT 0,
    "frozen" BIGINT NOT NULL DEFAULT 0,
    "is_source" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "holding_pkey" PRIMARY KEY ("account_id","instrument","vintage"),
    -- No balance may ever go negative; only the issuance source account runs below zero
    -- (its balance is minus the total ever issued, so every vintage sums to zero).
    CONSTRAINT "holding_available_non_negative" CHECK ("is_source" OR "available" >= 0),
    CONSTRAINT "holding_locked_non_negative" CHECK ("locked" >= 0),
    CONSTRAINT "holding_pledged_non_negative" CHECK ("pledged" >= 0),
    CONSTRAINT "holding_frozen_non_negative" CHECK ("frozen" >= 0),
    CONSTRAINT "holding_vintage_range" CHECK ("vintage" BETWEEN 2000 AND 2100)
);

CREATE TABLE "journal_entry" (
    "id" BIGSERIAL NOT NULL,
    "type" "MovementType" NOT NULL,
    "memo" TEXT,
    "legal_basis" TEXT,
    "reference" TEXT,
    "actor_user_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "journal_entry_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "unit_posting" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "bucket" "Bucket" NOT NULL,
    "quantity" BIGINT NOT NULL,
    CONSTRAINT "unit_posting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "unit_posting_quantity_non_zero" CHECK ("quantity" <> 0)
);

CREATE TABLE "cash_posting" (
    "id" BIGSERIAL NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "cash_account_id" INTEGER NOT NULL,
    "bucket" "CashBucket" NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    CONSTRAINT "cash_posting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "cash_posting_amount_non_zero" CHECK ("amount" <> 0)
);

CREATE TABLE "freeze" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    "authority" TEXT NOT NULL,
    "order_reference" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "EncumbranceStatus" NOT NULL DEFAULT 'ACTIVE',
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_by_id" INTEGER,
    "released_at" TIMESTAMPTZ(3),
    CONSTRAINT "freeze_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "freeze_quantity_positive" CHECK ("quantity" > 0)
);

CREATE TABLE "pledge" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    "pledgee" TEXT NOT NULL,
    "secured_amount" DECIMAL(18,2) NOT NULL,
    "contract_reference" TEXT NOT NULL,
    "status" "EncumbranceStatus" NOT NULL DEFAULT 'ACTIVE',
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_by_id" INTEGER,
    "released_at" TIMESTAMPTZ(3),
    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pledge_quantity_positive" CHECK ("quantity" > 0)
);

CREATE TABLE "non_trade_transfer" (
    "id" SERIAL NOT NULL,
    "from_account_id" INTEGER NOT NULL,
    "to_account_id" INTEGER NOT NULL,
    "instrument" "Instrument" NOT NULL,
    "vintage" INTEGER NOT NULL,
    "quantity" BIGINT NOT NULL,
    "kind" "NonTradeTransferKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "documents_ref" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "requested_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "entry_id" BIGINT,
    CONSTRAINT "non_trade_transfer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "non_trade_transfer_quantity_positive" CHECK ("quantity" > 0),
    CONSTRAINT "non_trade_transfer_distinct_accounts" CHECK ("from_account_id" <> "to_account_id")
);

CREATE TABLE "idempotency_record" (
    "id" SERIAL NOT NULL,
    "actor_user_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "seq" BIGINT NOT NULL DEFAULT 0,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" INTEGER,
    "actor_org_id" INTEGER,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "prev_hash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_credit_code_key" ON "organisation"("credit_code");
CREATE INDEX "organisation_province_code_idx" ON "organisation"("province_code");
CREATE INDEX "organisation_change_organisation_id_idx" ON "organisation_change"("organisation_id");
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");
CREATE INDEX "app_user_organisation_id_idx" ON "app_user"("organisation_id");
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");
CREATE INDEX "api_token_user_id_idx" ON "api_token"("user_id");
CREATE UNIQUE INDEX "registry_account_number_key" ON "registry_account"("number");
CREATE UNIQUE INDEX "registry_account_organisation_id_key" ON "registry_account"("organisation_id");
CREATE INDEX "registry_account_type_idx" ON "registry_account"("type");
CREATE INDEX "registry_account_province_code_idx" ON "registry_account"("province_code");
CREATE INDEX "account_status_change_account_id_idx" ON "account_status_change"("account_id");
CREATE UNIQUE INDEX "trading_account_number_key" ON "trading_account"("number");
CREATE UNIQUE INDEX "trading_account_registry_account_id_key" ON "trading_account"("registry_account_id");
CREATE UNIQUE INDEX "cash_account_number_key" ON "cash_account"("number");
CREATE UNIQUE INDEX "cash_account_trading_account_id_key" ON "cash_account"("trading_account_id");
CREATE INDEX "journal_entry_type_idx" ON "journal_entry"("type");
CREATE INDEX "unit_posting_account_id_entry_id_idx" ON "unit_posting"("account_id", "entry_id");
CREATE INDEX "unit_posting_entry_id_idx" ON "unit_posting"("entry_id");
CREATE INDEX "cash_posting_cash_account_id_entry_id_idx" ON "cash_posting"("cash_account_id", "entry_id");
CREATE INDEX "cash_posting_entry_id_idx" ON "cash_posting"("entry_id");
CREATE INDEX "freeze_account_id_idx" ON "freeze"("account_id");
CREATE INDEX "pledge_account_id_idx" ON "pledge"("account_id");
CREATE INDEX "non_trade_transfer_status_idx" ON "non_trade_transfer"("status");
CREATE INDEX "non_trade_transfer_from_account_id_idx" ON "non_trade_transfer"("from_account_id");
CREATE INDEX "non_trade_transfer_to_account_id_idx" ON "non_trade_transfer"("to_account_id");
CREATE UNIQUE INDEX "idempotency_record_actor_user_id_key_key" ON "idempotency_record"("actor_user_id", "key");
CREATE UNIQUE INDEX "audit_log_seq_key" ON "audit_log"("seq");
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");
CREATE INDEX "audit_log_actor_user_id_idx" ON "audit_log"("actor_user_id");

-- AddForeignKey
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "organisation_change" ADD CONSTRAINT "organisation_change_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "registry_account" ADD CONSTRAINT "registry_account_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "registry_account" ADD CONSTRAINT "registry_account_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "account_status_change" ADD CONSTRAINT "account_status_change_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "trading_account" ADD CONSTRAINT "trading_account_registry_account_id_fkey" FOREIGN KEY ("registry_account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "cash_account" ADD CONSTRAINT "cash_account_trading_account_id_fkey" FOREIGN KEY ("trading_account_id") REFERENCES "trading_account"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "holding" ADD CONSTRAINT "holding_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "unit_posting" ADD CONSTRAINT "unit_posting_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "unit_posting" ADD CONSTRAINT "unit_posting_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "registry_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "cash_posting" ADD CONSTRAINT "cash_posting_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "journal_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "cash_posting" ADD CONSTRAINT "cash_posting_cash_account_id_fkey" FOREIGN KEY ("cash_account_id") REFERENCES "cash_account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Ledger guarantees enforced by the database itself (not expressible in schema.prisma).
-- ---------------------------------------------------------------------------------------------

-- The journal is immutable: entries and postings are corrected only by new entries.
CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER journal_entry_immutable BEFORE UPDATE OR DELETE ON "journal_entry" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER unit_posting_immutable BEFORE UPDATE OR DELETE ON "unit_posting" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER cash_posting_immutable BEFORE UPDATE OR DELETE ON "cash_posting" FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Every journal entry is balanced: for each instrument and vintage the unit postings sum to zero,
-- and the cash postings sum to zero. Checked at commit (deferred), once per entry touched.
CREATE FUNCTION assert_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad RECORD;
BEGIN
  IF TG_TABLE_NAME = 'unit_posting' THEN
    SELECT instrument, vintage, SUM(quantity) AS total INTO bad
      FROM unit_posting WHERE entry_id = NEW.entry_id
      GROUP BY instrument, vintage HAVING SUM(quantity) <> 0 LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'journal entry % unbalanced for %-%: %', NEW.entry_id, bad.instrument, bad.vintage, bad.total
        USING ERRCODE = 'check_violation';
    END IF;
  ELSE
    SELECT SUM(amount) AS total INTO bad FROM cash_posting WHERE entry_id = NEW.entry_id HAVING SUM(amount) <> 0;
    IF FOUND THEN
      RAISE EXCEPTION 'journal entry % unbalanced in cash: %', NEW.entry_id, bad.total USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER unit_posting_balanced AFTER INSERT ON "unit_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_entry_balanced();
CREATE CONSTRAINT TRIGGER cash_posting_balanced AFTER INSERT ON "cash_posting"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_entry_balanced();

-- The audit trail is a hash chain: each row's hash covers its content and the previous hash.
-- The trigger serialises writers with a transaction-scoped advisory lock, so `seq` has no gaps
-- in commit order and nobody can insert a row without extending the chain.
CREATE FUNCTION audit_log_payload(r "audit_log") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', r.seq::text, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    coalesce(r.actor_user_id::text, ''), coalesce(r.actor_org_id::text, ''), r.action, r.target_type, r.target_id,
    coalesce(r.before::text, ''), coalesce(r.after::text, ''), r.prev_hash)
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last RECORD;
BEGIN
  PERFORM pg_advisory_xact_lock(7302611);
  SELECT seq, hash INTO last FROM audit_log ORDER BY seq DESC LIMIT 1;
  IF FOUND THEN
    NEW.seq := last.seq + 1;
    NEW.prev_hash := last.hash;
  ELSE
    NEW.seq := 1;
    NEW.prev_hash := 'GENESIS';
  END IF;
  NEW.at := date_trunc('milliseconds', clock_timestamp());
  NEW.hash := encode(sha256(convert_to(audit_log_payload(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
