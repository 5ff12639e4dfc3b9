/**
 * npm run db:seed — seeds the demo data when the database has no organisations yet.
 * Same database rule as npm start: DATABASE_URL, or the embedded PostgreSQL in <DATA_DIR>/pg.
 * Applies pending migrations first, since seeding an unmigrated database cannot work.
 */
import { startEnv } from '../src/config/env';
import { resolveDatabase } from '../src/db/embedded';
import { applyMigrations } from '../src/db/migrate';

async function main(): Promise<number> {
  const env = startEnv();
  const db = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PGPORT });
  try {
    await applyMigrations(db.url, 'prisma/migrations', { log: (line) => console.log(`[migrate] ${line}`) });
    process.env.DATABASE_URL = db.url; // the seed (and the Prisma client it loads) reads this
    const { seedIfEmpty } = await import('../src/db/seed');
    const seeded = await seedIfEmpty();
    console.log(seeded ? '[seed] demo data created' : '[seed] database already has data: nothing to do');
    const { disconnectDb } = await import('../src/db/client');
    await disconnectDb();
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
