import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { weakAuthSecretReason } from '@/config/authSecret';
import { EnvError, parseServerEnv, startEnv } from '@/config/env';

const RANDOM = () => randomBytes(32).toString('base64');
const DATABASE_URL = 'postgresql://u:p@localhost:5432/db';

describe('weakAuthSecretReason: what may sign production sessions', () => {
  it('accepts random values of 32 characters or more (base64, base64url, hex)', () => {
    for (let i = 0; i < 200; i += 1) {
      expect(weakAuthSecretReason(randomBytes(32).toString('base64'))).toBeUndefined();
      expect(weakAuthSecretReason(randomBytes(32).toString('base64url'))).toBeUndefined();
      expect(weakAuthSecretReason(randomBytes(16).toString('hex'))).toBeUndefined();
    }
  });

  it('refuses a value shorter than 32 characters', () => {
    expect(weakAuthSecretReason(randomBytes(23).toString('base64').slice(0, 31))).toMatch(/at least 32 characters/);
    expect(weakAuthSecretReason('')).toMatch(/at least 32 characters/);
  });

  it.each([
    ['docker-compose.yml\'s former default', 'change-me-to-a-random-secret-of-32-chars-or-more'],
    ['the Dockerfile\'s build-time value', 'build-time-placeholder-secret-not-used-at-run-time'],
    ['"changeme"', 'CHANGEME-7f3a9c1e2b4d6f8a0c2e4a6b8d0f1e3c'],
    ['"change_me"', 'please_change_me_0123456789abcdefghijk'],
    ['"replace me"', 'Replace Me With Something Long Enough 42'],
    ['"secret"', 'my-super-secret-key-for-the-exchange-2026'],
    ['"placeholder"', 'placeholder-value-0123456789abcdefghijkl'],
    ['"example"', 'example-auth-key-0123456789abcdefghijklmn'],
    ['"password"', 'Password1234567890Password1234567890xyz'],
    ['"default"', 'default-auth-key-for-local-development-01'],
  ])('refuses a placeholder: %s', (_label, secret) => {
    expect(weakAuthSecretReason(secret)).toMatch(/placeholder/);
  });

  it.each([
    ['one character repeated', 'a'.repeat(48)],
    ['a short pattern repeated', 'abc'.repeat(16)],
    ['digits in a loop', '0123456789abcdef'.repeat(3)],
    ['too few distinct characters', 'aabbaabbababbbaaabababbbaaabbbaaababab'],
  ])('refuses a repeated pattern: %s', (_label, secret) => {
    expect(weakAuthSecretReason(secret)).toMatch(/repeated pattern/);
  });
});

describe('APP_MODE=production refuses to start with a weak AUTH_SECRET', () => {
  const weak = 'change-me-to-a-random-secret-of-32-chars-or-more';

  it('the server environment names AUTH_SECRET and why', () => {
    let error: unknown;
    try {
      parseServerEnv({ DATABASE_URL, AUTH_SECRET: weak, APP_MODE: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems.map((p) => p.variable)).toEqual(['AUTH_SECRET']);
    expect(problems[0]?.message).toMatch(/placeholder.*APP_MODE=production/);
  });

  it('NEXTAUTH_SECRET is held to the same rule', () => {
    expect(() => parseServerEnv({ DATABASE_URL, NEXTAUTH_SECRET: 'x'.repeat(40), APP_MODE: 'production' })).toThrow(/AUTH_SECRET: is a repeated pattern/);
  });

  it('npm start (startEnv) refuses it too, before touching a database; unset is fine (a random secret is generated)', () => {
    expect(() => startEnv({ AUTH_SECRET: weak, APP_MODE: 'production' })).toThrow(EnvError);
    expect(startEnv({ APP_MODE: 'production' }).AUTH_SECRET).toBeUndefined();
  });

  it('accepts a random secret in production', () => {
    const secret = RANDOM();
    expect(parseServerEnv({ DATABASE_URL, AUTH_SECRET: secret, APP_MODE: 'production' }).AUTH_SECRET).toBe(secret);
  });

  it('demo mode keeps accepting any secret of 32 characters (the tests\' and the demo\'s)', () => {
    expect(parseServerEnv({ DATABASE_URL, AUTH_SECRET: weak }).APP_MODE).toBe('demo');
    expect(() => parseServerEnv({ DATABASE_URL, AUTH_SECRET: 'short', APP_MODE: 'demo' })).toThrow(/at least 32 characters/);
  });
});
