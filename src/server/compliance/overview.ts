import Decimal from 'decimal.js';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { complianceStatus, type ComplianceStatus } from '@/domain/compliance/status';
import { offsetCap } from '@/domain/compliance/surrender';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import type { Tx } from '../tx';
import { cycleOf, marketDate, policyOf } from './cycle';

/**
 * The regulators' compliance overview (DOMAIN §7) of a year: cap vs allocated vs verified
 * emissions vs surrendered, by industry and by province; the compliance rate and the entities by
 * status; offset (CCER) usage against the policy's offset share. A provincial regulator sees its
 * province; the national regulator every province, or one it names. Read-only.
 *
 * - cap: the provincial budgets of the year (province_budget) — per province, never per industry;
 * - allocated: CONFIRMED allocation runs of the year, per line what moved (else the signed
 *   quantity) plus the paid share set aside for auction;
 * - verified emissions: VERIFIED emission reports of the year (the obligations);
 * - surrendered: credited CEA + credited offsets of the year's surrenders (a voluntary
 *   cancellation beyond the obligation is not counted); offsets used: the credited offsets.
 *
 * The entities counted are the compliance entities covered in the year, or with a report or a
 * surrender for it; each one's status comes from the same rule as its own page (complianceStatus).
 */

export const STATUSES: readonly ComplianceStatus[] = ['NOT_DUE', 'IN_PROGRESS', 'COMPLIANT', 'PARTIAL', 'DEFAULTED'];

export interface OverviewFigures {
  /** Tonnes allocated by confirmed runs (issued − taken back + paid share). */
  allocated: number;
  /** Tonnes of verified emissions (Σ obligations). */
  verifiedEmissions: number;
  /** Tonnes credited against obligations: CEA + offsets. */
  surrendered: number;
  /** Tonnes of offsets (CCER) credited. */
  offsetsUsed: number;
}

export interface ComplianceRate {
  /** Entities counted (covered in the year, or with a report or a surrender). */
  entities: number;
  /** Entities with a verified obligation. */
  withObligation: number;
  /** Of those, entities that surrendered at least their obligation. */
  compliant: number;
  /** compliant / withObligation, 4 decimals; null without obligations. */
  compliantShare: string | null;
  /** Σ obligations (t). */
  obligation: number;
  /** Σ min(surrendered, obligation) over the entities with an obligation (t). */
  covered: number;
  /** covered / obligation, 4 decimals; null without obligations. */
  coveredShare: string | null;
  byStatus: Record<ComplianceStatus, number>;
}

export interface OffsetUsage {
  offsetsUsed: number;
  surrendered: number;
  /** CCER as a share of what was surrendered, 4 decimals; null when nothing was surrendered. */
  share: string | null;
  /** The policy's cap on offsets as a share of the obligation, e.g. "0.05". */
  policyShare: string;
  /** Σ per-entity offset caps (t) of the verified obligations. */
  cap: number;
}

export interface IndustryOverview extends OverviewFigures {
  industry: string;
  compliance: ComplianceRate;
}

export interface ProvinceOverview extends OverviewFigures {
  provinceCode: string;
  provinceName: string;
  provinceNameZh: string;
  /** The province's budget of the year; null when the plan sets none. */
  budget: number | null;
  compliance: ComplianceRate;
  offsets: OffsetUsage;
}

export interface ComplianceOverview extends OverviewFigures {
  year: number;
  /** The province asked for or the actor's (provincial); null: every province. */
  provinceCode: string | null;
  reportDeadline: string;
  surrenderDeadline: string;
  marketDate: string;
  deadlinePassed: boolean;
  /** The national cap of the year (配额总量); null without a plan. */
  nationalCap: number | null;
  /** Σ budgets of the provinces in scope; null when none is set. */
  budget: number | null;
  compliance: ComplianceRate;
  offsets: OffsetUsage;
  byIndustry: IndustryOverview[];
  byProvince: ProvinceOverview[];
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

const ratio = (part: number, whole: number): string | null =>
  whole > 0 ? new Decimal(part).div(whole).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4) : null;

