-- Transaction signing, mandatory two-factor and idle sessions (issue 13 §4).
--
-- audit_log.signed: the change was confirmed with a fresh one-time code (X-Signature-Code, or the
-- code field of the form). The hash chain covers the flag only when it is true: the payload of an
-- unsigned row is exactly the payload it had before this migration, so every existing row still
-- verifies, and turning a signed row into an unsigned one (or back) breaks its hash.
ALTER TABLE "audit_log" ADD COLUMN "signed" BOOLEAN NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION audit_log_payload(r "audit_log") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', r.seq::text, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    coalesce(r.actor_user_id::text, ''), coalesce(r.actor_org_id::text, ''), r.action, r.target_type, r.target_id,
    coalesce(r.before::text, ''), coalesce(r.after::text, ''), r.prev_hash,
    CASE WHEN r.signed THEN 'signed' END)
$$;

-- Append-only, except the one sealing update of a row's seq, prev_hash and hash (now also keeping `signed`).
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND coalesce(current_setting('audit.sealing', true), '') = 'on'
     AND (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor_org_id, NEW.action, NEW.target_type, NEW.target_id, NEW.before::text, NEW.after::text, NEW.signed)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor_org_id, OLD.action, OLD.target_type, OLD.target_id, OLD.before::text, OLD.after::text, OLD.signed) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- user_session.last_seen_at: when the session last made a request (wall clock, touched at most
-- every 30 s). A privileged user's session idle longer than IDLE_TIMEOUT_MINUTES is ended (IDLE).
ALTER TABLE "user_session" ADD COLUMN "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now();
