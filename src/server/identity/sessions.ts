import { randomUUID } from 'node:crypto';
import { idleTimeoutMinutes } from '@/config/env';
import { isIdle, isPrivileged, needsTouch } from '@/domain/identity/signing';
import { db } from '@/db/client';
import { fail } from '../errors';
import { recordAudit } from '../audit/audit';
import { forgetActors } from './actorCache';
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
 *
 * Idle sessions (issue 13 §4): a privileged user's (regulator's, operator's) session that made no
 * request for IDLE_TIMEOUT_MINUTES (default 10) is ended with reason IDLE and refused as
 * UNAUTHENTICATED (SESSION_IDLE). A live session's last_seen_at (wall clock) is touched at most
 * every 30 s: session bookkeeping, not business state.
 */
export async function actorFromSessionToken(token: Record<string, unknown> | null | undefined): Promise<Actor | null> {
  if (!token) return null;
  const { uid, sid } = token as { uid?: unknown; sid?: unknown };
  if (typeof uid !== 'number' || typeof sid !== 'string' || sid.length === 0 || sid.length > 100) {
    throw fail('UNAUTHENTICATED', { reason: 'SESSION_EXPIRED' });
  }
  const found = await loadActorBySession(sid, uid);
  if (!found) throw fail('UNAUTHENTICATED', { reason: 'SESSION_EXPIRED' });
  const { actor, lastSeenAt, now } = found;
  if (isPrivileged(actor.roles) && isIdle(lastSeenAt, now, idleTimeoutMinutes())) {
    await db().userSession.updateMany({ where: { id: sid, endedAt: null }, data: { endedAt: now, endedReason: 'IDLE' } });
    throw fail('UNAUTHENTICATED', { reason: 'SESSION_IDLE' });
  }
  if (needsTouch(lastSeenAt, now)) {
    await db().userSession.updateMany({ where: { id: sid, endedAt: null }, data: { lastSeenAt: now } });
  }
  return actor;
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  endedReason: string | null;
  /** The session of this very request (browser sign-in). */
  current: boolean;
}

const SESSION_FIELDS = { id: true, createdAt: true, lastSeenAt: true, endedAt: true, endedReason: true } as const;

/**
 * The caller's own browser sessions, live ones first then the 20 most recently ended, newest first
 * in each; `currentSessionId` marks the session of the request (none for a bearer token).
 */
export async function listMySessions(actor: Actor, currentSessionId?: string): Promise<{ sessions: SessionView[] }> {
  const [live, ended] = await Promise.all([
    db().userSession.findMany({ where: { userId: actor.userId, endedAt: null }, select: SESSION_FIELDS, orderBy: { createdAt: 'desc' } }),
    db().userSession.findMany({ where: { userId: actor.userId, endedAt: { not: null } }, select: SESSION_FIELDS, orderBy: { endedAt: 'desc' }, take: 20 }),
  ]);
  return { sessions: [...live, ...ended].map((s) => ({ ...s, current: s.id === currentSessionId })) };
}

/** Ends one of the caller's own browser sessions (reason ENDED_BY_USER), audited; another user's or an unknown id is 404. Idempotent. */
export async function endMySession(actor: Actor, sessionId: string, currentSessionId?: string): Promise<SessionView> {
  return inTransaction(async (tx) => {
    const row = await tx.userSession.findFirst({ where: { id: sessionId, userId: actor.userId }, select: SESSION_FIELDS });
    if (!row) throw fail('NOT_FOUND', { what: 'session', id: sessionId });
    if (row.endedAt) return { ...row, current: row.id === currentSessionId };
    const ended = await tx.userSession.update({ where: { id: row.id }, data: { endedAt: new Date(), endedReason: 'ENDED_BY_USER' }, select: SESSION_FIELDS });
    await recordAudit(tx, actor, { action: 'auth.session_ended', targetType: 'user_session', targetId: row.id, after: { endedAt: ended.endedAt, endedReason: ended.endedReason } });
    return { ...ended, current: ended.id === currentSessionId };
  });
}

/** Ends every live browser session of the caller except `keepSessionId` (the page's own), audited; returns how many. */
export async function endMyOtherSessions(actor: Actor, keepSessionId: string | undefined): Promise<{ sessionsEnded: number }> {
  return inTransaction(async (tx) => {
    const ended = await tx.userSession.updateMany({
      where: { userId: actor.userId, endedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      data: { endedAt: new Date(), endedReason: 'ENDED_BY_USER' },
    });
    if (ended.count > 0) await recordAudit(tx, actor, { action: 'auth.other_sessions_ended', targetType: 'user', targetId: actor.userId, after: { sessionsEnded: ended.count } });
    return { sessionsEnded: ended.count };
  });
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
  const view = await inTransaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id: tokenId, userId: actor.userId }, select: { id: true, createdAt: true, expiresAt: true, revokedAt: true } });
    if (!row) throw fail('NOT_FOUND', { what: 'token', id: tokenId });
    if (row.revokedAt) return row;
    const revoked = await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() }, select: { id: true, createdAt: true, expiresAt: true, revokedAt: true } });
    await recordAudit(tx, actor, { action: 'auth.token_revoked', targetType: 'api_token', targetId: row.id, after: { revokedAt: revoked.revokedAt } });
    return revoked;
  });
  // Every process forgets the token's actor at the commit (actorCache); this one at once, too.
  forgetActors();
  return view;
}

/**
 * An operator ends every browser session and revokes every API token of a user (permission
 * `users.endSessions`), audited. An unknown user is 404.
 */
export async function endUserSessions(actor: Actor, userId: number): Promise<{ userId: number; sessionsEnded: number; tokensRevoked: number }> {
  authorize(actor, 'users.endSessions');
  const result = await inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw fail('NOT_FOUND', { what: 'user', id: userId });
    const now = new Date();
    const sessions = await tx.userSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now, endedReason: 'ENDED_BY_OPERATOR' } });
    const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    const result = { userId, sessionsEnded: sessions.count, tokensRevoked: tokens.count };
    await recordAudit(tx, actor, { action: 'auth.sessions_ended', targetType: 'user', targetId: userId, after: result });
    return result;
  });
  forgetActors();
  return result;
}
