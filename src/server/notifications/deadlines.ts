import { db } from '@/db/client';
import { deadlineDedupeKey, dueReminder } from '@/domain/notifications/kinds';
import { daysBetween } from '@/domain/trading/calendar';
import { cycleFrom, cyclesOf, type CycleRow } from '../compliance/cycle';
import { inTransaction } from '../tx';
import { notifyOrganisations } from './notify';

/**
 * Surrender deadline reminders (DEADLINE_APPROACHING), a step of the due work: 30, 7 and 1 calendar
 * days before the surrender deadline of a compliance year still open (src/domain/notifications/
 * kinds.ts `dueReminder`), on the market clock, to the compliance officers of each entity covered
 * in the year — unless the entity has already surrendered its verified obligation in full, or the
 * year is closed in its province. Each reminder goes once per officer, year, entity and reminder
 * (dedupe key `deadline:<year>:<organisationId>:<days>`): running the step again, or in several
 * processes at once, writes nothing twice.
 *
 * The years looked at are the three whose default deadline can lie within 30 days of today (the
 * default deadline of year Y is 31 December of Y + 1; a cycle row may set another).
 */
export async function remindDeadlines(today: string, cycleRows?: CycleRow[]): Promise<number> {
  const thisYear = Number(today.slice(0, 4));
  const years = [thisYear - 2, thisYear - 1, thisYear];
  // The due work passes the cycle rows it read with the clock; alone, the step reads them.
  const cycles = cycleRows ? years.map((y) => cycleFrom(y, cycleRows.find((r) => r.year === y))) : await cyclesOf(db(), years);
  let written = 0;
  for (const cycle of cycles) {
    const year = cycle.year;
    const daysLeft = daysBetween(today, cycle.surrenderDeadline);
    const days = dueReminder(daysLeft);
    if (days === null) continue;
    const entities = await db().$queryRaw<{ organisation_id: number }[]>`
      SELECT DISTINCT c.organisation_id FROM covered_entity c
       WHERE c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year})
         AND NOT EXISTS (SELECT 1 FROM compliance_year_closing y WHERE y.year = ${year} AND y.province_code = c.province_code)
         AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.dedupe_key = ${`deadline:${year}:`}::text || c.organisation_id::text || ${`:${days}`}::text) -- deadlineDedupeKey
         AND NOT EXISTS (
           SELECT 1 FROM emission_report r
            WHERE r.organisation_id = c.organisation_id AND r.year = ${year} AND r.status = 'VERIFIED'
              AND coalesce((SELECT sum(s.credited_cea + s.credited_offset) FROM surrender s WHERE s.organisation_id = c.organisation_id AND s.year = ${year}), 0) >= r.verified_emissions)
       ORDER BY c.organisation_id`;
    if (entities.length === 0) continue;
    // Every entity's reminder in one transaction of three statements (thousands of entities at national scale).
    written += await inTransaction((tx) =>
      notifyOrganisations(
        tx,
        'compliance.surrender',
        'DEADLINE_APPROACHING',
        entities.map(({ organisation_id: organisationId }) => ({
          organisationId, params: { year, deadline: cycle.surrenderDeadline, daysLeft }, dedupeKey: deadlineDedupeKey(year, organisationId, days),
        })),
        { link: '/compliance' },
      ),
    );
  }
  return written;
}
