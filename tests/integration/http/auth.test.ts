import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { generateTotpSecret, totpAt } from '@/domain/identity/totp';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { healthResponseSchema, meResponseSchema, provinceListResponseSchema, tokenResponseSchema, twoFactorEnrolmentSchema, twoFactorStatusSchema } from '@/schemas/api';
import { GET as health } from '@/app/api/v1/health/route';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as provinces } from '@/app/api/v1/provinces/route';
import { POST as token } from '@/app/api/v1/auth/token/route';
import { GET as twoFactor, POST as startTwoFactor } from '@/app/api/v1/me/two-factor/route';
import { POST as confirmTwoFactor } from '@/app/api/v1/me/two-factor/confirm/route';
import { POST as disableTwoFactor } from '@/app/api/v1/me/two-factor/disable/route';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectError, expectNothingChanged } from './helpers';

let reg: Registry;
let entity: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD', cea: { 2024: 100 } });
});

beforeEach(() => resetRateLimits());

describe('GET /api/v1/health', () => {
  it('reports the database up, without sign-in', async () => {
    const res = await call(health, { path: '/api/v1/health' });
    expect(res.status).toBe(200);
    expect(healthResponseSchema.parse(res.body)).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers 503 with db "down" when the database does not answer', async () => {
    const url = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgresql://nobody:nothing@127.0.0.1:1/none';
    try {
      const res = await call(health, { path: '/api/v1/health' });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'error', db: 'down' });
    } finally {
      process.env.DATABASE_URL = url;
    }
    expect((await call(health, { path: '/api/v1/health' })).status).toBe(200);
  });
});

