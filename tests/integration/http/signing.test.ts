import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { generateTotpSecret, totpAt } from '@/domain/identity/totp';
import { movementResultSchema, sessionListSchema, sessionViewSchema } from '@/schemas/api';
import { sealAuditLog, verifyAuditChain } from '@/server/audit/audit';
import { DomainError } from '@/server/errors';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { actorFromSessionToken, startSession } from '@/server/identity/sessions';
import { POST as cancel } from '@/app/api/v1/cancellations/route';
import { POST as freezes } from '@/app/api/v1/registry/freezes/route';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as mySessions } from '@/app/api/v1/me/sessions/route';
import { DELETE as endMySession } from '@/app/api/v1/me/sessions/[id]/route';
import { bootstrapRegistry, createParticipant, holdingOf, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectError, expectNothingChanged } from './helpers';

/**
 * Issue 13 §4: transaction signing (X-Signature-Code, audit_log.signed), mandatory two-factor for
 * regulators and operators in production, idle sessions of privileged users, the caller's sessions.
 */

let reg: Registry;
let signer: Participant & { token: string; secret: string };
let plain: Participant & { token: string };

const body = (quantity: number) => ({ instrument: 'CEA', vintage: 2024, quantity, reason: 'Retire for our 2024 event' });

/** The code of the current time step: accepted once (the user's last step is reset before each test). */
const codeNow = () => totpAt(signer.secret, Date.now());

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const s = await createParticipant(reg, { province: 'GD', cea: { 2024: 1_000 } });
  const secret = generateTotpSecret();
  await db().user.update({ where: { id: s.actor.userId }, data: { totpSecret: secret, totpEnabled: true } });
  signer = { ...s, token: await tokenFor(s.actor), secret };
  const p = await createParticipant(reg, { province: 'GD', cea: { 2024: 100 } });
  plain = { ...p, token: await tokenFor(p.actor) };
});

beforeEach(async () => {
  resetRateLimits();
  await db().user.update({ where: { id: signer.actor.userId }, data: { totpLastStep: null } });
});

const lastAuditOf = (userId: number) => db().auditLog.findFirstOrThrow({ where: { actorUserId: userId }, orderBy: { id: 'desc' } });

describe('transaction signing (X-Signature-Code)', () => {
  it('a signed cancellation with a fresh code succeeds, and its audit record says signed; the chain still verifies', async () => {
    const res = await call(cancel, { body: body(10), token: signer.token, headers: { 'x-signature-code': codeNow() } });
    expect(res.status).toBe(201);
    const result = movementResultSchema.parse(res.body);
    expect(result.quantity).toBe(10);
    const audit = await lastAuditOf(signer.actor.userId);
    expect(audit.signed).toBe(true);
    await sealAuditLog();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, firstBrokenSeq: null, unsealed: 0 });
  });

  it('without the code: 403 SIGNATURE_REQUIRED naming signatureCode, and nothing moved', async () => {
    const before = await holdingOf(signer.accountId, 2024);
    const error = await expectNothingChanged(() => expectError(cancel, { body: body(10), token: signer.token }, 403, 'SIGNATURE_REQUIRED'));
    expect(error.fields).toHaveProperty('signatureCode');
    expect(await holdingOf(signer.accountId, 2024)).toEqual(before);
  });

  it('a reused code (or the one already used, e.g. to sign in) is SIGNATURE_INVALID; a wrong or malformed one too', async () => {
    const code = codeNow();
    expect((await call(cancel, { body: body(5), token: signer.token, headers: { 'x-signature-code': code } })).status).toBe(201);
    await expectNothingChanged(async () => {
      await expectError(cancel, { body: body(5), token: signer.token, headers: { 'x-signature-code': code } }, 403, 'SIGNATURE_INVALID');
      const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
      await expectError(cancel, { body: body(5), token: signer.token, headers: { 'x-signature-code': wrong } }, 403, 'SIGNATURE_INVALID');
      const malformed = await expectError(cancel, { body: body(5), token: signer.token, headers: { 'x-signature-code': '12ab' } }, 403, 'SIGNATURE_INVALID');
      expect(malformed.fields).toHaveProperty('signatureCode');
    });
  });

  it('answers in the caller’s language', async () => {
    const error = await expectError(cancel, { body: body(1), token: signer.token, headers: { 'accept-language': 'zh-CN' } }, 403, 'SIGNATURE_REQUIRED');
    expect(error.message).toMatch(/交易签名/);
  });

  it('a user without two-factor needs no code, and the record is unsigned', async () => {
    const res = await call(cancel, { body: body(3), token: plain.token });
    expect(res.status).toBe(201);
    expect((await lastAuditOf(plain.actor.userId)).signed).toBe(false);
  });

  it('an operator with two-factor signs a freeze too', async () => {
    const secret = generateTotpSecret();
    await db().user.update({ where: { id: reg.registry2.userId }, data: { totpSecret: secret, totpEnabled: true, totpLastStep: null } });
    const token = await tokenFor(reg.registry2);
    const freeze = { accountId: plain.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, authority: 'Court', orderReference: 'X-1', reason: 'Order' };
    await expectNothingChanged(() => expectError(freezes, { body: freeze, token }, 403, 'SIGNATURE_REQUIRED'));
    const res = await call(freezes, { body: freeze, token, headers: { 'x-signature-code': totpAt(secret, Date.now()) } });
    // 201 done, or 202 asked (four eyes): either way the recorded change is signed
    expect([201, 202]).toContain(res.status);
    expect((await lastAuditOf(reg.registry2.userId)).signed).toBe(true);
    await db().user.update({ where: { id: reg.registry2.userId }, data: { totpSecret: null, totpEnabled: false, totpLastStep: null } });
  });
});

