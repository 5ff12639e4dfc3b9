import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { marketBalance, surplusRatio, type MarketBalance } from '@/domain/analysis/scarcity';
import type { Actor } from '../identity/actor';
import { cycleOf } from '../compliance/cycle';
import { analysisProvince, measuredAt, ORG_GROUP, provinceFilter } from './scope';

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
 * - all measured at the end of Y's surrender deadline, or now before it.
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
  /** Units offered at the year's vintage auctions that settled, and sold. */
  auctionOffered: number;
  /** Circulation by vintage (≤ Y). */
  byVintage: { vintage: number; tonnes: number }[];
  byProvince: (SupplyGroup & { cap: number | null })[];
  byGroup: SupplyGroup[];
  /** The surplus ratio of every year with a compliance cycle, a plan or reports, up to this one. */
  trend: { year: number; surplusRatio: string | null; circulation: number; verifiedEmissions: number; surrendered: number; measuredOn: string; final: boolean }[];
}

interface Row { province_code: string; grp: string; tonnes: bigint | null }
interface RowV extends Row { vintage: number }

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

interface Raw {
  free: Row[];
  auctioned: Row[];
  verified: Row[];
  surrendered: (Row & { ccer: bigint | null })[];
  circulation: RowV[];
}

/** The grouped raw figures of one year, measured at `at`. */
async function rawFigures(year: number, province: string | null, at: Date): Promise<Raw> {
  const client = db();
  const inProvince = provinceFilter('o.province_code', province);
  const participantPostings = (types: Prisma.Sql, vintage: Prisma.Sql) => client.$queryRaw<RowV[]>`
    SELECT o.province_code, ${ORG_GROUP} AS grp, p.vintage, sum(p.quantity)::bigint AS tonnes
      FROM unit_posting p
      JOIN journal_entry j ON j.id = p.entry_id
      JOIN registry_account a ON a.id = p.account_id AND a.type = 'PARTICIPANT'
      JOIN organisation o ON o.id = a.organisation_id
     WHERE p.instrument = 'CEA' AND ${vintage} AND ${types} AND j.created_at <= ${at} ${inProvince}
     GROUP BY 1, 2, 3`;
  const free = await participantPostings(Prisma.sql`j.type IN ('ALLOCATION', 'DEDUCTION')`, Prisma.sql`p.vintage = ${year}`);
  const auctioned = await participantPostings(Prisma.sql`j.type = 'AUCTION_SETTLEMENT'`, Prisma.sql`p.vintage = ${year}`);
  const circulation = await participantPostings(Prisma.sql`TRUE`, Prisma.sql`p.vintage <= ${year}`);
  const verified = await client.$queryRaw<Row[]>`
    SELECT o.province_code, ${ORG_GROUP} AS grp, sum(r.verified_emissions)::bigint AS tonnes
      FROM emission_report r JOIN organisation o ON o.id = r.organisation_id
     WHERE r.year = ${year} AND r.status = 'VERIFIED' ${inProvince}
     GROUP BY 1, 2`;
  const surrendered = await client.$queryRaw<(Row & { ccer: bigint | null })[]>`
    SELECT o.province_code, ${ORG_GROUP} AS grp, sum(s.credited_cea)::bigint AS tonnes, sum(s.credited_offset)::bigint AS ccer
      FROM surrender s JOIN organisation o ON o.id = s.organisation_id
     WHERE s.year = ${year} AND s.created_at <= ${at} ${inProvince}
     GROUP BY 1, 2`;
  return { free, auctioned, verified, surrendered, circulation };
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
  const measure = await measuredAt(cycle.surrenderDeadline);
  const raw = await rawFigures(year, province, measure.at);

  const plan = await client.allocationPlan.findUnique({ where: { year }, select: { nationalCap: true } });
  const budgets = await client.provinceBudget.findMany({ where: { year, ...(province ? { provinceCode: province } : {}) } });
  const budgetOf = new Map(budgets.map((b) => [b.provinceCode, num(b.budget)]));
  const cap = province === null ? (plan ? num(plan.nationalCap) : null) : (budgetOf.get(province) ?? null);
  const offered = await client.$queryRaw<{ offered: bigint | null }[]>`
    SELECT sum(quantity)::bigint AS offered FROM auction WHERE instrument = 'CEA' AND vintage = ${year} AND status = 'SETTLED'`;

  const all = [...raw.free, ...raw.auctioned, ...raw.verified, ...raw.surrendered, ...raw.circulation];
  const provinces = [...new Set(all.map((r) => r.province_code).concat([...budgetOf.keys()]))].filter((p) => p !== null).sort();
  const groups = [...new Set(all.map((r) => r.grp))].sort((a, b) => groupRank(a) - groupRank(b) || a.localeCompare(b));
  const vintages = [...new Set(raw.circulation.map((r) => r.vintage))].sort((a, b) => a - b);

  const trend: SupplyYear['trend'] = [];
  for (const y of await analysedYears(year)) {
    if (y === year) {
      const f = figures(raw, () => true);
      trend.push({ year: y, surplusRatio: f.surplusRatio, circulation: f.circulation, verifiedEmissions: f.verifiedEmissions, surrendered: f.surrenderedCea + f.surrenderedCcer, measuredOn: measure.date, final: measure.final });
      continue;
    }
    const m = await measuredAt((await cycleOf(client, y)).surrenderDeadline);
    const f = figures(await rawFigures(y, province, m.at), () => true);
    trend.push({ year: y, surplusRatio: f.surplusRatio, circulation: f.circulation, verifiedEmissions: f.verifiedEmissions, surrendered: f.surrenderedCea + f.surrenderedCcer, measuredOn: m.date, final: m.final });
  }

  return {
    year, provinceCode: province, surrenderDeadline: cycle.surrenderDeadline, measuredOn: measure.date, final: measure.final,
    cap, auctionOffered: num(offered[0]?.offered),
    ...figures(raw, () => true),
    byVintage: vintages.map((vintage) => ({ vintage, tonnes: raw.circulation.filter((r) => r.vintage === vintage).reduce((s, r) => s + num(r.tonnes), 0) })),
    byProvince: provinces.map((p) => ({ key: p, cap: budgetOf.get(p) ?? null, ...figures(raw, (r) => r.province_code === p) })),
    byGroup: groups.map((g) => ({ key: g, ...figures(raw, (r) => r.grp === g) })),
    trend,
  };
}
