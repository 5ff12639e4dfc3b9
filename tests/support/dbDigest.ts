/**
 * SQL that digests the whole content of every table of the current schema: one row per table,
 * `name` and `digest` (md5 of its rows as text, in order). Any write anywhere, to any column,
 * changes a digest, and a table added later is covered without editing anything (the one table
 * left out: rate_limit_window, the sign-in attempt counters; the one column: user_session.last_seen_at). Plain SQL, so
 * both the Prisma client (integration tests) and a pg client on the e2e app's database can run it.
 */
export const TABLE_DIGESTS_SQL = `
  SELECT table_name::text AS name,
         (xpath('/table/row/d/text()', query_to_xml(
            format('SELECT md5(coalesce(string_agg(%s, chr(10) ORDER BY %s), '''')) AS d FROM %I.%I t', row_text, row_text, table_schema, table_name),
            false, false, '')))[1]::text AS digest
    FROM (SELECT table_schema, table_name,
                 -- A browser session's last activity (wall clock, for the idle timeout of privileged
                 -- users) is the one column a signed-in read may touch: every other column counts.
                 CASE WHEN table_name = 'user_session' THEN '(t.id, t.user_id, t.created_at, t.ended_at, t.ended_reason)::text' ELSE 't::text' END AS row_text
            FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             -- Sign-in attempt counters (wall-clock bookkeeping written by a sign-in, which tests run and
             -- reset between reads); no read touches them.
             AND table_name <> 'rate_limit_window') tables
   ORDER BY table_name`;

/** The rows of TABLE_DIGESTS_SQL as { table: digest }. */
export const digestsByTable = (rows: { name: string; digest: string }[]): Record<string, string> =>
  Object.fromEntries(rows.map((r) => [r.name, r.digest]));
