import { db } from '@/db/client';
import { apiRoute, json } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';

export const dynamic = 'force-dynamic';

const DB_TIMEOUT_MS = 2_000;

async function databaseAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DB_TIMEOUT_MS);
  });
  try {
    return await Promise.race([db().$queryRaw`SELECT 1`.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** While the database is away: 503, with the same Retry-After as every other route answers then. */
function down() {
  const res = json({ status: 'error', db: 'down' }, 503);
  res.headers.set('retry-after', '5');
  return res;
}

export const GET = apiRoute(endpoints.health, async () => ((await databaseAnswers()) ? { status: 'ok', db: 'ok' } : down()));
