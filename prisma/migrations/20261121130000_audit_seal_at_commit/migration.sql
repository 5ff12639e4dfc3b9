-- The audit hash chain is sealed at COMMIT instead of at INSERT.
--
-- Before: a BEFORE INSERT trigger took the chain's advisory lock and assigned seq and hash, so the
-- lock was held from the audit insert until the transaction committed — across the client round
-- trips in between. Under load that serialised every write of the exchange for milliseconds each.
-- Now the insert only stamps the time; a deferred constraint trigger runs inside COMMIT, takes the
-- lock, assigns seq, prev_hash and hash, and the lock is released as the commit completes. The
-- chain (payload, hash, verification) is unchanged. A row is unsealed (seq NULL) only inside the
-- transaction that wrote it; sealed rows stay immutable.

ALTER TABLE "audit_log" ALTER COLUMN "seq" DROP NOT NULL;
ALTER TABLE "audit_log" ALTER COLUMN "seq" DROP DEFAULT;

DROP TRIGGER audit_log_chain ON "audit_log";
DROP FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.seq := NULL;
  NEW.prev_hash := '';
  NEW.hash := '';
  NEW.at := date_trunc('milliseconds', clock_timestamp());
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();

CREATE FUNCTION audit_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last RECORD;
  r "audit_log";
BEGIN
  PERFORM pg_advisory_xact_lock(7302611);
  SELECT * INTO r FROM audit_log WHERE id = NEW.id;
  SELECT seq, hash INTO last FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  IF FOUND THEN
    r.seq := last.seq + 1;
    r.prev_hash := last.hash;
  ELSE
    r.seq := 1;
    r.prev_hash := 'GENESIS';
  END IF;
  r.hash := encode(sha256(convert_to(audit_log_payload(r), 'UTF8')), 'hex');
  PERFORM set_config('audit.sealing', 'on', true);
  UPDATE audit_log SET seq = r.seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = NEW.id;
  PERFORM set_config('audit.sealing', 'off', true);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER audit_log_seal AFTER INSERT ON "audit_log"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_log_seal();

-- Append-only, except the one sealing update of a row's seq, prev_hash and hash.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND coalesce(current_setting('audit.sealing', true), '') = 'on'
     AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor_org_id, NEW.action, NEW.target_type, NEW.target_id, NEW.before::text, NEW.after::text)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor_org_id, OLD.action, OLD.target_type, OLD.target_id, OLD.before::text, OLD.after::text) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER audit_log_immutable ON "audit_log";
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
