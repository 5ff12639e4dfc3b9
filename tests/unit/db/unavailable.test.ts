import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '@/db/unavailable';

/** The shapes seen when PostgreSQL was killed under a running app, and errors that are not an outage. */
describe('database out of reach', () => {
  it('recognises Prisma’s wrapped driver-adapter error of an unreachable server', () => {
    const adapter = Object.assign(new Error('DatabaseNotReachable'), { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5433 } });
    const prisma = Object.assign(new Error('Raw query failed. Code: `N/A`. Message: `Can\'t reach database server at 127.0.0.1:5433`'), { code: 'P2010', meta: { driverAdapterError: adapter } });
    expect(isDatabaseUnavailable(prisma)).toBe(true);
  });

  it('recognises connection SQLSTATEs, shutdowns, Prisma connection codes and socket errors', () => {
    for (const code of ['08006', '08001', '57P01', '57P03', 'P1001', 'P1017', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  });

  it('leaves every other error alone', () => {
    for (const code of ['23505', 'P2002', '22003', '40001', 'P2010']) expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('DatabaseNotReachable')).toBe(false);
  });
});
