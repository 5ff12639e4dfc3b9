import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';

/**
 * The Prisma client singleton, on the node-postgres driver adapter (no engine binary needed), and
 * the node-postgres pool under it. Created lazily from DATABASE_URL so that scripts and tests can
 * set the URL first. The pool is shared: the trading hot path calls its stored procedures on it
 * directly (src/db/sql.ts), everything else goes through Prisma, within one connection limit.
 */
const globalForDb = globalThis as unknown as { __prisma?: PrismaClient; __pool?: pg.Pool; __prismaUrl?: string };

function connect(): { prisma: PrismaClient; pool: pg.Pool } {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!globalForDb.__prisma || !globalForDb.__pool || globalForDb.__prismaUrl !== url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    // An idle connection that breaks (the server restarted) is dropped from the pool; the next query opens another.
    pool.on('error', (error) => console.error('[db] an idle database connection failed', error.message));
    globalForDb.__pool = pool;
    globalForDb.__prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    globalForDb.__prismaUrl = url;
  }
  return { prisma: globalForDb.__prisma, pool: globalForDb.__pool };
}

export function db(): PrismaClient {
  return connect().prisma;
}

/** The node-postgres pool under the Prisma client. */
export function pool(): pg.Pool {
  return connect().pool;
}

export async function disconnectDb(): Promise<void> {
  if (globalForDb.__prisma) {
    await globalForDb.__prisma.$disconnect();
    globalForDb.__prisma = undefined;
  }
  if (globalForDb.__pool) {
    const p = globalForDb.__pool;
    globalForDb.__pool = undefined;
    await p.end().catch(() => undefined);
  }
}
