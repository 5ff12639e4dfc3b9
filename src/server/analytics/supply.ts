import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { marketBalance, surplusRatio, type MarketBalance } from '@/domain/analysis/scarcity';
import type { Actor } from '../identity/actor';
import { cycleOf } from '../compliance/cycle';
import { analysisProvince, marketTimeNow, measuredAt, ORG_GROUP, provinceFilter } from './scope';
import { liveSupplyLines, measuresSql, snapshotSupplyLines, snapshottedYears, type SupplyLineKind } from './supplySnapshot';

/**
 * Supply and scarcity of a compliance year (DOMAIN §7): the cap against what was allocated free,
 * sold at auction (paid allocation), the verified emissions and what was surrendered, and the
 * allowances in circulation against the year's obligations — the surplus ratio — by province and by
 * group (industry; investors as one group), with the ratio's trend over the years. Read-only; every
 * figure comes from the journal, the reports and the surrenders:
 * - free allocation: CEA of vintage Y moved into participant accounts by allocation movements, less
 *   deductions;
 * - auctioned: CEA of vintage Y won at auctions (paid allocation);
 * - in circulation: CEA of vintages ≤ Y held by participants (every bucket), at the measuring instant;
 * - surrendered: units credited against Y's obligations by then (CEA and CCER);
 * - all measured at the end of Y's surrender deadline, or now before it; once that instant has
 *   passed, the participant figures are read from the year's snapshot (supplySnapshot.ts).
 */

export interface SupplyFigures {
  freeAllocated: number;
  auctioned: number;
  verifiedEmissions: number;
  surrenderedCea: number;
  surrenderedCcer: number;
  circulation: number;
  surplusRatio: string | null;
  balance: MarketBalance | null;
}

export interface SupplyGroup extends SupplyFigures {
  key: string;
}

export interface SupplyYear extends SupplyFigures {
  year: number;
  provinceCode: string | null;
  surrenderDeadline: string;
  /** The market date the figures are measured at (the deadline once it has passed). */
  measuredOn: string;
  final: boolean;
  /** National cap, or the province's budget; null when no plan sets one. */
  cap: number | null;
  /**
   * Reports of the year filed but not yet verified, and their reported emissions: their holders'
   * allowances are in circulation while their emissions are not yet in the denominator, so the
   * ratio reads high until they are verified.
   */
  unverifiedReports: number;
  unverifiedEmissions: number;
  /** Units offered at the year's vintage auctions that settled, and sold. */
  auctionOffered: number;
  /** Circulation by vintage (≤ Y). */
  byVintage: { vintage: number; tonnes: number }[];
  byProvince: (SupplyGroup & { cap: number | null })[];
  byGroup: SupplyGroup[];
  /** The surplus ratio of every year with a compliance cycle, a plan or reports, up to this one. */
  trend: { year: number; surplusRatio: string | null; circulation: number; verifiedEmissions: number; surrendered: number; measuredOn: string; final: boolean }[];
}

interface Row { year: number; province_code: string; grp: string; tonnes: bigint | null }
interface RowV extends Row { vintage: number }

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

interface Raw {
  free: Row[];
  auctioned: Row[];
  verified: Row[];
  surrendered: (Row & { ccer: bigint | null })[];
  circulation: RowV[];
}

/**
 * The grouped raw figures of several years at once, each measured at its own instant: the
 * participant lines (held, free, auctioned) from the snapshot of a year whose instant has passed
 * (supplySnapshot.ts), else from the ledger; the verified emissions and the surrenders from their
 * tables. Five queries whatever the number of years (the trend needs every year).
 */
async function rawFigures(measures: { year: number; at: Date }[], province: string | null): Promise<Raw> {
  const client = db();
  const m = measuresSql(measures);
  const inProvince = provinceFilter('o.province_code', province);
  const fixed = await snapshottedYears(measures);
  const live = measures.filter((x) => !fixed.has(x.year));
  const lines = (kind: SupplyLineKind) => {
    const parts = [...(fixed.size ? [snapshotSupplyLines(kind, [...fixed])] : []), ...(live.length ? [liveSupplyLines(kind, live)] : [])];
    return parts.length ? Prisma.join(parts, ' UNION ALL ') : Prisma.sql`SELECT 0 AS year, 0 AS account_id, 0 AS vintage, 0::bigint AS quantity WHERE FALSE`;
  };
  const participantLines = (kind: SupplyLineKind) => client.$queryRaw<RowV[]>`
    SELECT l.year, o.province_code, ${ORG_GROUP} AS grp, l.vintage, sum(l.quantity)::bigint AS tonnes
      FROM (${lines(kind)}) l
      JOIN registry_account a ON a.id = l.account_id
      JOIN organisation o ON o.id = a.organisation_id
     WHERE TRUE ${inProvince}
     GROUP BY 1, 2, 3, 4`;
  const free = await participantLines('FREE');
  const auctioned = await participantLines('AUCTIONED');
  const circulation = await participantLines('HELD');
  const verified = await client.$queryRaw<Row[]>`
    SELECT m.year, o.province_code, ${ORG_GROUP} AS grp, sum(r.verified_emissions)::bigint AS tonnes
      FROM ${m}
      JOIN emission_report r ON r.year = m.year AND r.status = 'VERIFIED'
      JOIN organisation o ON o.id = r.organisation_id
     WHERE TRUE ${inProvince}
     GROUP BY 1, 2, 3`;
  const surrendered = await client.$queryRaw<(Row & { ccer: bigint | null })[]>`
    SELECT m.year, o.province_code, ${ORG_GROUP} AS grp, sum(s.credited_cea)::bigint AS tonnes, sum(s.credited_offset)::bigint AS ccer
      FROM ${m}
      JOIN surrender s ON s.year = m.year AND s.created_at <= m.at
      JOIN organisation o ON o.id = s.organisation_id
     WHERE TRUE ${inProvince}
     GROUP BY 1, 2, 3`;
  return { free, auctioned, verified, surrendered, circulation };
}

