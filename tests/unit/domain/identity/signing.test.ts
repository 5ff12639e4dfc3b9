import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import { isIdle, isPrivileged, mustEnrolTwoFactor, needsTouch, parseSignatureCode, SESSION_TOUCH_MS } from '@/domain/identity/signing';
import { can } from '@/domain/identity/permissions';

/** Issue 13 §4: mandatory two-factor in production, the signature code, idle sessions. */

const PRIVILEGED: Role[] = ['PROVINCIAL_REGULATOR', 'NATIONAL_REGULATOR', 'REGISTRY_OPERATOR', 'EXCHANGE_OPERATOR', 'ADMIN'];
const HOLDERS: Role[] = ['ENTITY_TRADER', 'COMPLIANCE_OFFICER', 'INVESTOR'];

describe('mustEnrolTwoFactor', () => {
  it('sends every regulator and operator without two-factor to enrolment in production', () => {
    for (const role of PRIVILEGED) expect(mustEnrolTwoFactor({ mode: 'production', roles: [role], twoFactorEnabled: false })).toBe(true);
  });

  it('lets them through once enrolled, and in demo mode always (the demo logins need no codes)', () => {
    for (const role of PRIVILEGED) {
      expect(mustEnrolTwoFactor({ mode: 'production', roles: [role], twoFactorEnabled: true })).toBe(false);
      expect(mustEnrolTwoFactor({ mode: 'demo', roles: [role], twoFactorEnabled: false })).toBe(false);
    }
  });

  it('keeps two-factor optional for entities and investors, also in production', () => {
    for (const role of HOLDERS) expect(mustEnrolTwoFactor({ mode: 'production', roles: [role], twoFactorEnabled: false })).toBe(false);
    expect(mustEnrolTwoFactor({ mode: 'production', roles: ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'], twoFactorEnabled: false })).toBe(false);
  });

  it('reads the one permission list: privileged = security.privileged; two-factor offered to every role', () => {
    for (const role of PRIVILEGED) expect(isPrivileged([role])).toBe(true);
    for (const role of HOLDERS) expect(isPrivileged([role])).toBe(false);
    for (const role of [...PRIVILEGED, ...HOLDERS]) expect(can([role], 'security.twoFactor')).toBe(true);
  });
});

describe('parseSignatureCode', () => {
  it('reads six digits, ignoring spaces', () => {
    expect(parseSignatureCode('123456')).toBe('123456');
    expect(parseSignatureCode(' 123 456 ')).toBe('123456');
    expect(parseSignatureCode('000000')).toBe('000000');
  });

  it('treats an absent or blank header as missing', () => {
    expect(parseSignatureCode(undefined)).toBeNull();
    expect(parseSignatureCode(null)).toBeNull();
    expect(parseSignatureCode('')).toBeNull();
    expect(parseSignatureCode('   ')).toBeNull();
  });

  it('refuses anything but six digits as malformed', () => {
    for (const bad of ['12345', '1234567', '12345a', 'abcdef', '١٢٣٤٥٦', '12-34-56', '+12345']) expect(parseSignatureCode(bad)).toBe('malformed');
    expect(parseSignatureCode(123456)).toBe('malformed');
  });
});

describe('idle sessions', () => {
  const at = (min: number) => new Date(Date.UTC(2026, 11, 7, 9, 0) + min * 60_000);

  it('is idle only strictly after the timeout', () => {
    expect(isIdle(at(0), at(10), 10)).toBe(false);
    expect(isIdle(at(0), new Date(at(10).getTime() + 1), 10)).toBe(true);
    expect(isIdle(at(0), at(3), 2)).toBe(true);
  });

  it('touches last_seen_at at most every 30 s', () => {
    expect(needsTouch(at(0), new Date(at(0).getTime() + SESSION_TOUCH_MS - 1))).toBe(false);
    expect(needsTouch(at(0), new Date(at(0).getTime() + SESSION_TOUCH_MS))).toBe(true);
  });
});
