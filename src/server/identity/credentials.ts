import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { db } from '@/db/client';
import { findTotpStep } from '@/domain/identity/totp';
import { can } from '@/domain/identity/permissions';
import { problem } from '@/domain/problems';
import { fail } from '../errors';
import { loadActor, loadActorByTokenHash, type Actor } from './actor';
import { cachedActor } from './actorCache';
import { SIGN_IN_LIMIT, takeAttempt } from './rateLimit';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';

export const BCRYPT_ROUNDS = 10;
/**
 * A bcrypt hash of a random, forgotten password at the same cost as real ones: sign-in compares
 * against it when the email is unknown or the user disabled, so that every sign-in attempt costs
 * one bcrypt comparison and the answer's timing does not tell which emails have an account.
 */
export const DUMMY_PASSWORD_HASH = '$2b$10$18azUhz4wjVrIvd3EzcWT.d0xzOTjnoTL4rNvvCZSeX9lcRoH.Jxe';
export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_ROUNDS);

/** Two-factor sign-in is offered to every user (permission `security.twoFactor`); mandatory for regulators and operators in production (./signing.ts). */
export const mayUseTwoFactor = (actor: Pick<Actor, 'roles'>) => can(actor.roles, 'security.twoFactor');

export interface SignInInput {
  email: string;
  password: string;
  otp?: string;
  /** Client address (behind a trusted proxy), for the per-address rate limit; null when unknown. */
  ip: string | null;
}

/**
 * Checks email + password (+ one-time code when the user enabled two-factor) for both the browser
 * sign-in and API token issuance. Rate-limited per email, and per address when the address is known (TRUST_PROXY). Same message for an
 * unknown email and a wrong password, and the same work: one bcrypt comparison in both cases.
 */
export async function authenticate(input: SignInInput): Promise<Actor> {
  const email = input.email.trim().toLowerCase();
  const perAddress = input.ip === null || (await takeAttempt(`sign-in-ip:${input.ip}`, { ...SIGN_IN_LIMIT, limit: SIGN_IN_LIMIT.limit * 5 }));
  const perEmail = await takeAttempt(`sign-in:${email}`, SIGN_IN_LIMIT);
  if (!perEmail || !perAddress) {
    throw fail('RATE_LIMITED', {});
  }
  const user = await db().user.findUnique({ where: { email } });
  // One bcrypt comparison whoever asks: against the dummy hash when there is no usable user.
  const usable = user !== null && !user.disabled;
  const matches = await bcrypt.compare(input.password, usable ? user.passwordHash : DUMMY_PASSWORD_HASH);
  if (!usable || !matches) throw fail('UNAUTHENTICATED', { reason: 'WRONG_CREDENTIALS' });
  if (user.totpEnabled && user.totpSecret) {
    if (!input.otp) throw fail('OTP_REQUIRED', {}, { otp: problem('FIELD_REQUIRED') });
    if (!(await acceptOneTimeCode(user.id, user.totpSecret, input.otp))) throw fail('OTP_INVALID', {}, { otp: problem('OTP_INVALID') });
  }
  return loadActor(user.id);
}

/**
 * Accepts a one-time code once: it must match the secret within ±1 time step AND be of a later
 * step than the last accepted code, recorded atomically (a replayed or concurrent reuse fails).
 */
export async function acceptOneTimeCode(userId: number, secret: string, code: string): Promise<boolean> {
  const step = findTotpStep(secret, code, Date.now());
  if (step === null) return false;
  const updated = await db().$executeRaw`
    UPDATE app_user SET totp_last_step = ${step}
     WHERE id = ${userId} AND (totp_last_step IS NULL OR totp_last_step < ${step})`;
  return updated === 1;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues an API bearer token (only its hash is stored). */
export async function issueApiToken(actor: Actor): Promise<{ token: string; expiresAt: string }> {
  const token = `cax_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + TOKEN_TTL_MS);
  await inTransaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { userId: actor.userId, tokenHash: tokenHash(token), expiresAt } });
    await recordAudit(tx, actor, { action: 'auth.token_issued', targetType: 'api_token', targetId: row.id, after: { expiresAt } });
  });
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Resolves a bearer token to its user, or null if unknown, revoked or expired (kept a few seconds per process: ./actorCache.ts). */
export async function actorFromApiToken(token: string): Promise<Actor | null> {
  const hash = tokenHash(token);
  return cachedActor(hash, () => loadActorByTokenHash(hash));
}
