import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { apiTokenListSchema, apiTokenViewSchema, sessionsEndedSchema } from '@/schemas/api';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { actorFromSessionToken, endSession, startSession } from '@/server/identity/sessions';
import { DomainError } from '@/server/errors';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as listTokens } from '@/app/api/v1/me/tokens/route';
import { DELETE as revokeToken } from '@/app/api/v1/me/tokens/[id]/route';
import { POST as endSessions } from '@/app/api/v1/admin/users/[id]/sessions/end/route';
import { bootstrapRegistry, createParticipant, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectError, expectNothingChanged } from './helpers';

/** Issue 13 §1: browser sessions and API tokens can be ended server-side. */

let reg: Registry;
let gd: Participant;
let hb: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  gd = await createParticipant(reg, { province: 'GD', cea: { 2024: 10 } });
  hb = await createParticipant(reg, { province: 'HB', cea: { 2024: 10 } });
});

beforeEach(() => resetRateLimits());

const sessionRefusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe('UNAUTHENTICATED');
  expect((e as DomainError).problem.params).toEqual({ reason: 'SESSION_EXPIRED' });
};

describe('API tokens of the caller', () => {
  it('lists the caller’s tokens without the secret; a revoked one answers 401 at once', async () => {
    const token = await tokenFor(gd.actor);
    const other = await tokenFor(gd.actor);
    const listed = await call(listTokens, { path: '/api/v1/me/tokens', token });
    expect(listed.status).toBe(200);
    const { tokens } = apiTokenListSchema.parse(listed.body);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(listed.body)).not.toContain(token.slice(4));
    expect(JSON.stringify(listed.body)).not.toMatch(/hash/i);
    const newest = tokens[0]!;
    expect(newest.revokedAt).toBeNull();

    // revoke the first-issued token (not the newest) with the other one
    const first = tokens[1]!;
    const revoked = await call(revokeToken, { method: 'DELETE', path: `/api/v1/me/tokens/${first.id}`, params: { id: String(first.id) }, token: other });
    expect(revoked.status).toBe(200);
    expect(apiTokenViewSchema.parse(revoked.body).revokedAt).not.toBeNull();
    await expectError(me, { path: '/api/v1/me', token }, 401, 'UNAUTHENTICATED');
    expect((await call(me, { path: '/api/v1/me', token: other })).status).toBe(200);
    const audit = await db().auditLog.findFirst({ where: { action: 'auth.token_revoked', targetId: String(first.id) } });
    expect(audit?.actorUserId).toBe(gd.actor.userId);
  });

  it('answers 404 for another user’s token and for an unknown one, changing nothing', async () => {
    const mine = await tokenFor(gd.actor);
    const theirs = await tokenFor(hb.actor);
    const theirId = (apiTokenListSchema.parse((await call(listTokens, { path: '/api/v1/me/tokens', token: theirs })).body)).tokens[0]!.id;
    await expectNothingChanged(async () => {
      await expectError(revokeToken, { method: 'DELETE', path: `/api/v1/me/tokens/${theirId}`, params: { id: String(theirId) }, token: mine }, 404, 'NOT_FOUND');
      await expectError(revokeToken, { method: 'DELETE', path: '/api/v1/me/tokens/999999', params: { id: '999999' }, token: mine }, 404, 'NOT_FOUND');
    });
    expect((await call(me, { path: '/api/v1/me', token: theirs })).status).toBe(200);
  });
});

describe('browser sessions', () => {
  it('resolves a JWT of a live session and refuses it once the session is ended (sign-out)', async () => {
    const sid = await startSession(gd.actor.userId);
    expect((await actorFromSessionToken({ uid: gd.actor.userId, sid }))?.userId).toBe(gd.actor.userId);
    // a JWT naming another user's session is refused
    await sessionRefusal(actorFromSessionToken({ uid: hb.actor.userId, sid }));
    await endSession(sid);
    await sessionRefusal(actorFromSessionToken({ uid: gd.actor.userId, sid }));
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sid } });
    expect(row.endedReason).toBe('SIGNED_OUT');
  });

  it('refuses a JWT without a session id or with an unknown one, and answers null without a JWT', async () => {
    await sessionRefusal(actorFromSessionToken({ uid: gd.actor.userId }));
    await sessionRefusal(actorFromSessionToken({ uid: gd.actor.userId, sid: '00000000-0000-0000-0000-000000000000' }));
    expect(await actorFromSessionToken(null)).toBeNull();
  });
});

describe('POST /api/v1/admin/users/{id}/sessions/end', () => {
  it('ends every browser session and revokes every API token of the user, audited', async () => {
    const target = await createParticipant(reg, { province: 'GD' });
    const t1 = await tokenFor(target.actor);
    const t2 = await tokenFor(target.actor);
    const s1 = await startSession(target.actor.userId);
    const s2 = await startSession(target.actor.userId);
    const untouched = await startSession(gd.actor.userId);
    const admin = await tokenFor(reg.registry);

    const res = await call(endSessions, { method: 'POST', path: `/api/v1/admin/users/${target.actor.userId}/sessions/end`, params: { id: String(target.actor.userId) }, token: admin });
    expect(res.status).toBe(200);
    expect(sessionsEndedSchema.parse(res.body)).toEqual({ userId: target.actor.userId, sessionsEnded: 2, tokensRevoked: 2 });

    await expectError(me, { path: '/api/v1/me', token: t1 }, 401, 'UNAUTHENTICATED');
    await expectError(me, { path: '/api/v1/me', token: t2 }, 401, 'UNAUTHENTICATED');
    await sessionRefusal(actorFromSessionToken({ uid: target.actor.userId, sid: s1 }));
    await sessionRefusal(actorFromSessionToken({ uid: target.actor.userId, sid: s2 }));
    expect((await actorFromSessionToken({ uid: gd.actor.userId, sid: untouched }))?.userId).toBe(gd.actor.userId);

    const audit = await db().auditLog.findFirst({ where: { action: 'auth.sessions_ended', targetId: String(target.actor.userId) } });
    expect(audit?.actorUserId).toBe(reg.registry.userId);
    // a new sign-in works again
    expect((await call(me, { path: '/api/v1/me', token: await tokenFor(target.actor) })).status).toBe(200);
  });

  it('answers 403 to an entity and 404 for an unknown user, changing nothing', async () => {
    const entity = await tokenFor(gd.actor);
    const admin = await tokenFor(reg.registry);
    await expectNothingChanged(async () => {
      await expectError(endSessions, { method: 'POST', path: `/api/v1/admin/users/${hb.actor.userId}/sessions/end`, params: { id: String(hb.actor.userId) }, token: entity }, 403, 'FORBIDDEN');
      await expectError(endSessions, { method: 'POST', path: '/api/v1/admin/users/999999/sessions/end', params: { id: '999999' }, token: admin }, 404, 'NOT_FOUND');
    });
  });
});
