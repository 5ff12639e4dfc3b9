-- The audit hash chain is sealed after commit, in batches, instead of inside every commit.
--
-- Before: a deferred trigger sealed each transaction's records inside its COMMIT under the chain's
-- advisory lock, so the lock was held through the commit's WAL flush and every writing transaction
-- of the platform flushed one after another (measured under the trading benchmark: 3 ms waited
-- per write, 38 % of the database's time). Now a record is written unsealed (seq, prev_hash and
-- hash empty; the append-only guard forbids any other change) and audit_log_seal_pending chains the
-- committed unsealed records in id order: the scheduler of every app process calls it every few
-- seconds, one process at a time (try-lock). The chain, its payload and its verification are
-- unchanged; verification covers the sealed records and reports how many wait for their seal.

DROP TRIGGER audit_log_seal ON "audit_log";
DROP FUNCTION audit_log_seal();

CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" ("id") WHERE "seq" IS NULL;

CREATE FUNCTION audit_log_seal_pending(max_rows int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  last RECORD;
  r "audit_log";
  next_seq bigint;
  prev text;
  sealed int := 0;
BEGIN
  -- One sealer at a time; another process's sealer finds the lock taken and leaves the work to it.
  IF NOT pg_try_advisory_xact_lock(7302611) THEN
    RETURN 0;
  END IF;
  SELECT seq, hash INTO last FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  IF FOUND THEN
    next_seq := last.seq + 1;
    prev := last.hash;
  ELSE
    next_seq := 1;
    prev := 'GENESIS';
  END IF;
  PERFORM set_config('audit.sealing', 'on', true);
  FOR r IN SELECT * FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT max_rows LOOP
    r.seq := next_seq;
    r.prev_hash := prev;
    r.hash := encode(sha256(convert_to(audit_log_payload(r), 'UTF8')), 'hex');
    UPDATE audit_log SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    next_seq := next_seq + 1;
    prev := r.hash;
    sealed := sealed + 1;
  END LOOP;
  PERFORM set_config('audit.sealing', 'off', true);
  RETURN sealed;
END $$;
