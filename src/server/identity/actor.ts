import type { OrganisationKind, Role } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { fail } from '../errors';

/** Who is acting: a user, for the one organisation they belong to, with that user's roles. */
export interface Actor {
  userId: number;
  email: string;
  name: string;
  organisationId: number;
  organisationKind: OrganisationKind;
  /** The organisation's province; for a provincial regulator, the province it may act in. */
  provinceCode: string | null;
  roles: Role[];
  /** The user signs in with two-factor (TOTP) and signs transactions with a fresh code. */
  twoFactorEnabled: boolean;
}

interface ActorRow {
  id: number;
  email: string;
  name: string;
  disabled: boolean;
  organisation_id: number;
  kind: OrganisationKind;
  province_code: string | null;
  roles: Role[];
  totp_enabled: boolean;
}

const toActor = (u: ActorRow): Actor => ({
  userId: u.id,
  email: u.email,
  name: u.name,
  organisationId: u.organisation_id,
  organisationKind: u.kind,
  provinceCode: u.province_code,
  roles: u.roles,
  twoFactorEnabled: u.totp_enabled,
});

/** The acting user, read with one query (every request does it). */
export async function loadActor(userId: number, client: Pick<ReturnType<typeof db>, '$queryRaw'> = db()): Promise<Actor> {
  const rows = await client.$queryRaw<ActorRow[]>`
    SELECT u.id, u.email, u.name, u.disabled, u.organisation_id, o.kind, o.province_code, u.roles::text[] AS roles, u.totp_enabled
      FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ${userId}`;
  const user = rows[0];
  if (!user || user.disabled) throw fail('UNAUTHENTICATED', { reason: 'SESSION_EXPIRED' });
  return toActor(user);
}

/** The user of a live (unrevoked, unexpired) API token and the token's expiry, by the token's hash, with one query; else null. */
export async function loadActorByTokenHash(hash: string): Promise<{ actor: Actor; expiresAt: Date } | null> {
  const rows = await db().$queryRaw<(ActorRow & { expires_at: Date })[]>`
    SELECT u.id, u.email, u.name, u.disabled, u.organisation_id, o.kind, o.province_code, u.roles::text[] AS roles, u.totp_enabled, t.expires_at
      FROM api_token t JOIN app_user u ON u.id = t.user_id JOIN organisation o ON o.id = u.organisation_id
     WHERE t.token_hash = ${hash} AND t.revoked_at IS NULL AND t.expires_at > now()`;
  const user = rows[0];
  return user && !user.disabled ? { actor: toActor(user), expiresAt: user.expires_at } : null;
}

/**
 * The user of a live browser session (a JWT's `sid` and `uid`) and when the session was last seen
 * (wall clock), with one query by the session's primary key; else null (session unknown, ended,
 * of another user, or the user disabled).
 */
export async function loadActorBySession(sessionId: string, userId: number): Promise<{ actor: Actor; lastSeenAt: Date; now: Date } | null> {
  const rows = await db().$queryRaw<(ActorRow & { last_seen_at: Date; now: Date })[]>`
    SELECT u.id, u.email, u.name, u.disabled, u.organisation_id, o.kind, o.province_code, u.roles::text[] AS roles, u.totp_enabled,
           s.last_seen_at, now() AS now
      FROM user_session s JOIN app_user u ON u.id = s.user_id JOIN organisation o ON o.id = u.organisation_id
     WHERE s.id = ${sessionId} AND s.user_id = ${userId} AND s.ended_at IS NULL`;
  const user = rows[0];
  return user && !user.disabled ? { actor: toActor(user), lastSeenAt: user.last_seen_at, now: user.now } : null;
}
