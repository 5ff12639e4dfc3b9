-- Each app process keeps the actor of a bearer token in memory for a few seconds, so that a
-- request does not read it again (issue 14 §1: src/server/identity/actorCache.ts). Whatever could
-- change who a token stands for — a token revoked, expiring earlier or deleted; a user's roles,
-- organisation, name, email, two-factor or disabled flag; an organisation's kind or province —
-- tells every process to forget what it keeps, when the change commits (LISTEN actor_changed).
-- Statement-level: one notification per statement, and PostgreSQL folds equal notifications of a
-- transaction into one. Columns that change often and say nothing about the actor (a user's
-- last one-time code step, a session's last activity) do not fire.
CREATE OR REPLACE FUNCTION notify_actor_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('actor_changed', '');
  RETURN NULL;
END $$;

CREATE TRIGGER api_token_actor_changed AFTER UPDATE OF revoked_at, expires_at, user_id OR DELETE ON "api_token"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed();
CREATE TRIGGER app_user_actor_changed AFTER UPDATE OF roles, disabled, organisation_id, totp_enabled, name, email OR DELETE ON "app_user"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed();
CREATE TRIGGER organisation_actor_changed AFTER UPDATE OF kind, province_code OR DELETE ON "organisation"
  FOR EACH STATEMENT EXECUTE FUNCTION notify_actor_changed();
