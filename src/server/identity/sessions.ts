import { randomUUID } from 'node:crypto';
import { db } from '@/db/client';
import { fail } from '../errors';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';
import { loadActorBySession, type Actor } from './actor';
import { authorize } from './authorize';

/**
 * Server-side browser sessions and the caller's API tokens (issue 13 §1). A browser sign-in
 * creates a `user_session` row whose id the next-auth JWT carries as `sid`; every request that
 * authenticates by cookie goes through `actorFromSessionToken`, which refuses a JWT whose session
 * is ended or missing. Sign-out and an operator's "end all sessions" end them server-side.
 */

/** Starts a browser session for a user who just signed in; returns its id (the JWT's `sid`). */
export async function startSession(userId: number): Promise<string> {
  const id = randomUUID();
  await db().userSession.create({ data: { id, userId } });
  return id;
}

/** Ends a browser session (sign-out). Idempotent; an unknown id changes nothing. */
export async function endSession(sessionId: string): Promise<void> {
  await db().userSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endedReason: 'SIGNED_OUT' } });
}

/**
 * The one place that turns a decoded next-auth JWT (its `uid` and `sid`) into an actor: null
 * without a JWT; UNAUTHENTICATED (SESSION_EXPIRED) when the JWT names no live session of its user
 * (signed out, ended by an operator, a JWT from before server-side sessions) or the user is disabled.
 */
export async function actorFromSessionToken(token: Record<string, unknown> | null | undefined): Promise<Actor | null> {
  if (!token) return null;
  const { uid, sid } = token as { uid?: unknown; sid?: unknown };
  if (typeof uid !== 'number' || typeof sid !== 'string' || sid.length === 0 || sid.length > 100) {
    throw fail('UNAUTHENTICATED', { reason: 'SESSION_EXPIRED' });
  }
  const actor = await loadActorBySession(sid, uid);
  if (!actor) throw fail('UNAUTHENTICATED', { reason: 'SESSION_EXPIRED' });
  return actor;
}

export interface ApiTokenView {
  id: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The caller's own API tokens, newest first (never the secret: only its hash is stored anyway). */
export async function listMyTokens(actor: Actor): Promise<{ tokens: ApiTokenView[] }> {
  const tokens = await db().apiToken.findMany({
    where: { userId: actor.userId },
    select: { id: true, createdAt: true, expiresAt: true, revokedAt: true },
    orderBy: { id: 'desc' },
  });
  return { tokens };
}

/** Revokes one of the caller's own API tokens at once; another user's or an unknown id is 404. Idempotent. */
export async function revokeMyToken(actor: Actor, tokenId: number): Promise<ApiTokenView> {
  return inTransaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, userId: actor.userId }, select: { id: true, createdAt: true, expiresAt: true, revokedAt: true } });
    if (!row) throw fail('NOT_FOUND', { what: 'token', id: tokenId });
    if (row.revokedAt) return row;
    const revoked = await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() }, select: { id: true, createdAt: true, expiresAt: true, revokedAt: true } });
    await recordAudit(tx, actor, { action: 'auth.token_revoked', targetType: 'api_token', targetId: row.id, after: { revokedAt: revoked.revokedAt } });
    return revoked;
  });
}

/**
 * An operator ends every browser session and revokes every API token of a user (permission
 * `users.endSessions`), audited. An unknown user is 404.
 */
export async function endUserSessions(actor: Actor, userId: number): Promise<{ userId: number; sessionsEnded: number; tokensRevoked: number }> {
  authorize(actor, 'users.endSessions');
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw fail('NOT_FOUND', { what: 'user', id: userId });
    const now = new Date();
    const sessions = await tx.userSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now, endedReason: 'ENDED_BY_OPERATOR' } });
    const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    const result = { userId, sessionsEnded: sessions.count, tokensRevoked: tokens.count };
    await recordAudit(tx, actor, { action: 'auth.sessions_ended', targetType: 'user', targetId: userId, after: result });
    return result;
  });
}
