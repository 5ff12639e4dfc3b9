import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { cycleOf } from '../compliance/cycle';
import { inTransaction } from '../tx';
import { marketTimeNow, measuredAt } from './scope';

/**
 * The supply analysis's figures per participant account and vintage, as of an instant (DOMAIN §7):
 * - HELD: CEA of vintages up to the year, every bucket;
 * - FREE: CEA of the year's vintage moved by allocations, less deductions;
 * - AUCTIONED: CEA of the year's vintage won at auctions.
 * Read live, or from the snapshot the scheduler takes once a year's measuring instant (the end of
 * its surrender deadline's day) has passed: the figures of that instant cannot change any more.
 */

export type SupplyLineKind = 'HELD' | 'FREE' | 'AUCTIONED';
export const SUPPLY_LINE_KINDS: readonly SupplyLineKind[] = ['HELD', 'FREE', 'AUCTIONED'];

/** A year measured at an instant (market time). */
export interface SupplyMeasure {
  year: number;
  at: Date;
}

/** SQL of the measures as a relation `m(year, at)`, for joining each year to its instant. */
export const measuresSql = (measures: readonly SupplyMeasure[]) =>
  Prisma.sql`unnest(${measures.map((m) => m.year)}::int[], ${measures.map((m) => m.at.toISOString())}::timestamptz[]) AS m(year, at)`;

/**
 * SQL of rows (year, account_id, vintage, quantity) of one kind for each measure, from the ledger.
 * HELD is the holdings now less what was posted after the instant (entries found by their date),
 * so it costs what happened since, not the whole journal.
 */
export function liveSupplyLines(kind: SupplyLineKind, measures: readonly SupplyMeasure[]): Prisma.Sql {
  const m = measuresSql(measures);
  if (kind === 'HELD') {
    const earliest = new Date(Math.min(...measures.map((x) => x.at.getTime())));
    return Prisma.sql`
      SELECT m.year, h.account_id, h.vintage, ((h.available + h.locked + h.pledged + h.frozen) - coalesce(later.quantity, 0))::bigint AS quantity
        FROM ${m}
        JOIN holding h ON h.instrument = 'CEA' AND h.vintage <= m.year
        JOIN registry_account a ON a.id = h.account_id AND a.type = 'PARTICIPANT'
        LEFT JOIN (
          SELECT m.year, p.account_id, p.vintage, sum(p.quantity) AS quantity
            -- The entries after the earliest instant, by the date index (a constant the planner can estimate).
            FROM (SELECT id, created_at FROM journal_entry WHERE created_at > ${earliest}) j
            JOIN ${m} ON j.created_at > m.at
            JOIN unit_posting p ON p.entry_id = j.id AND p.instrument = 'CEA' AND p.vintage <= m.year
           GROUP BY 1, 2, 3
        ) later ON later.year = m.year AND later.account_id = h.account_id AND later.vintage = h.vintage`;
  }
  const types = kind === 'FREE' ? Prisma.sql`j.type IN ('ALLOCATION', 'DEDUCTION')` : Prisma.sql`j.type = 'AUCTION_SETTLEMENT'`;
  return Prisma.sql`
    SELECT m.year, p.account_id, p.vintage, sum(p.quantity)::bigint AS quantity
      FROM ${m}
      JOIN journal_entry j ON ${types} AND j.created_at <= m.at
      JOIN unit_posting p ON p.entry_id = j.id AND p.instrument = 'CEA' AND p.vintage = m.year
      JOIN registry_account a ON a.id = p.account_id AND a.type = 'PARTICIPANT'
     GROUP BY 1, 2, 3`;
}

/** SQL of the same rows from the snapshots of `years`. */
export const snapshotSupplyLines = (kind: SupplyLineKind, years: readonly number[]) => Prisma.sql`
  SELECT year, account_id, vintage, quantity FROM supply_snapshot_line WHERE kind = ${kind} AND year = ANY(${[...years]}::int[])`;

/** The years among `measures` whose snapshot was taken at that very instant. */
export async function snapshottedYears(measures: readonly SupplyMeasure[]): Promise<Set<number>> {
  if (measures.length === 0) return new Set();
  const rows = await db().supplySnapshot.findMany({ where: { year: { in: measures.map((m) => m.year) } }, select: { year: true, measuredAt: true } });
  const atOf = new Map(measures.map((m) => [m.year, m.at.getTime()]));
  return new Set(rows.filter((r) => atOf.get(r.year) === r.measuredAt.getTime()).map((r) => r.year));
}

/**
 * Scheduled work (src/server/schedule/scheduler.ts): fixes the supply figures of every compliance
 * year whose measuring instant has passed and that has no snapshot yet, after a moment's SHARE lock
 * on the journal (so that no entry dated before the instant is still uncommitted), one statement
 * per kind. Returns the years snapshotted.
 */
export async function takeSupplySnapshots(): Promise<number[]> {
  const now = await marketTimeNow();
  const client = db();
  const open = await client.$queryRaw<{ year: number }[]>`
    SELECT c.year FROM compliance_cycle c WHERE NOT EXISTS (SELECT 1 FROM supply_snapshot s WHERE s.year = c.year) ORDER BY c.year`;
  const due: SupplyMeasure[] = [];
  for (const { year } of open) {
    const measure = measuredAt((await cycleOf(client, year)).surrenderDeadline, now);
    if (measure.final) due.push({ year, at: measure.at });
  }
  const taken: number[] = [];
  if (due.length === 0) return taken;
  // A moment's SHARE lock on the journal waits for every transaction writing entries to commit; any
  // transaction after it is dated after the instants, which have passed. Nobody is blocked longer.
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`LOCK TABLE journal_entry IN SHARE MODE`;
  });
  for (const measure of due) {
    const done = await inTransaction(async (tx) => {
      const inserted = await tx.$executeRaw`INSERT INTO supply_snapshot (year, measured_at) VALUES (${measure.year}, ${measure.at}) ON CONFLICT (year) DO NOTHING`;
      if (inserted === 0) return false; // another process took it
      for (const kind of SUPPLY_LINE_KINDS) {
        await tx.$executeRaw`
          INSERT INTO supply_snapshot_line (year, kind, account_id, vintage, quantity)
          SELECT l.year, ${kind}, l.account_id, l.vintage, l.quantity FROM (${liveSupplyLines(kind, [measure])}) l WHERE l.quantity <> 0`;
      }
      return true;
    });
    if (done) taken.push(measure.year);
  }
  return taken;
}
