-- Notifications (issue 13 §7): what a user must act on or know — a transfer or trusted-account
-- change awaiting approval, a delayed transfer, a surrender deadline approaching, a report to
-- verify, a penalty, an auction opening. A notification is written inside the transaction of the
-- change it tells about, so it exists if and only if that change committed. Its texts are not
-- stored: `kind` and `params` are rendered in the reader's language (the API's Accept-Language,
-- the page's language, the email's recipient's app_user.locale).

-- Whether an email of a notification is still to go out (the outbox), went out, was not to be sent
-- (the user's email preference is off, or no SMTP server is configured) or failed after retries.
CREATE TYPE "EmailStatus" AS ENUM ('PENDING', 'SENT', 'SKIPPED', 'FAILED');

-- One row per recipient. created_at is market time (the business time users see); the email
-- columns are wall-clock time (email_next_at: when the outbox may try again; a claimed row's lease).
-- in_app false: the user turned this kind off in the app but wants its email; such a row is only mailed.
-- dedupe_key: a notification that must be sent once (e.g. `deadline:2025:12:30`), per recipient.
CREATE TABLE "notification" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "link" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT market_now(),
    "read_at" TIMESTAMPTZ(3),
    "dedupe_key" TEXT,
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT false,
    "email_status" "EmailStatus" NOT NULL DEFAULT 'SKIPPED',
    "email_attempts" INTEGER NOT NULL DEFAULT 0,
    "email_next_at" TIMESTAMPTZ(3),
    "email_sent_at" TIMESTAMPTZ(3),
    "email_error" TEXT,
    CONSTRAINT "notification_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notification_kind" CHECK ("kind" ~ '^[A-Z][A-Z_]{1,63}$'),
    CONSTRAINT "notification_params" CHECK (jsonb_typeof("params") = 'object'),
    CONSTRAINT "notification_link" CHECK ("link" IS NULL OR "link" ~ '^/[^/\\]'),
    CONSTRAINT "notification_delivered" CHECK ("in_app" OR "email"),
    CONSTRAINT "notification_email" CHECK ("email" OR "email_status" = 'SKIPPED'),
    CONSTRAINT "notification_email_sent" CHECK (("email_status" = 'SENT') = ("email_sent_at" IS NOT NULL)),
    CONSTRAINT "notification_email_attempts" CHECK ("email_attempts" >= 0)
);
-- A user's list, newest first, and the unread count of the bell.
CREATE INDEX "notification_user_id_id_idx" ON "notification"("user_id", "id");
CREATE INDEX "notification_unread_idx" ON "notification"("user_id") WHERE "read_at" IS NULL AND "in_app";
-- The outbox: what is still to be mailed.
CREATE INDEX "notification_email_pending_idx" ON "notification"("id") WHERE "email_status" = 'PENDING';
CREATE UNIQUE INDEX "notification_user_id_dedupe_key_key" ON "notification"("user_id", "dedupe_key");
-- Whether anybody got a reminder yet (the deadline step asks per entity).
CREATE INDEX "notification_dedupe_key_idx" ON "notification"("dedupe_key");
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What a user chose per kind; a kind without a row uses the kind's default (src/domain/notifications/kinds.ts).
CREATE TABLE "notification_preference" (
    "user_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "in_app" BOOLEAN NOT NULL,
    "email" BOOLEAN NOT NULL,
    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id", "kind"),
    CONSTRAINT "notification_preference_kind" CHECK ("kind" ~ '^[A-Z][A-Z_]{1,63}$')
);
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
