/**
 * SQL that digests the whole content of every table of the current schema: one row per table,
 * `name` and `digest` (md5 of its rows as text, in order). Any write anywhere, to any column,
 * changes a digest, and a table added later is covered without editing anything (the one table
 * left out: rate_limit_window, the sign-in attempt counters). Plain SQL, so
 * both the Prisma client (integration tests) and a pg client on the e2e app's database can run it.
 */
export const TABLE_DIGESTS_SQL = `
  SELECT table_name::text AS name,
         (xpath('/table/row/d/text()', query_to_xml(
            format('SELECT md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '''')) AS d FROM %I.%I t', table_schema, table_name),
            false, false, '')))[1]::text AS digest
    FROM information_schema.tables
   WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
     -- Sign-in attempt counters (wall-clock bookkeeping written by a sign-in, which tests run and
     -- reset between reads); no read touches them.
     AND table_name <> 'rate_limit_window'
   ORDER BY table_name`;

/** The rows of TABLE_DIGESTS_SQL as { table: digest }. */
export const digestsByTable = (rows: { name: string; digest: string }[]): Record<string, string> =>
  Object.fromEntries(rows.map((r) => [r.name, r.digest]));