/** One year's rows of the raw figures. */
function ofYear(raw: Raw, year: number): Raw {
  const keep = <R extends Row>(rows: R[]) => rows.filter((r) => r.year === year);
  return { free: keep(raw.free), auctioned: keep(raw.auctioned), verified: keep(raw.verified), surrendered: keep(raw.surrendered), circulation: keep(raw.circulation) };
}

function figures(raw: Raw, keep: (r: Row) => boolean): SupplyFigures {
  const sum = (rows: Row[]) => rows.filter(keep).reduce((s, r) => s + num(r.tonnes), 0);
  const verifiedEmissions = sum(raw.verified);
  const surrenderedCea = sum(raw.surrendered);
  const surrenderedCcer = raw.surrendered.filter(keep).reduce((s, r) => s + num(r.ccer), 0);
  const circulation = sum(raw.circulation);
  const ratio = surplusRatio(circulation, surrenderedCea + surrenderedCcer, verifiedEmissions);
  return {
    freeAllocated: sum(raw.free), auctioned: sum(raw.auctioned), verifiedEmissions, surrenderedCea, surrenderedCcer, circulation,
    surplusRatio: ratio, balance: marketBalance(ratio),
  };
}

/** Years worth a point on the trend: those with a cycle, a plan or reports. */
async function analysedYears(upTo: number): Promise<number[]> {
  const rows = await db().$queryRaw<{ year: number }[]>`
    SELECT year FROM compliance_cycle WHERE year <= ${upTo}
     UNION SELECT year FROM allocation_plan WHERE year <= ${upTo}
     UNION SELECT year FROM emission_report WHERE year <= ${upTo}
     ORDER BY 1`;
  return [...new Set([...rows.map((r) => r.year), upTo])].sort((a, b) => a - b);
}

const GROUP_ORDER = ['POWER', 'CEMENT', 'STEEL'];
const groupRank = (g: string) => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : g === 'INVESTORS' ? 900 : g === 'OTHER' ? 1000 : 100);

export async function supplyAndScarcity(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<SupplyYear> {
  const province = await analysisProvince(actor, opts.provinceCode);
  const client = db();
  const cycle = await cycleOf(client, year);
  const years = await analysedYears(year);
  const now = await marketTimeNow();
  const measures: { year: number; deadline: string; at: Date; date: string; final: boolean }[] = [];
  for (const y of years) {
    const deadline = y === year ? cycle.surrenderDeadline : (await cycleOf(client, y)).surrenderDeadline;
    measures.push({ year: y, deadline, ...measuredAt(deadline, now) });
  }
  const all = await rawFigures(measures, province);
  const raw = ofYear(all, year);
  const measure = measures.find((m) => m.year === year)!;

  const plan = await client.allocationPlan.findUnique({ where: { year }, select: { nationalCap: true } });
  const budgets = await client.provinceBudget.findMany({ where: { year, ...(province ? { provinceCode: province } : {}) } });
  const budgetOf = new Map(budgets.map((b) => [b.provinceCode, num(b.budget)]));
  const cap = province === null ? (plan ? num(plan.nationalCap) : null) : (budgetOf.get(province) ?? null);
  const unverified = await client.$queryRaw<{ n: number; tonnes: bigint | null }[]>`
    SELECT count(*)::int AS n, sum(r.reported_co2e)::bigint AS tonnes
      FROM emission_report r JOIN organisation o ON o.id = r.organisation_id
     WHERE r.year = ${year} AND r.status = 'SUBMITTED' ${provinceFilter('o.province_code', province)}`;
  const offered = await client.$queryRaw<{ offered: bigint | null }[]>`
    SELECT sum(quantity)::bigint AS offered FROM auction WHERE instrument = 'CEA' AND vintage = ${year} AND status = 'SETTLED'`;

  const rows = [...raw.free, ...raw.auctioned, ...raw.verified, ...raw.surrendered, ...raw.circulation];
  const provinces = [...new Set(rows.map((r) => r.province_code).concat([...budgetOf.keys()]))].filter((p) => p !== null).sort();
  const groups = [...new Set(rows.map((r) => r.grp))].sort((a, b) => groupRank(a) - groupRank(b) || a.localeCompare(b));
  const vintages = [...new Set(raw.circulation.map((r) => r.vintage))].sort((a, b) => a - b);

  const trend: SupplyYear['trend'] = measures.map((m) => {
    const f = figures(ofYear(all, m.year), () => true);
    return { year: m.year, surplusRatio: f.surplusRatio, circulation: f.circulation, verifiedEmissions: f.verifiedEmissions, surrendered: f.surrenderedCea + f.surrenderedCcer, measuredOn: m.date, final: m.final };
  });

  return {
    year, provinceCode: province, surrenderDeadline: cycle.surrenderDeadline, measuredOn: measure.date, final: measure.final,
    cap, auctionOffered: num(offered[0]?.offered), unverifiedReports: unverified[0]?.n ?? 0, unverifiedEmissions: num(unverified[0]?.tonnes),
    ...figures(raw, () => true),
    byVintage: vintages.map((vintage) => ({ vintage, tonnes: raw.circulation.filter((r) => r.vintage === vintage).reduce((s, r) => s + num(r.tonnes), 0) })),
    byProvince: provinces.map((p) => ({ key: p, cap: budgetOf.get(p) ?? null, ...figures(raw, (r) => r.province_code === p) })),
    byGroup: groups.map((g) => ({ key: g, ...figures(raw, (r) => r.grp === g) })),
    trend,
  };
}
