import { Prisma } from '@/generated/prisma/client';
import type { Tx } from '../tx';

/**
 * Per trading day, the CEA tonnes traded (nationally and per province) and the organisations that
 * traded: kept by the trading day end for every day up to the one it closes (`summariseTrades`, a
 * day-end step), read by the compliance-behaviour analysis together with the trades of the days
 * after the last summarised one. Both sides come from the SQL functions `cea_trade_volumes` and
 * `cea_traders` (migration 20261212100000), so a trade counts the same way in either.
 */

/** The last summarised trading day (days with trades only; null: none yet). */
const SUMMARISED_THROUGH = Prisma.sql`(SELECT max(trading_day) FROM trade_day_volume)`;

/** Day-end step: summarises every trading day after the last summarised one, up to `day`. Returns the days summarised. */
export async function summariseTrades(tx: Tx, day: string): Promise<number> {
  const through = await tx.$queryRaw<{ d: string | null }[]>`SELECT to_char(${SUMMARISED_THROUGH}, 'YYYY-MM-DD') AS d`;
  const after = through[0]?.d ?? null;
  const days = await tx.$queryRaw<{ n: number }[]>`
    WITH added AS (INSERT INTO trade_day_volume (trading_day, scope, tonnes) SELECT * FROM cea_trade_volumes(${after}::date, ${day}::date) RETURNING scope)
    SELECT count(*) FILTER (WHERE scope = 'ALL')::int AS n FROM added`;
  await tx.$executeRaw`INSERT INTO trade_day_trader (organisation_id, trading_day) SELECT * FROM cea_traders(${after}::date, ${day}::date)`;
  return days[0]?.n ?? 0;
}

/** The CEA tonnes traded per day of [from, to] (from null: from the first), nationally or in a province: summary, then live. */
export const tradeVolumesSql = (from: string | null, to: string, province: string | null) => {
  const scope = province ?? 'ALL';
  return Prisma.sql`
    SELECT to_char(v.trading_day, 'YYYY-MM-DD') AS day, sum(v.tonnes)::bigint AS tonnes FROM (
      SELECT trading_day, tonnes FROM trade_day_volume
       WHERE scope = ${scope} AND (${from}::date IS NULL OR trading_day >= ${from}::date) AND trading_day <= ${to}::date
      UNION ALL
      SELECT trading_day, tonnes FROM cea_trade_volumes(${SUMMARISED_THROUGH}, ${to}::date)
       WHERE scope = ${scope} AND (${from}::date IS NULL OR trading_day >= ${from}::date)
    ) v GROUP BY v.trading_day ORDER BY v.trading_day`;
};

/** SQL: whether the organisation `orgColumn` traded CEA on a day of [from, to]: summary, then live. */
export const tradedBetweenSql = (orgColumn: Prisma.Sql, from: string | null, to: string) => Prisma.sql`
  (EXISTS (SELECT 1 FROM trade_day_trader d WHERE d.organisation_id = ${orgColumn}
              AND (${from}::date IS NULL OR d.trading_day >= ${from}::date) AND d.trading_day <= ${to}::date)
   OR ${orgColumn} IN (SELECT l.organisation_id FROM cea_traders(${SUMMARISED_THROUGH}, ${to}::date) l
                        WHERE ${from}::date IS NULL OR l.trading_day >= ${from}::date))`;
