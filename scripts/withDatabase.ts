/**
 * Shared frame of the database CLIs (db:migrate, db:seed): resolves the database by the same
 * rule as npm start (DATABASE_URL, or the embedded PostgreSQL in <DATA_DIR>/pg), applies pending
 * migrations, runs the task, stops an embedded server again and exits with the task's outcome.
 */
import { startEnv } from '../src/config/env';
import { resolveDatabase } from '../src/db/embedded';
import { applyMigrations } from '../src/db/migrate';

export function runWithMigratedDatabase(task: (url: string, applied: string[]) => Promise<void>): void {
  const main = async () => {
    const env = startEnv();
    const db = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, pgPort: env.PGPORT });
    try {
      const applied = await applyMigrations(db.url, 'prisma/migrations', { log: (line) => console.log(`[migrate] ${line}`) });
      await task(db.url, applied);
    } finally {
      await db.stop();
    }
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
