-- One-time codes are single use: remember the time step of the last accepted code, and accept
-- only later steps (RFC 6238 §5.2).
ALTER TABLE "app_user" ADD COLUMN "totp_last_step" INTEGER;
