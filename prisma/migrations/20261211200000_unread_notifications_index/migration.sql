-- Settling notifications (a report verified, a request decided marks the unread ones about it as
-- read: kind = … AND read_at IS NULL AND params @> {…}) scanned every notification ever written, so
-- verifying a report grew slower with every year of history (60 s → 133 s for 4,000 reports in the
-- national-scale benchmark). The unread ones are found through their parameters instead.
CREATE INDEX "notification_unread_params_idx" ON "notification" USING gin ("params" jsonb_path_ops) WHERE "read_at" IS NULL;