describe('POST /api/v1/auth/token', () => {
  it('issues a token that works on /me', async () => {
    const res = await call(token, { body: { email: entity.actor.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    const issued = tokenResponseSchema.parse(res.body);
    expect(issued.token).toMatch(/^cax_/);
    expect(new Date(issued.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const profile = await call(me, { token: issued.token });
    expect(profile.status).toBe(200);
    expect(meResponseSchema.parse(profile.body).user.email).toBe(entity.actor.email);
  });

  it('accepts the email in any letter case', async () => {
    const res = await call(token, { body: { email: entity.actor.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike with 401, issuing nothing', async () => {
    await expectNothingChanged(async () => {
      const wrong = await expectError(token, { body: { email: entity.actor.email, password: 'wrong' } }, 401, 'UNAUTHENTICATED');
      const unknown = await expectError(token, { body: { email: 'nobody@test.cn', password: 'wrong' } }, 401, 'UNAUTHENTICATED');
      expect(unknown.message).toBe(wrong.message);
    });
  });

  it('rate-limits rapid wrong attempts for one email: the 11th answers 429, even with the right password', async () => {
    await expectNothingChanged(async () => {
      for (let i = 0; i < 10; i += 1) await expectError(token, { body: { email: entity.actor.email, password: `wrong-${i}` } }, 401);
      await expectError(token, { body: { email: entity.actor.email, password: 'wrong-again' } }, 429, 'RATE_LIMITED');
      await expectError(token, { body: { email: entity.actor.email, password: TEST_PASSWORD } }, 429, 'RATE_LIMITED');
    });
    // Another email is not affected.
    const other = await call(token, { body: { email: reg.registry.email, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '10.0.0.9' } });
    expect(other.status).toBe(200);
  });

  it('counts attempts per address only behind a trusted proxy: a bare server ignores X-Forwarded-For', async () => {
    const attempt = (email: string, address: string) =>
      call(token, { body: { email, password: 'wrong' }, headers: { 'x-forwarded-for': address } });
    // Without TRUST_PROXY, 60 wrong attempts spread over 6 emails from one "address" are limited per email only.
    await resetRateLimits();
    for (let e = 0; e < 6; e += 1) for (let i = 0; i < 10; i += 1) expect((await attempt(`nobody${e}@test.cn`, '203.0.113.7')).status).toBe(401);
    // Behind a trusted proxy, the 51st attempt from one address is refused whatever the email.
    await resetRateLimits();
    process.env.TRUST_PROXY = '1';
    try {
      for (let e = 0; e < 5; e += 1) for (let i = 0; i < 10; i += 1) expect((await attempt(`someone${e}@test.cn`, '203.0.113.8')).status).toBe(401);
      expect((await attempt('someone-else@test.cn', '203.0.113.8')).status).toBe(429);
      expect((await attempt('someone-else@test.cn', '203.0.113.9')).status).toBe(401);
    } finally {
      delete process.env.TRUST_PROXY;
      await resetRateLimits();
    }
  });

  it('asks for the one-time code of a user with two-factor sign-in (401 OTP_REQUIRED), refuses a wrong one, accepts the right one', async () => {
    const secret = generateTotpSecret();
    await db().user.update({ where: { id: reg.registry2.userId }, data: { totpSecret: secret, totpEnabled: true } });
    const creds = { email: reg.registry2.email, password: TEST_PASSWORD };

    const required = await expectError(token, { body: creds }, 401, 'OTP_REQUIRED');
    expect(required.fields).toHaveProperty(['otp']);
    const right = totpAt(secret, Date.now());
    const validNow = new Set([-1, 0, 1].map((d) => totpAt(secret, Date.now() + d * 30_000)));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !validNow.has(c))!;
    await expectError(token, { body: { ...creds, otp: wrong } }, 401, 'OTP_INVALID');
    const ok = await call(token, { body: { ...creds, otp: right } });
    expect(ok.status).toBe(200);
  });

  it('refuses a disabled user', async () => {
    const p = await createParticipant(reg, { province: 'HB' });
    await db().user.update({ where: { id: p.actor.userId }, data: { disabled: true } });
    await expectError(token, { body: { email: p.actor.email, password: TEST_PASSWORD } }, 401, 'UNAUTHENTICATED');
  });
});

describe('GET /api/v1/me', () => {
  it('returns the user, organisation, roles and linked account ids of a participant', async () => {
    const res = await call(me, { token: await tokenFor(entity.actor) });
    expect(res.status).toBe(200);
    const body = meResponseSchema.parse(res.body);
    const org = await db().organisation.findUniqueOrThrow({ where: { id: entity.organisationId } });
    const trading = await db().tradingAccount.findUniqueOrThrow({ where: { registryAccountId: entity.accountId }, include: { cashAccount: true } });
    expect(body).toEqual({
      user: { id: entity.actor.userId, email: entity.actor.email, name: entity.actor.name, locale: 'en', totpEnabled: false },
      organisation: { id: org.id, name: org.name, nameZh: org.nameZh, kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD', creditCode: org.creditCode },
      roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'],
      accounts: { registryAccountId: entity.accountId, tradingAccountId: trading.id, cashAccountId: trading.cashAccount!.id },
    });
  });

  it('returns null account ids for a regulator', async () => {
    const res = await call(me, { token: await tokenFor(reg.regulators.HB) });
    expect(res.status).toBe(200);
    const body = meResponseSchema.parse(res.body);
    expect(body.roles).toEqual(['PROVINCIAL_REGULATOR']);
    expect(body.organisation.provinceCode).toBe('HB');
    expect(body.accounts).toEqual({ registryAccountId: null, tradingAccountId: null, cashAccountId: null });
  });

  it('refuses an expired or revoked token', async () => {
    const t = await tokenFor(entity.actor);
    await db().apiToken.updateMany({ where: { userId: entity.actor.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectError(me, { token: t }, 401, 'UNAUTHENTICATED');
    const t2 = await tokenFor(entity.actor);
    await db().apiToken.updateMany({ where: { userId: entity.actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await expectError(me, { token: t2 }, 401, 'UNAUTHENTICATED');
  });
});

describe('GET /api/v1/provinces', () => {
  it('lists the provinces to any signed-in user', async () => {
    const res = await call(provinces, { token: await tokenFor(entity.actor) });
    expect(res.status).toBe(200);
    expect(provinceListResponseSchema.parse(res.body).items.map((p) => p.code)).toEqual(['GD', 'HB']);
  });
});

describe('two-factor enrolment over the API', () => {
  it('a regulator enrols, signs in with a code, and turns it off; an entity may enrol too (issue 13 §4)', async () => {
    const regulator = await tokenFor(reg.regulators.HB);
    expect(twoFactorStatusSchema.parse((await call(twoFactor, { token: regulator })).body)).toEqual({ offered: true, enabled: false });
    const started = await call(startTwoFactor, { method: 'POST', token: regulator });
    expect(started.status).toBe(201);
    const { secret } = twoFactorEnrolmentSchema.parse(started.body);
    const step = Math.floor(Date.now() / 30_000);
    const codeOfStep = (n: number) => totpAt(secret, n * 30_000 + 15_000);
    const confirmed = await call(confirmTwoFactor, { body: { otp: codeOfStep(step) }, token: regulator });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ offered: true, enabled: true });
    const creds = { email: reg.regulators.HB.email, password: TEST_PASSWORD };
    await expectError(token, { body: creds }, 401, 'OTP_REQUIRED');
    await expectError(token, { body: { ...creds, otp: codeOfStep(step) } }, 401, 'OTP_INVALID'); // already used
    await expectError(disableTwoFactor, { body: { otp: codeOfStep(step) }, token: regulator }, 422, 'OTP_INVALID');
    const off = await call(disableTwoFactor, { body: { otp: codeOfStep(step + 1) }, token: regulator });
    expect(off.body).toEqual({ offered: true, enabled: false });
    expect((await call(token, { body: creds })).status).toBe(200);

    expect((await call(startTwoFactor, { method: 'POST', token: await tokenFor(entity.actor) })).status).toBe(201);
  });
});
