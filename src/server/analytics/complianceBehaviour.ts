import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { daysBetween } from '@/domain/trading/calendar';
import { cycleVolumes, cycleWindow, inLastMonth, percentOf, type CycleWindow } from '@/domain/analysis/complianceCycle';
import type { Actor } from '../identity/actor';
import { cycleOf } from '../compliance/cycle';
import { analysisProvince, marketDayOf, provinceFilter } from './scope';
import { tradedBetweenSql, tradeVolumesSql } from './tradeSummary';

/**
 * Compliance behaviour of a cycle (DOMAIN §7, "Definitions"): the tonnes traded (listed and block,
 * every CEA vintage) per month of the cycle and the share in its last month before the surrender
 * deadline; the share of covered entities that traded at all; and when entities surrendered
 * relative to the deadline. For a province, the trades with at least one side in it and its
 * covered entities. The pre-deadline share of every earlier cycle is returned too, for the trend.
 */

export interface SurrenderTiming {
  organisationId: number;
  name: string;
  nameZh: string;
  obligation: number | null;
  tonnes: number;
  first: string;
  last: string;
  /** Days from the first surrender to the deadline (negative: after it). */
  daysBeforeDeadline: number;
}

export interface ComplianceBehaviour {
  year: number;
  provinceCode: string | null;
  window: CycleWindow;
  traded: number;
  tradedLastMonth: number;
  preDeadlineShare: string | null;
  byMonth: { month: string; tonnes: number; lastMonth: boolean }[];
  coveredEntities: number;
  entitiesThatTraded: number;
  /** Per cent with 2 decimals; null without covered entities. */
  tradedShare: string | null;
  surrenders: {
    tonnes: number;
    tonnesLastMonth: number;
    tonnesAfterDeadline: number;
    /** Share of the tonnes surrendered in the last month (per cent). */
    lastMonthShare: string | null;
    byMonth: { month: string; tonnes: number; entities: number }[];
    entities: SurrenderTiming[];
  };
  cycles: { year: number; from: string | null; to: string; traded: number; tradedLastMonth: number; preDeadlineShare: string | null }[];
}


async function windowOf(year: number): Promise<CycleWindow> {
  const client = db();
  const [cycle, previous] = [await cycleOf(client, year), await cycleOf(client, year - 1)];
  return cycleWindow(cycle.surrenderDeadline, previous.surrenderDeadline);
}

/** CEA tonnes traded per day of the cycle, nationally or with at least one side in the province. */
async function dailyVolumes(w: CycleWindow, province: string | null) {
  const rows = await db().$queryRaw<{ day: string; tonnes: bigint }[]>(tradeVolumesSql(w.from, w.to, province));
  return rows.map((r) => ({ day: r.day, tonnes: Number(r.tonnes) }));
}

/** Years with a compliance cycle up to `year` (and `year` itself). */
async function cycleYears(year: number): Promise<number[]> {
  const rows = await db().$queryRaw<{ year: number }[]>`SELECT year FROM compliance_cycle WHERE year <= ${year} ORDER BY year`;
  return [...new Set([...rows.map((r) => r.year), year])].sort((a, b) => a - b);
}

export async function complianceBehaviour(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<ComplianceBehaviour> {
  const province = await analysisProvince(actor, opts.provinceCode);
  const client = db();
  const w = await windowOf(year);
  const volumes = cycleVolumes(await dailyVolumes(w, province), w);

  const covered = await client.$queryRaw<{ organisation_id: number; traded: boolean }[]>`
    SELECT c.organisation_id, ${tradedBetweenSql(Prisma.sql`c.organisation_id`, w.from, w.to)} AS traded
      FROM (SELECT DISTINCT organisation_id FROM covered_entity
             WHERE from_year <= ${year} AND (to_year IS NULL OR to_year >= ${year}) ${provinceFilter('province_code', province)}) c`;
  const entitiesThatTraded = covered.filter((c) => c.traded).length;

  const surrenders = await client.$queryRaw<{ organisation_id: number; name: string; name_zh: string; at: Date; tonnes: bigint; obligation: bigint | null }[]>`
    SELECT s.organisation_id, o.name, o.name_zh, s.created_at AS at, (s.credited_cea + s.credited_offset)::bigint AS tonnes,
           (SELECT r.verified_emissions FROM emission_report r WHERE r.organisation_id = s.organisation_id AND r.year = s.year AND r.status = 'VERIFIED') AS obligation
      FROM surrender s JOIN organisation o ON o.id = s.organisation_id
     WHERE s.year = ${year} ${provinceFilter('o.province_code', province)}
     ORDER BY s.created_at, s.id`;
  const dated = surrenders.map((s) => ({ ...s, day: marketDayOf(s.at), t: Number(s.tonnes) }));
  const total = dated.reduce((n, s) => n + s.t, 0);
  const lastMonth = dated.filter((s) => inLastMonth(s.day, w)).reduce((n, s) => n + s.t, 0);
  const months = [...new Set(dated.map((s) => s.day.slice(0, 7)))].sort();
  const byEntity = new Map<number, SurrenderTiming>();
  for (const s of dated) {
    const e = byEntity.get(s.organisation_id);
    if (e) {
      e.tonnes += s.t;
      e.last = s.day;
    } else {
      byEntity.set(s.organisation_id, {
        organisationId: s.organisation_id, name: s.name, nameZh: s.name_zh, obligation: s.obligation === null ? null : Number(s.obligation),
        tonnes: s.t, first: s.day, last: s.day, daysBeforeDeadline: daysBetween(s.day, w.to),
      });
    }
  }

  const cycles: ComplianceBehaviour['cycles'] = [];
  for (const y of await cycleYears(year)) {
    const cw = y === year ? w : await windowOf(y);
    const v = y === year ? volumes : cycleVolumes(await dailyVolumes(cw, province), cw);
    cycles.push({ year: y, from: cw.from, to: cw.to, traded: v.total, tradedLastMonth: v.lastMonth, preDeadlineShare: v.preDeadlineShare });
  }

  return {
    year, provinceCode: province, window: w,
    traded: volumes.total, tradedLastMonth: volumes.lastMonth, preDeadlineShare: volumes.preDeadlineShare, byMonth: volumes.byMonth,
    coveredEntities: covered.length, entitiesThatTraded, tradedShare: percentOf(entitiesThatTraded, covered.length),
    surrenders: {
      tonnes: total, tonnesLastMonth: lastMonth, tonnesAfterDeadline: dated.filter((s) => s.day > w.to).reduce((n, s) => n + s.t, 0),
      lastMonthShare: percentOf(lastMonth, total),
      byMonth: months.map((month) => {
        const inMonth = dated.filter((s) => s.day.startsWith(month));
        return { month, tonnes: inMonth.reduce((n, s) => n + s.t, 0), entities: new Set(inMonth.map((s) => s.organisation_id)).size };
      }),
      entities: [...byEntity.values()],
    },
    cycles,
  };
}
