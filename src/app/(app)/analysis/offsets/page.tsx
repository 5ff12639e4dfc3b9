import type { Metadata } from 'next';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { offsetUsage } from '@/server/analytics/offsets';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { inLang, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { AnalysisTabs, pct, ScopeSwitches, yearAndScope } from '../_lib';
import '../analysis.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.analysis.tabs.offsets} · ${t.analysis.title}` };
}

/** Offset usage (DOMAIN §7): CCER surrendered as a share of all surrendered, against the cap, by project type and origin. */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('analysis.read', async ({ actor, t, lang }, { searchParams }) => {
  const ctx = await yearAndScope(actor, await searchParams, lang, t);
  const o = await offsetUsage(actor, ctx.year, { provinceCode: ctx.province });
  const a = t.analysis;
  const c = a.offsets;
  const dash = t.common.dash;
  const category = (k: string) => t.ccerProjects.categories[k] ?? k;
  const policyPct = `${(Number(o.policyShare) * 100).toFixed(Number(o.policyShare) * 100 % 1 === 0 ? 0 : 2)}%`;
  const rows: Row[] = o.byProject.map((p) => ({
    id: p.code, testId: `offset-project-${p.code}`,
    cells: { project: `${p.code} · ${inLang({ en: p.name, zh: p.nameZh }, lang)}`, type: category(p.category), province: p.provinceCode ? ctx.provinceName(p.provinceCode) : dash, tonnes: tonnes(p.tonnes) },
    sort: { project: p.code, type: category(p.category), province: p.provinceCode, tonnes: p.tonnes },
  }));
  return (
    <>
      <PageHeader title={a.title} subtitle={fmt(c.subtitle, { year: ctx.year, scope: ctx.scopeName })} actions={<ScopeSwitches ctx={ctx} basePath="/analysis/offsets" t={t} lang={lang} />} />
      <AnalysisTabs active="offsets" t={t} />
      <div className="grid grid-3 mb">
        <Kpi label={c.kpiShare} value={pct(o.share, dash)} hint={fmt(c.kpiShareHint, { n: tonnes(o.ccer), m: tonnes(o.surrendered) })} testId="kpi-ccer-share" />
        <Kpi label={c.kpiCap} value={pct(o.capUsed, dash)} hint={fmt(c.kpiCapHint, { n: tonnes(o.cap), pct: policyPct })} testId="kpi-cap-used" />
        <Kpi label={c.seriesCcer} value={tonnes(o.ccer)} unit={t.common.tonnes} />
      </div>
      {o.ccer === 0 ? <EmptyState title={fmt(c.empty, { year: ctx.year })} /> : (
        <div className="grid grid-2 mb">
          <Card title={c.byCategory}>
            <SeriesChart testId="chart-category" xKey="name" left="tonnes" height={240}
              data={o.byCategory.map((x) => ({ name: category(x.category), tonnes: x.tonnes }))}
              series={[{ key: 'tonnes', label: c.seriesCcer, color: COLORS.series[0]!, kind: 'bar' }]} />
          </Card>
          <Card title={c.byOrigin}>
            <SeriesChart testId="chart-origin" xKey="name" left="tonnes" height={240}
              data={o.byOrigin.map((x) => ({ name: c.origins[x.origin], tonnes: x.tonnes }))}
              series={[{ key: 'tonnes', label: c.seriesCcer, color: COLORS.series[1]!, kind: 'bar' }]} />
          </Card>
        </div>
      )}
      <div className="grid grid-main-side">
        <Card title={c.byProject} flush>
          <DataTable testId="offset-projects" rows={rows} csvHref={csvHref('offsets', { year: ctx.year }, { province: ctx.province }, lang)} empty={<EmptyState title={fmt(c.empty, { year: ctx.year })} />} initialSort={{ id: 'tonnes', dir: 'desc' }}
            columns={[{ id: 'project', header: c.colProject }, { id: 'type', header: c.colType }, { id: 'province', header: c.colProvince }, { id: 'tonnes', header: c.colTonnes, align: 'right' }]} />
        </Card>
        <Card title={c.trend}>
          <SeriesChart testId="chart-offset-trend" xKey="year" left="pct" right="tonnes" height={240}
            data={o.trend.map((y) => ({ year: String(y.year), share: y.share === null ? null : Number(y.share), ccer: y.ccer }))}
            series={[{ key: 'ccer', label: c.seriesCcer, color: '#b9d7c9', kind: 'bar', axis: 'right' }, { key: 'share', label: c.seriesShare, color: COLORS.series[4]!, kind: 'line' }]} />
        </Card>
      </div>
    </>
  );
});