describe('mandatory two-factor in production (APP_MODE=production)', () => {
  const mode = process.env.APP_MODE;
  afterEach(() => {
    if (mode === undefined) delete process.env.APP_MODE;
    else process.env.APP_MODE = mode;
  });

  it('refuses every write of a regulator or operator without two-factor until enrolled, but lets them read', async () => {
    process.env.APP_MODE = 'production';
    const token = await tokenFor(reg.registry);
    const freeze = { accountId: plain.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, authority: 'Court', orderReference: 'X-2', reason: 'Order' };
    const error = await expectNothingChanged(() => expectError(freezes, { body: freeze, token }, 403, 'TWO_FACTOR_ENROLMENT_REQUIRED'));
    expect(error.message).toMatch(/two-factor/);
    expect((await call(me, { path: '/api/v1/me', token })).status).toBe(200);
  });

  it('demo mode keeps it optional', async () => {
    process.env.APP_MODE = 'demo';
    const token = await tokenFor(reg.registry);
    const freeze = { accountId: plain.accountId, instrument: 'CEA', vintage: 2024, quantity: 1, authority: 'Court', orderReference: 'X-3', reason: 'Order' };
    expect([201, 202]).toContain((await call(freezes, { body: freeze, token })).status);
  });
});

describe('idle sessions of privileged users', () => {
  const idleFor = (sid: string, minutes: number) =>
    db().$executeRaw`UPDATE user_session SET last_seen_at = now() - make_interval(mins => ${minutes}) WHERE id = ${sid}`;
  const refusal = async (p: Promise<unknown>, reason: string) => {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).problem).toEqual({ code: 'UNAUTHENTICATED', params: { reason } });
  };

  it('ends a regulator’s session after IDLE_TIMEOUT_MINUTES (default 10) without a request, with reason IDLE', async () => {
    const uid = reg.regulators.GD.userId;
    const sid = await startSession(uid);
    expect((await actorFromSessionToken({ uid, sid }))?.userId).toBe(uid);
    await idleFor(sid, 11);
    await refusal(actorFromSessionToken({ uid, sid }), 'SESSION_IDLE');
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sid } });
    expect(row.endedReason).toBe('IDLE');
    expect(row.endedAt).not.toBeNull();
    // ended for good: later requests are the usual SESSION_EXPIRED
    await refusal(actorFromSessionToken({ uid, sid }), 'SESSION_EXPIRED');
  });

  it('keeps an active session (and touches it), follows IDLE_TIMEOUT_MINUTES, and leaves entities alone', async () => {
    const uid = reg.regulators.GD.userId;
    const sid = await startSession(uid);
    await idleFor(sid, 9);
    expect((await actorFromSessionToken({ uid, sid }))?.userId).toBe(uid);
    const touched = await db().userSession.findUniqueOrThrow({ where: { id: sid } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(60_000);

    const saved = process.env.IDLE_TIMEOUT_MINUTES;
    process.env.IDLE_TIMEOUT_MINUTES = '2';
    try {
      await idleFor(sid, 3);
      await refusal(actorFromSessionToken({ uid, sid }), 'SESSION_IDLE');
    } finally {
      if (saved === undefined) delete process.env.IDLE_TIMEOUT_MINUTES;
      else process.env.IDLE_TIMEOUT_MINUTES = saved;
    }

    const entitySid = await startSession(plain.actor.userId);
    await idleFor(entitySid, 60);
    expect((await actorFromSessionToken({ uid: plain.actor.userId, sid: entitySid }))?.userId).toBe(plain.actor.userId);
  });
});

describe('GET /api/v1/me/sessions and DELETE /api/v1/me/sessions/{id}', () => {
  it('lists the caller’s own sessions and ends one; another user’s session is 404', async () => {
    const mine = await startSession(plain.actor.userId);
    const theirs = await startSession(signer.actor.userId);
    const listed = sessionListSchema.parse((await call(mySessions, { path: '/api/v1/me/sessions', token: plain.token })).body);
    expect(listed.sessions.map((s) => s.id)).toContain(mine);
    expect(listed.sessions.map((s) => s.id)).not.toContain(theirs);
    expect(listed.sessions.every((s) => !s.current)).toBe(true);

    const res = await call(endMySession, { method: 'DELETE', path: `/api/v1/me/sessions/${mine}`, params: { id: mine }, token: plain.token });
    expect(res.status).toBe(200);
    expect(sessionViewSchema.parse(res.body)).toMatchObject({ id: mine, endedReason: 'ENDED_BY_USER' });
    await refusal(actorFromSessionToken({ uid: plain.actor.userId, sid: mine }));
    const audit = await db().auditLog.findFirst({ where: { action: 'auth.session_ended', targetId: mine } });
    expect(audit?.actorUserId).toBe(plain.actor.userId);

    await expectNothingChanged(() =>
      expectError(endMySession, { method: 'DELETE', path: `/api/v1/me/sessions/${theirs}`, params: { id: theirs }, token: plain.token }, 404, 'NOT_FOUND'),
    );
    await expectError(endMySession, { method: 'DELETE', path: '/api/v1/me/sessions/x', params: { id: 'not-a-uuid' }, token: plain.token }, 400, 'INVALID_INPUT');
    expect((await actorFromSessionToken({ uid: signer.actor.userId, sid: theirs }))?.userId).toBe(signer.actor.userId);
  });

  async function refusal(p: Promise<unknown>) {
    const e = await p.then(() => null, (err: unknown) => err);
    expect((e as DomainError).code).toBe('UNAUTHENTICATED');
  }
});
