/**
 * Applies Prisma-layout migrations (`prisma/migrations/<name>/migration.sql`) with plain `pg`,
 * recording the same `_prisma_migrations` rows `prisma migrate deploy` writes, so either tool
 * can take over a database migrated by the other. (The Prisma CLI cannot fetch its schema
 * engine here; see ENGINEERING.md.)
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Arbitrary constant shared by every process that migrates this application's databases. */
export const MIGRATION_LOCK_KEY = 72_707_369; // Prisma uses the same value for `migrate deploy`

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationChecksum(sql: string | Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Lists `<dir>/<name>/migration.sql` in name order (Prisma's order: the timestamp prefix). */
export async function readMigrations(dir = 'prisma/migrations'): Promise<MigrationFile[]> {
  const root = path.resolve(dir);
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const content = await readFile(path.join(root, name, 'migration.sql'));
    files.push({ name, sql: content.toString('utf8'), checksum: migrationChecksum(content) });
  }
  return files;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies every migration in `dir` not yet recorded in `_prisma_migrations`, each in its own
 * transaction, under a session advisory lock. Throws if an applied migration's file changed or
 * an earlier attempt failed. Returns the names applied (empty when up to date).
 */
export async function applyMigrations(
  databaseUrl: string,
  dir = 'prisma/migrations',
  options: { log?: (line: string) => void } = {},
): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const done = new Map<string, AppliedRow>();
      for (const row of rows) {
        if (row.rolled_back_at) continue;
        if (!row.finished_at) {
          throw new MigrationError(
            `Migration ${row.migration_name} was started but did not finish (a failed earlier attempt). ` +
              'Fix the database by hand, then delete or mark that row in _prisma_migrations as rolled back.',
          );
        }
        done.set(row.migration_name, row);
      }
      for (const migration of migrations) {
        const previous = done.get(migration.name);
        if (previous && previous.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied ` +
              `(recorded checksum ${previous.checksum}, file now ${migration.checksum}). ` +
              'Never edit an applied migration: add a new one instead.',
          );
        }
      }
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        log(`applying migration ${migration.name}`);
        const id = randomUUID();
        await client.query('BEGIN');
        try {
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
            [id, migration.checksum, migration.name],
          );
          await client.query(migration.sql);
          await client.query(
            'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
            [id],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
  return applied;
}
