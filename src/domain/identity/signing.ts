import type { Role } from '@/generated/prisma/enums';
import { can } from './permissions';

/**
 * The rules of mandatory two-factor, transaction signing and idle sessions (issue 13 §4). Pure:
 * the callers (src/server/identity/signing.ts, sessions.ts, the API wrapper and runAction) supply
 * the mode, the user and the time.
 */

/** The HTTP header that carries a transaction signature: a fresh one-time code. */
export const SIGNATURE_HEADER = 'X-Signature-Code';
/** The field of a form (and of a server action's input) that carries it. */
export const SIGNATURE_FIELD = 'signatureCode';

/** Privileged users: regulators and operators (permission `security.privileged`). */
export const isPrivileged = (roles: readonly Role[]): boolean => can(roles, 'security.privileged');

/**
 * Whether a user must enrol in two-factor before doing anything else: in production, a privileged
 * user without two-factor. Demo mode keeps two-factor optional (the demo logins need no codes).
 */
export function mustEnrolTwoFactor(user: { mode: 'production' | 'demo'; roles: readonly Role[]; twoFactorEnabled: boolean }): boolean {
  return user.mode === 'production' && !user.twoFactorEnabled && isPrivileged(user.roles);
}

/**
 * A signature as sent: absent (undefined, empty or blank) → null; else the code with spaces
 * removed ("123 456" → "123456"), or 'malformed' when it is not six digits.
 */
export function parseSignatureCode(value: unknown): string | null | 'malformed' {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return 'malformed';
  const code = value.replace(/\s+/g, '');
  if (code === '') return null;
  return /^\d{6}$/.test(code) ? code : 'malformed';
}

/** Touch a session's last_seen_at at most this often (keeps the writes low). */
export const SESSION_TOUCH_MS = 30_000;

/** Whether a privileged user's session last seen at `lastSeen` is idle at `now` (strictly longer than the timeout). */
export function isIdle(lastSeen: Date, now: Date, timeoutMinutes: number): boolean {
  return now.getTime() - lastSeen.getTime() > timeoutMinutes * 60_000;
}

/** Whether a live session's last_seen_at is old enough to write again. */
export const needsTouch = (lastSeen: Date, now: Date): boolean => now.getTime() - lastSeen.getTime() >= SESSION_TOUCH_MS;
