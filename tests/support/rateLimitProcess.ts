/**
 * Another app process, for the rate-limit tests: counts `n` sign-in attempts for `key` against
 * DATABASE_URL with the app's own limiter and prints how many were let through (JSON).
 * Usage: tsx tests/support/rateLimitProcess.ts <key> <n>
 */
import { disconnectDb } from '@/db/client';
import { SIGN_IN_LIMIT, takeAttempt } from '@/server/identity/rateLimit';

async function main(): Promise<void> {
  const [key, n] = process.argv.slice(2);
  if (!key || !n) throw new Error('usage: rateLimitProcess.ts <key> <n>');
  let allowed = 0;
  for (let i = 0; i < Number(n); i += 1) if (await takeAttempt(key, SIGN_IN_LIMIT)) allowed += 1;
  await disconnectDb();
  console.log(JSON.stringify({ allowed, pid: process.pid }));
}

void main();