/** A compliance entity of a year, as the overview and the public report count them. */
export interface YearEntityRow {
  id: number;
  name: string;
  name_zh: string;
  province_code: string;
  industry: string;
  /** The verified emissions; null without a verified report. */
  obligation: bigint | null;
  /** Credited CEA and offsets of the year's surrenders. */
  cea: bigint | null;
  offsets: bigint | null;
}

/**
 * The compliance entities of a year (in one province, or all): covered in the year, or with a
 * report or a surrender for it, with their obligation and what was credited against it.
 */
export async function yearEntities(client: Tx, year: number, province: string | null): Promise<YearEntityRow[]> {
  return client.$queryRaw<YearEntityRow[]>`
    SELECT o.id, o.name, o.name_zh, o.province_code, coalesce(o.industry, 'OTHER') AS industry,
           CASE WHEN e.status = 'VERIFIED' THEN e.verified_emissions END AS obligation,
           s.cea, s.offsets
      FROM organisation o
      LEFT JOIN emission_report e ON e.organisation_id = o.id AND e.year = ${year}
      LEFT JOIN (SELECT organisation_id, sum(credited_cea)::bigint AS cea, sum(credited_offset)::bigint AS offsets
                   FROM surrender WHERE year = ${year} GROUP BY organisation_id) s ON s.organisation_id = o.id
     WHERE o.kind = 'COMPLIANCE_ENTITY' AND o.province_code IS NOT NULL
       ${province ? Prisma.sql`AND o.province_code = ${province}` : Prisma.empty}
       AND (e.id IS NOT NULL OR s.organisation_id IS NOT NULL
            OR EXISTS (SELECT 1 FROM covered_entity c
                        WHERE c.organisation_id = o.id AND c.from_year <= ${year} AND (c.to_year IS NULL OR c.to_year >= ${year})))
     ORDER BY o.id`;
}

/**
 * What the CONFIRMED allocation runs of a year gave each entity (in one province, or all): `free`
 * what moved (else the signed quantity), `paid` the paid share set aside for auction; allocated =
 * free + paid.
 */
export async function yearAllocations(client: Tx, year: number, province: string | null) {
  return client.$queryRaw<{ organisation_id: number; province_code: string; industry: string; free: bigint; paid: bigint }[]>`
    SELECT l.organisation_id, r.province_code, coalesce(o.industry, 'OTHER') AS industry,
           sum(coalesce(l.moved, l.quantity))::bigint AS free, sum(l.paid)::bigint AS paid
      FROM allocation_line l
      JOIN allocation_run r ON r.id = l.run_id
      JOIN organisation o ON o.id = l.organisation_id
     WHERE r.status = 'CONFIRMED' AND r.year = ${year} ${province ? Prisma.sql`AND r.province_code = ${province}` : Prisma.empty}
     GROUP BY l.organisation_id, r.province_code, coalesce(o.industry, 'OTHER')`;
}

interface Entity {
  provinceCode: string;
  industry: string;
  obligation: number | null;
  surrendered: number;
  offsetsUsed: number;
  status: ComplianceStatus;
}

function rateOf(entities: Entity[]): ComplianceRate {
  const owing = entities.filter((e) => e.obligation !== null);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
  for (const e of entities) byStatus[e.status] += 1;
  const obligation = owing.reduce((s, e) => s + e.obligation!, 0);
  const covered = owing.reduce((s, e) => s + Math.min(e.surrendered, e.obligation!), 0);
  return {
    entities: entities.length, withObligation: owing.length, compliant: byStatus.COMPLIANT, compliantShare: ratio(byStatus.COMPLIANT, owing.length),
    obligation, covered, coveredShare: ratio(covered, obligation), byStatus,
  };
}

function figuresOf(entities: Entity[], allocated: number): OverviewFigures {
  return {
    allocated,
    verifiedEmissions: entities.reduce((s, e) => s + (e.obligation ?? 0), 0),
    surrendered: entities.reduce((s, e) => s + e.surrendered, 0),
    offsetsUsed: entities.reduce((s, e) => s + e.offsetsUsed, 0),
  };
}

function offsetsOf(entities: Entity[], policyShare: string): OffsetUsage {
  const surrendered = entities.reduce((s, e) => s + e.surrendered, 0);
  const offsetsUsed = entities.reduce((s, e) => s + e.offsetsUsed, 0);
  const cap = entities.reduce((s, e) => s + (e.obligation === null ? 0 : offsetCap(e.obligation, policyShare)), 0);
  return { offsetsUsed, surrendered, share: ratio(offsetsUsed, surrendered), policyShare, cap };
}

