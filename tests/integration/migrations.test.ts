import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationChecksum, readMigrations } from '@/db/migrate';
import { testDatabaseUrl } from '../setup/integrationDb';

/** A scratch migrations folder and a scratch schema, so this file never touches the real tables. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'cax-migrations-'));
const schema = `migtest_${process.pid}`;

function writeMigration(name: string, sql: string): void {
  mkdirSync(path.join(dir, name), { recursive: true });
  writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('applyMigrations', () => {
  it('has already applied every migration in prisma/migrations to the test database', async () => {
    const files = await readMigrations('prisma/migrations');
    expect(files.length).toBeGreaterThan(0);
    expect(await applyMigrations(testDatabaseUrl())).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null }>(
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" WHERE migration_name = ANY($1) ORDER BY migration_name',
      [files.map((file) => file.name)],
    );
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      files.map((file) => [file.name, file.checksum, 1]),
    );
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it('applies new migrations in name order, and a second run is a no-op', async () => {
    writeMigration('20990101000002_second', `INSERT INTO "${schema}".items (label) VALUES ('second');`);
    writeMigration('20990101000001_first', `CREATE SCHEMA "${schema}";\nCREATE TABLE "${schema}".items (id serial PRIMARY KEY, label text NOT NULL);`);

    expect(await applyMigrations(testDatabaseUrl(), dir)).toEqual(['20990101000001_first', '20990101000002_second']);
    expect(await applyMigrations(testDatabaseUrl(), dir)).toEqual([]);

    expect(await query(`SELECT label FROM "${schema}".items`)).toEqual([{ label: 'second' }]);
    const recorded = await query<{ checksum: string }>(
      'SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1',
      ['20990101000001_first'],
    );
    expect(recorded).toEqual([
      { checksum: migrationChecksum(`CREATE SCHEMA "${schema}";\nCREATE TABLE "${schema}".items (id serial PRIMARY KEY, label text NOT NULL);`) },
    ]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    writeMigration('20990101000002_second', `INSERT INTO "${schema}".items (label) VALUES ('edited');`);
    writeMigration('20990101000003_third', `INSERT INTO "${schema}".items (label) VALUES ('third');`);

    await expect(applyMigrations(testDatabaseUrl(), dir)).rejects.toThrow(/20990101000002_second was changed after it was applied/);
    // nothing after the refusal ran
    expect(await query(`SELECT label FROM "${schema}".items ORDER BY id`)).toEqual([{ label: 'second' }]);
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const failing = mkdtempSync(path.join(os.tmpdir(), 'cax-migrations-fail-'));
    try {
      mkdirSync(path.join(failing, '20990101000009_broken'));
      writeFileSync(
        path.join(failing, '20990101000009_broken', 'migration.sql'),
        `CREATE TABLE "${schema}".half_done (id int);\nSELECT * FROM no_such_table;`,
      );
      await expect(applyMigrations(testDatabaseUrl(), failing)).rejects.toThrow(/20990101000009_broken failed/);
      expect(await query(`SELECT to_regclass('"${schema}".half_done') AS t`)).toEqual([{ t: null }]);
      expect(await query('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1', ['20990101000009_broken'])).toEqual([]);
    } finally {
      rmSync(failing, { recursive: true, force: true });
    }
  });

  it('lets only one process migrate at a time', async () => {
    const concurrent = mkdtempSync(path.join(os.tmpdir(), 'cax-migrations-lock-'));
    try {
      mkdirSync(path.join(concurrent, '20990101000010_slow'));
      writeFileSync(
        path.join(concurrent, '20990101000010_slow', 'migration.sql'),
        `SELECT pg_sleep(0.3);\nCREATE TABLE "${schema}".once (id int);`,
      );
      const results = await Promise.all([applyMigrations(testDatabaseUrl(), concurrent), applyMigrations(testDatabaseUrl(), concurrent)]);
      expect(results.flat()).toEqual(['20990101000010_slow']);
    } finally {
      rmSync(concurrent, { recursive: true, force: true });
    }
  });
});
