import { afterAll, describe, expect, it } from 'vitest';
import { GET as instruments } from '@/app/api/v1/instruments/route';
import { GET as health } from '@/app/api/v1/health/route';
import { fail } from '@/server/errors';
import { errorResponse } from '@/server/http/route';
import { call } from '../../support/http';

/**
 * While PostgreSQL is out of reach the API answers 503 DATABASE_UNAVAILABLE (try again), never 500,
 * and it answers again by itself once the database is back — here the database "goes away" by
 * pointing the client at a port nobody listens on, and "comes back" by pointing it home again.
 */
const home = process.env.DATABASE_URL!;

afterAll(() => {
  process.env.DATABASE_URL = home;
});

describe('the database out of reach', () => {
  it('answers 503 while it is away and 200 again once it is back', async () => {
    expect((await call(instruments, { path: '/api/v1/instruments' })).status).toBe(200);

    process.env.DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:1/nowhere';
    const away = await call(instruments, { path: '/api/v1/instruments', headers: { 'accept-language': 'zh-CN' } });
    expect(away.status).toBe(503);
    expect(away.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(away.body.error.message).toMatch(/数据库/);
    const down = await call(health, { path: '/api/v1/health' });
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '5']);

    process.env.DATABASE_URL = home;
    expect((await call(instruments, { path: '/api/v1/instruments' })).status).toBe(200);
    expect((await call(health, { path: '/api/v1/health' })).body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('asks the client to try again in a few seconds', () => {
    const res = errorResponse(fail('DATABASE_UNAVAILABLE', {}));
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '5']);
  });
});
