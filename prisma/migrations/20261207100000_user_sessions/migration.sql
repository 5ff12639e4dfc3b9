-- Server-side browser sessions (issue 13 §1): each browser sign-in creates a row whose id the
-- next-auth JWT carries (`sid`); a request whose session is ended or missing is signed out.
-- Sign-out and an operator's "end all sessions of a user" set ended_at. Times are wall-clock
-- (real time, for the security trail), not market time.
CREATE TABLE "user_session" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "ended_at" TIMESTAMPTZ(3),
    "ended_reason" TEXT,
    CONSTRAINT "user_session_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "user_session_ended" CHECK (("ended_at" IS NULL) = ("ended_reason" IS NULL))
);
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
