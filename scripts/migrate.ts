/**
 * npm run db:migrate — applies prisma/migrations to DATABASE_URL, or to the embedded
 * PostgreSQL in <DATA_DIR>/pg when DATABASE_URL is unset (the same rule as npm start).
 */
import { startEnv } from '../src/config/env';
import { resolveDatabase } from '../src/db/embedded';
import { applyMigrations } from '../src/db/migrate';

async function main(): Promise<number> {
  const env = startEnv();
  const db = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PGPORT });
  try {
    const applied = await applyMigrations(db.url, 'prisma/migrations', { log: (line) => console.log(`[migrate] ${line}`) });
    console.log(applied.length ? `[migrate] applied ${applied.length} migration(s)` : '[migrate] database is up to date');
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
