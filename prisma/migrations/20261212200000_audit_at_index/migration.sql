-- The audit trail is read and exported by period (GET /api/v1/audit?from=&to=): an index on the
-- time each record was written, so that a month of a log of millions is found without a scan.
CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at");