/** Industries in a fixed order (the covered ones first), then any others alphabetically, OTHER last. */
const INDUSTRY_ORDER = ['POWER', 'CEMENT', 'STEEL'];
export const industryRank = (i: string) => (INDUSTRY_ORDER.includes(i) ? INDUSTRY_ORDER.indexOf(i) : i === 'OTHER' ? 1000 : 100);

export async function complianceOverview(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<ComplianceOverview> {
  const national = authorize(actor, 'compliance.oversee') === 'all';
  const asked = opts.provinceCode?.trim().toUpperCase() || undefined;
  if (asked) authorize(actor, 'compliance.oversee', { provinceCode: asked });
  const province = national ? (asked ?? null) : (actor.provinceCode ?? '-');

  // Plain reads, one after another (no transaction: a read-only overview).
  const client = db();
  const cycle = await cycleOf(client, year);
  const policy = await policyOf(client);
  const today = await marketDate();
  const deadlinePassed = today > cycle.surrenderDeadline;

  const provinces = await client.$queryRaw<{ code: string; name: string; name_zh: string }[]>`
    SELECT code, name, name_zh FROM province ${province ? Prisma.sql`WHERE code = ${province}` : Prisma.empty} ORDER BY code`;
  if (asked && provinces.length === 0) throw fail('NOT_FOUND', { what: 'province', id: asked });

  const plan = await client.$queryRaw<{ national_cap: bigint }[]>`SELECT national_cap FROM allocation_plan WHERE year = ${year}`;
  const budgets = await client.$queryRaw<{ province_code: string; budget: bigint }[]>`
    SELECT province_code, budget FROM province_budget
     WHERE year = ${year} ${province ? Prisma.sql`AND province_code = ${province}` : Prisma.empty}`;
  const allocations = await yearAllocations(client, year, province);
  const rows = await yearEntities(client, year, province);

  const entities: Entity[] = rows.map((r) => {
    const obligation = r.obligation === null ? null : num(r.obligation);
    const surrendered = num(r.cea) + num(r.offsets);
    return {
      provinceCode: r.province_code, industry: r.industry, obligation, surrendered, offsetsUsed: num(r.offsets),
      status: complianceStatus(obligation, surrendered, deadlinePassed),
    };
  });
  const allocatedWhere = (pred: (a: (typeof allocations)[number]) => boolean) => allocations.filter(pred).reduce((s, a) => s + num(a.free) + num(a.paid), 0);
  const budgetOf = new Map(budgets.map((b) => [b.province_code, num(b.budget)]));

  const industries = [...new Set([...entities.map((e) => e.industry), ...allocations.map((a) => a.industry)])]
    .sort((a, b) => industryRank(a) - industryRank(b) || a.localeCompare(b));
  const byIndustry: IndustryOverview[] = industries.map((industry) => {
    const mine = entities.filter((e) => e.industry === industry);
    return { industry, ...figuresOf(mine, allocatedWhere((a) => a.industry === industry)), compliance: rateOf(mine) };
  });
  const byProvince: ProvinceOverview[] = provinces.map((p) => {
    const mine = entities.filter((e) => e.provinceCode === p.code);
    return {
      provinceCode: p.code, provinceName: p.name, provinceNameZh: p.name_zh, budget: budgetOf.get(p.code) ?? null,
      ...figuresOf(mine, allocatedWhere((a) => a.province_code === p.code)), compliance: rateOf(mine), offsets: offsetsOf(mine, policy.offsetShare),
    };
  });

  return {
    year, provinceCode: province, reportDeadline: cycle.reportDeadline, surrenderDeadline: cycle.surrenderDeadline, marketDate: today, deadlinePassed,
    nationalCap: plan[0] ? num(plan[0].national_cap) : null,
    budget: budgets.length ? budgets.reduce((s, b) => s + num(b.budget), 0) : null,
    ...figuresOf(entities, allocatedWhere(() => true)),
    compliance: rateOf(entities),
    offsets: offsetsOf(entities, policy.offsetShare),
    byIndustry, byProvince,
  };
}
