import Link from 'next/link';
import { scopeOf } from '@/domain/identity/permissions';
import type { Dictionary, Lang } from '@/i18n';
import type { Actor } from '@/server/identity/actor';
import { marketDate } from '@/server/compliance/cycle';
import { listProvinces } from '@/server/registry/queries';
import { pickYear, ProvinceSwitch, YearSwitch } from '../_lib/compliance';

/** The analysis pages, in the order of their tabs. */
export const ANALYSIS_TABS = [
  { key: 'supply', href: '/analysis' },
  { key: 'market', href: '/analysis/market' },
  { key: 'behaviour', href: '/analysis/behaviour' },
  { key: 'offsets', href: '/analysis/offsets' },
  { key: 'fuelSwitch', href: '/analysis/fuel-switch' },
  { key: 'revenue', href: '/analysis/revenue' },
] as const;
export type AnalysisTab = (typeof ANALYSIS_TABS)[number]['key'];

export function AnalysisTabs({ active, t }: { active: AnalysisTab; t: Dictionary }) {
  return (
    <nav className="page-tabs" aria-label={t.analysis.title} data-testid="analysis-tabs">
      {ANALYSIS_TABS.map((tab) => (
        <Link key={tab.key} href={tab.href} aria-current={tab.key === active ? 'page' : undefined} data-testid={`tab-${tab.key}`}>
          {t.analysis.tabs[tab.key]}
        </Link>
      ))}
    </nav>
  );
}

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * What a year-and-province analysis page reads from its query: the compliance year (the last
 * finished one by default, the running year too) and, for the national regulator, a province.
 */
export async function yearAndScope(actor: Actor, sp: SearchParams, lang: Lang, t: Dictionary) {
  const national = scopeOf(actor.roles, 'analysis.read') === 'all';
  const provinces = await listProvinces();
  const asked = typeof sp.province === 'string' ? sp.province : undefined;
  const province = national ? provinces.find((p) => p.code === asked)?.code : undefined;
  const today = await marketDate();
  const picked = pickYear(sp.year, today);
  const years = [...new Set([Number(today.slice(0, 4)), ...picked.years])].sort((a, b) => b - a);
  const own = provinces.find((p) => p.code === actor.provinceCode);
  const named = (code: string) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : code;
  };
  const scopeName = national ? (province ? named(province) : t.analysis.scopeAll) : own ? named(own.code) : '';
  return { national, provinces, province, year: picked.year, years, today, scopeName, provinceName: named };
}

export function ScopeSwitches({ ctx, basePath, t, lang }: { ctx: Awaited<ReturnType<typeof yearAndScope>>; basePath: string; t: Dictionary; lang: Lang }) {
  return (
    <>
      {ctx.national ? (
        <ProvinceSwitch provinces={ctx.provinces} province={ctx.province} year={ctx.year} basePath={basePath} label={t.common.province} allLabel={t.analysis.allProvinces} lang={lang} />
      ) : null}
      <YearSwitch years={ctx.years} year={ctx.year} basePath={basePath} label={t.analysis.yearSwitch} params={ctx.province ? { province: ctx.province } : {}} />
    </>
  );
}

/** "12.34%" from a per-cent string, or the dash. */
export const pct = (v: string | null, dash: string) => (v === null ? dash : `${v}%`);
/** A ratio string to 2 decimals ("1.2211" → "1.22"), or the dash. */
export const ratio2 = (v: string | null, dash: string) => (v === null ? dash : Number(v).toFixed(2));
