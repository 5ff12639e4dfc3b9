import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';

/**
 * The Prisma client singleton, on the node-postgres driver adapter (no engine binary needed).
 * Created lazily from DATABASE_URL so that scripts and tests can set the URL first.
 */
const globalForDb = globalThis as unknown as { __prisma?: PrismaClient; __prismaUrl?: string };

export function db(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  if (!globalForDb.__prisma || globalForDb.__prismaUrl !== url) {
    const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    globalForDb.__prisma = new PrismaClient({ adapter });
    globalForDb.__prismaUrl = url;
  }
  return globalForDb.__prisma;
}

export async function disconnectDb(): Promise<void> {
  if (globalForDb.__prisma) {
    await globalForDb.__prisma.$disconnect();
    globalForDb.__prisma = undefined;
  }
}
