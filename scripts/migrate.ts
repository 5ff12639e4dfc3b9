/**
 * npm run db:migrate — applies prisma/migrations to DATABASE_URL, or to the embedded
 * PostgreSQL in <DATA_DIR>/pg when DATABASE_URL is unset (the same rule as npm start).
 */
import { runWithMigratedDatabase } from './withDatabase';

runWithMigratedDatabase(async (_url, applied) => {
  console.log(applied.length ? `[migrate] applied ${applied.length} migration(s)` : '[migrate] database is up to date');
});
