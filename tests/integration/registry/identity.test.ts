import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totpAt } from '@/domain/identity/totp';
import { DomainError } from '@/server/errors';
import { actorFromApiToken, authenticate, issueApiToken } from '@/server/identity/credentials';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/server/identity/twoFactor';
import { db } from '@/db/client';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, type Registry } from '../../support/fixtures';

let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
});
beforeEach(() => resetRateLimits());

const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('sign-in, tokens and two-factor', () => {
  it('checks the password (bcrypt), never revealing whether the email exists', async () => {
    const p = await createParticipant(reg);
    expect((await authenticate({ email: p.actor.email, password: TEST_PASSWORD, ip: 't' })).userId).toBe(p.actor.userId);
    expect(await codeOf(authenticate({ email: p.actor.email, password: 'wrong', ip: 't' }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(authenticate({ email: 'nobody@test.cn', password: 'wrong', ip: 't' }))).toBe('UNAUTHENTICATED');
    const stored = await db().user.findUniqueOrThrow({ where: { id: p.actor.userId } });
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('rate-limits repeated attempts for one email', async () => {
    const p = await createParticipant(reg);
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) codes.push(await codeOf(authenticate({ email: p.actor.email, password: 'bad', ip: 'x' })));
    expect(codes.slice(0, 10).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Even the right password is refused while the window lasts.
    expect(await codeOf(authenticate({ email: p.actor.email, password: TEST_PASSWORD, ip: 'x' }))).toBe('RATE_LIMITED');
  });

  it('API tokens resolve to their user until revoked or expired; only the hash is stored', async () => {
    const p = await createParticipant(reg);
    const { token } = await issueApiToken(p.actor);
    expect((await actorFromApiToken(token))?.userId).toBe(p.actor.userId);
    expect(await db().apiToken.count({ where: { tokenHash: token } })).toBe(0);
    await db().apiToken.updateMany({ where: { userId: p.actor.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await actorFromApiToken(token)).toBeNull();
    expect(await actorFromApiToken('cax_unknown')).toBeNull();
  });

  it('two-factor: regulators may enrol; once enabled the code is required', async () => {
    const regulator = reg.regulators.GD;
    const { secret } = await startTotpEnrolment(regulator);
    const codeOfStep = (step: number) => totpAt(secret, step * 30_000 + 15_000);
    const step = Math.floor(Date.now() / 30_000);
    const wrong = ['000000', '111111'].find((c) => ![step - 1, step, step + 1].map(codeOfStep).includes(c))!;
    expect(await codeOf(confirmTotpEnrolment(regulator, wrong))).toBe('OTP_INVALID');
    await confirmTotpEnrolment(regulator, codeOfStep(step));
    const sign = (otp?: string) => codeOf(authenticate({ email: regulator.email, password: TEST_PASSWORD, otp, ip: 't' }));
    expect(await sign()).toBe('OTP_REQUIRED');
    // Codes are single use: the one that confirmed the enrolment is refused, the next step's is accepted once.
    expect(await sign(codeOfStep(step))).toBe('OTP_INVALID');
    expect(await sign(codeOfStep(step + 1))).toBe('OK');
    expect(await sign(codeOfStep(step + 1))).toBe('OTP_INVALID');
  });

  it('two-factor is offered to entities and investors too (issue 13 §4)', async () => {
    const p = await createParticipant(reg);
    expect(await codeOf(startTotpEnrolment(p.actor))).toBe('OK');
  });
});
