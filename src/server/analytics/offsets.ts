import Decimal from 'decimal.js';
import { db } from '@/db/client';
import { percentOf } from '@/domain/analysis/complianceCycle';
import { offsetCap } from '@/domain/compliance/surrender';
import type { Actor } from '../identity/actor';
import { policyOf } from '../compliance/cycle';
import { analysisProvince, provinceFilter } from './scope';

/**
 * Offset usage of a compliance year (DOMAIN §7): CCER surrendered for the year as a share of all
 * units surrendered for it, against the cap the policy sets (each verified obligation × the offset
 * share); by project type and by origin (a project in the surrendering entity's province or in
 * another), from the CCER lot postings of the surrenders' journal entries; and the share's trend.
 */

export type OffsetOrigin = 'IN_PROVINCE' | 'OTHER_PROVINCE' | 'UNKNOWN';

export interface OffsetUsageAnalysis {
  year: number;
  provinceCode: string | null;
  policyShare: string;
  surrendered: number;
  ccer: number;
  share: string | null;
  cap: number;
  capUsed: string | null;
  byCategory: { category: string; tonnes: number }[];
  byOrigin: { origin: OffsetOrigin; tonnes: number }[];
  byProject: { code: string; name: string; nameZh: string; category: string; provinceCode: string | null; tonnes: number }[];
  trend: { year: number; surrendered: number; ccer: number; share: string | null }[];
}

const num = (v: bigint | null | undefined) => Number(v ?? 0n);

async function totals(year: number | null, province: string | null) {
  return db().$queryRaw<{ year: number; surrendered: bigint | null; ccer: bigint | null }[]>`
    SELECT s.year, sum(s.credited_cea + s.credited_offset)::bigint AS surrendered, sum(s.credited_offset)::bigint AS ccer
      FROM surrender s JOIN organisation o ON o.id = s.organisation_id
     WHERE (${year}::int IS NULL OR s.year = ${year}::int) ${provinceFilter('o.province_code', province)}
     GROUP BY s.year ORDER BY s.year`;
}

export async function offsetUsage(actor: Actor, year: number, opts: { provinceCode?: string } = {}): Promise<OffsetUsageAnalysis> {
  const province = await analysisProvince(actor, opts.provinceCode);
  const client = db();
  const policy = await policyOf(client);
  const [t] = await totals(year, province);
  const obligations = await client.$queryRaw<{ obligation: bigint }[]>`
    SELECT r.verified_emissions AS obligation FROM emission_report r JOIN organisation o ON o.id = r.organisation_id
     WHERE r.year = ${year} AND r.status = 'VERIFIED' ${provinceFilter('o.province_code', province)}`;
  const cap = obligations.reduce((s, r) => s + offsetCap(Number(r.obligation), policy.offsetShare), 0);
  const projects = await client.$queryRaw<{ code: string; name: string; name_zh: string; category: string; project_province: string | null; entity_province: string | null; tonnes: bigint }[]>`
    SELECT p.code, p.name, p.name_zh, p.category, p.province_code AS project_province, o.province_code AS entity_province, sum(-l.quantity)::bigint AS tonnes
      FROM surrender s
      JOIN organisation o ON o.id = s.organisation_id
      JOIN ccer_lot_posting l ON l.entry_id = s.entry_id AND l.account_id = s.account_id AND l.quantity < 0
      JOIN ccer_project p ON p.id = l.project_id
     WHERE s.year = ${year} ${provinceFilter('o.province_code', province)}
     GROUP BY 1, 2, 3, 4, 5, 6`;
  const sumBy = <K extends string>(key: (r: (typeof projects)[number]) => K) => {
    const m = new Map<K, number>();
    for (const r of projects) m.set(key(r), (m.get(key(r)) ?? 0) + num(r.tonnes));
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const byProject = new Map<string, OffsetUsageAnalysis['byProject'][number]>();
  for (const r of projects) {
    const p = byProject.get(r.code) ?? { code: r.code, name: r.name, nameZh: r.name_zh, category: r.category, provinceCode: r.project_province, tonnes: 0 };
    p.tonnes += num(r.tonnes);
    byProject.set(r.code, p);
  }
  const ccer = num(t?.ccer);
  return {
    year, provinceCode: province, policyShare: new Decimal(policy.offsetShare).toFixed(4),
    surrendered: num(t?.surrendered), ccer, share: percentOf(ccer, num(t?.surrendered)), cap, capUsed: percentOf(ccer, cap),
    byCategory: sumBy((r) => r.category).map(([category, tonnes]) => ({ category, tonnes })),
    byOrigin: sumBy<OffsetOrigin>((r) => (r.project_province === null || r.entity_province === null ? 'UNKNOWN' : r.project_province === r.entity_province ? 'IN_PROVINCE' : 'OTHER_PROVINCE'))
      .map(([origin, tonnes]) => ({ origin, tonnes })),
    byProject: [...byProject.values()].sort((a, b) => b.tonnes - a.tonnes),
    trend: (await totals(null, province)).filter((r) => r.year <= year).map((r) => ({ year: r.year, surrendered: num(r.surrendered), ccer: num(r.ccer), share: percentOf(num(r.ccer), num(r.surrendered)) })),
  };
}
