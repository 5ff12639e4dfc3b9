-- Rate limits of sign-in and token issuance (issue 13 §8), shared by every app process: one row
-- per key (e.g. "sign-in:<email>", "sign-in-ip:<address>") holding the start of its current fixed
-- window and the attempts counted in it. src/server/identity/rateLimit.ts counts an attempt with
-- one INSERT ... ON CONFLICT DO UPDATE ... RETURNING count (the window restarts inside the
-- statement) and now and then deletes windows long expired. Times are wall-clock (real time),
-- not market time.
CREATE TABLE "rate_limit_window" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "rate_limit_window_pkey" PRIMARY KEY ("key"),
    CONSTRAINT "rate_limit_window_count" CHECK ("count" >= 1)
);
CREATE INDEX "rate_limit_window_window_start_idx" ON "rate_limit_window"("window_start");
