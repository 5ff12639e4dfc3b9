/**
 * Issue 13 §8: sign-in and token issuance are rate-limited with windows kept in PostgreSQL, so
 * several app processes share one count; and sign-in does the same work (one bcrypt comparison)
 * for an unknown or disabled email as for a known one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { authenticate, BCRYPT_ROUNDS, DUMMY_PASSWORD_HASH } from '@/server/identity/credentials';
import { pruneRateLimitWindows, resetRateLimits, SIGN_IN_LIMIT, takeAttempt } from '@/server/identity/rateLimit';
import { POST as token } from '@/app/api/v1/auth/token/route';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectError } from './helpers';

let reg: Registry;
let entity: Participant;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  entity = await createParticipant(reg, { province: 'GD', cea: { 2024: 100 } });
});

beforeEach(() => resetRateLimits());

/** Another app process (tsx, its own Prisma client and pool) counting `n` attempts for `key` on this database. */
function attemptsInAnotherProcess(key: string, n: number): Promise<{ allowed: number; pid: number }> {
  const root = process.cwd();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'tests', 'support', 'rateLimitProcess.ts'), key, String(n)],
      { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`rateLimitProcess exited with ${code}: ${out}`));
      const last = out.trim().split('\n').at(-1) ?? '';
      resolve(JSON.parse(last) as { allowed: number; pid: number });
    });
  });
}

const windowOf = async (key: string) =>
  db().rateLimitWindow.findUnique({ where: { key } });

describe('rate limits kept in PostgreSQL', () => {
  it('two app processes share one count: 6 attempts in another process and 4 here use up the window; the 11th is 429 RATE_LIMITED', async () => {
    const email = entity.actor.email;
    const other = await attemptsInAnotherProcess(`sign-in:${email}`, 6);
    expect(other.pid).not.toBe(process.pid);
    expect(other.allowed).toBe(6);
    expect((await windowOf(`sign-in:${email}`))?.count).toBe(6);

    for (let i = 0; i < 4; i += 1) await expectError(token, { body: { email, password: `wrong-${i}` } }, 401, 'UNAUTHENTICATED');
    await expectError(token, { body: { email, password: TEST_PASSWORD } }, 429, 'RATE_LIMITED');
    // And the other process, asking again, is refused as well: the window is full for everyone.
    expect((await attemptsInAnotherProcess(`sign-in:${email}`, 1)).allowed).toBe(0);
    // Another email is not affected.
    expect((await call(token, { body: { email: reg.registry.email, password: TEST_PASSWORD } })).status).toBe(200);
  }, 60_000);

  it('counts atomically: 25 attempts at once for one key let exactly 10 through', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => takeAttempt('sign-in:race@test.cn', SIGN_IN_LIMIT)));
    expect(results.filter(Boolean)).toHaveLength(SIGN_IN_LIMIT.limit);
    expect((await windowOf('sign-in:race@test.cn'))?.count).toBe(25);
  });

  it('starts a new window once the old one has run out', async () => {
    const email = entity.actor.email;
    for (let i = 0; i < 10; i += 1) await expectError(token, { body: { email, password: `wrong-${i}` } }, 401);
    await expectError(token, { body: { email, password: TEST_PASSWORD } }, 429, 'RATE_LIMITED');
    // The window began a minute ago (wall clock): the next attempt opens a new one.
    await db().$executeRaw`UPDATE rate_limit_window SET window_start = window_start - interval '61 seconds' WHERE key = ${`sign-in:${email}`}`;
    expect((await call(token, { body: { email, password: TEST_PASSWORD } })).status).toBe(200);
    expect((await windowOf(`sign-in:${email}`))?.count).toBe(1);
  });

  it('prunes windows that ended long ago and keeps the current ones', async () => {
    await takeAttempt('sign-in:current@test.cn', SIGN_IN_LIMIT);
    await db().rateLimitWindow.create({ data: { key: 'sign-in:old@test.cn', windowStart: new Date(Date.now() - 2 * 60 * 60_000), count: 3 } });
    expect(await pruneRateLimitWindows()).toBe(1);
    expect((await db().rateLimitWindow.findMany({ orderBy: { key: 'asc' } })).map((w) => w.key)).toEqual(['sign-in:current@test.cn']);
  });
});

describe('sign-in does the same work for every email', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the dummy hash has the cost of real password hashes', () => {
    expect(bcrypt.getRounds(DUMMY_PASSWORD_HASH)).toBe(BCRYPT_ROUNDS);
  });

  it('one bcrypt comparison for an unknown email, a disabled user, a wrong password and the right one', async () => {
    const disabled = await createParticipant(reg, { province: 'HB' });
    await db().user.update({ where: { id: disabled.actor.userId }, data: { disabled: true } });
    const compare = vi.spyOn(bcrypt, 'compare');
    const comparisonsFor = async (email: string, password: string) => {
      compare.mockClear();
      const outcome = await authenticate({ email, password, ip: null }).then(
        () => 'signed in',
        (e: unknown) => (e as { code?: string }).code ?? String(e),
      );
      return { outcome, comparedWith: compare.mock.calls.map(([, hash]) => (hash === DUMMY_PASSWORD_HASH ? 'dummy hash' : 'user hash')) };
    };
    expect(await comparisonsFor('nobody-at-all@test.cn', TEST_PASSWORD)).toEqual({ outcome: 'UNAUTHENTICATED', comparedWith: ['dummy hash'] });
    expect(await comparisonsFor(disabled.actor.email, TEST_PASSWORD)).toEqual({ outcome: 'UNAUTHENTICATED', comparedWith: ['dummy hash'] });
    expect(await comparisonsFor(entity.actor.email, 'wrong')).toEqual({ outcome: 'UNAUTHENTICATED', comparedWith: ['user hash'] });
    expect(await comparisonsFor(entity.actor.email, TEST_PASSWORD)).toEqual({ outcome: 'signed in', comparedWith: ['user hash'] });
    // No password a test uses matches the dummy hash.
    compare.mockRestore();
    expect(await bcrypt.compare(TEST_PASSWORD, DUMMY_PASSWORD_HASH)).toBe(false);
  });
});
