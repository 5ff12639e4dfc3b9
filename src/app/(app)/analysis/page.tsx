import type { Metadata } from 'next';
import { surplusRatio } from '@/domain/analysis/scarcity';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { supplyAndScarcity } from '@/server/analytics/supply';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../_lib/page';
import { AnalysisTabs, ratio2, ScopeSwitches, yearAndScope } from './_lib';
import './analysis.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.analysis.tabs.supply} · ${t.analysis.title}` };
}

/**
 * Supply and scarcity (DOMAIN §7): for a compliance year, the cap against what was allocated free
 * and sold at auction, the verified emissions, what was surrendered and what is in circulation —
 * the surplus ratio, its trend over the years, by province and by industry. Regulators; a
 * provincial one sees its province.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('analysis.read', async ({ actor, t, lang }, { searchParams }) => {
  const ctx = await yearAndScope(actor, await searchParams, lang, t);
  const s = await supplyAndScarcity(actor, ctx.year, { provinceCode: ctx.province });
  const a = t.analysis;
  const c = a.supply;
  const unit = t.common.tonnes;
  const dash = t.common.dash;
  const groupName = (key: string) => (t.industries as Record<string, string>)[key] ?? a.groups[key] ?? key;
  const empty = s.freeAllocated === 0 && s.verifiedEmissions === 0 && s.circulation === 0;

  const figureCells = (f: typeof s.byGroup[number]) => ({
    free: tonnes(f.freeAllocated), auctioned: tonnes(f.auctioned), verified: tonnes(f.verifiedEmissions),
    surrendered: tonnes(f.surrenderedCea + f.surrenderedCcer), circulation: tonnes(f.circulation), ratio: ratio2(f.surplusRatio, dash),
  });
  const figureSort = (f: typeof s.byGroup[number]) => ({
    free: f.freeAllocated, auctioned: f.auctioned, verified: f.verifiedEmissions, surrendered: f.surrenderedCea + f.surrenderedCcer,
    circulation: f.circulation, ratio: f.surplusRatio === null ? null : Number(f.surplusRatio),
  });
  const figureColumns = [
    { id: 'free', header: c.colFree, align: 'right' as const },
    { id: 'auctioned', header: c.colAuctioned, align: 'right' as const },
    { id: 'verified', header: c.colVerified, align: 'right' as const },
    { id: 'surrendered', header: c.colSurrendered, align: 'right' as const },
    { id: 'circulation', header: c.colCirculation, align: 'right' as const },
    { id: 'ratio', header: c.colRatio, align: 'right' as const },
  ];
  const provinceRows: Row[] = s.byProvince.map((p) => ({
    id: p.key, testId: `supply-province-${p.key}`,
    cells: { province: ctx.provinceName(p.key), cap: p.cap === null ? dash : tonnes(p.cap), ...figureCells(p) },
    sort: { province: ctx.provinceName(p.key), cap: p.cap, ...figureSort(p) },
  }));
  const groupRows: Row[] = s.byGroup.map((g) => ({
    id: g.key, testId: `supply-group-${g.key}`, cells: { group: groupName(g.key), ...figureCells(g) }, sort: { group: groupName(g.key), ...figureSort(g) },
  }));
  const trendRows: Row[] = s.trend.map((y) => ({
    id: String(y.year),
    cells: { year: String(y.year), measured: y.measuredOn, circulation: tonnes(y.circulation), surrendered: tonnes(y.surrendered), verified: tonnes(y.verifiedEmissions), ratio: ratio2(y.surplusRatio, dash) },
    sort: { year: y.year, measured: y.measuredOn, circulation: y.circulation, surrendered: y.surrendered, verified: y.verifiedEmissions, ratio: y.surplusRatio === null ? null : Number(y.surplusRatio) },
  }));
  const csv = csvHref('supply', { year: ctx.year }, { province: ctx.province }, lang);

  return (
    <>
      <PageHeader title={a.title} subtitle={fmt(c.subtitle, { year: ctx.year, scope: ctx.scopeName })} actions={<ScopeSwitches ctx={ctx} basePath="/analysis" t={t} lang={lang} />} />
      <AnalysisTabs active="supply" t={t} />
      <p className="analysis-note" data-testid="measured">{s.final ? fmt(a.measuredFinal, { date: s.measuredOn }) : fmt(a.measuredToday, { date: s.measuredOn, deadline: s.surrenderDeadline })}</p>
      <div className="grid analysis-kpis mb" data-testid="supply-kpis">
        <Kpi label={c.kpiRatio} value={ratio2(s.surplusRatio, dash)} testId="kpi-ratio"
          hint={s.unverifiedReports > 0
            ? fmt(c.kpiRatioPending, { n: s.unverifiedReports, t: tonnes(s.unverifiedEmissions), ratio: ratio2(surplusRatio(s.circulation, s.surrenderedCea + s.surrenderedCcer, s.verifiedEmissions + s.unverifiedEmissions), dash) })
            : s.balance ? a.balance[s.balance] : c.noRatio} />
        <Kpi label={c.kpiCirculation} value={tonnes(s.circulation)} unit={unit} hint={fmt(c.kpiCirculationHint, { year: ctx.year })} testId="kpi-circulation" />
        <Kpi label={c.kpiVerified} value={tonnes(s.verifiedEmissions)} unit={unit} testId="kpi-verified" />
        <Kpi label={c.kpiSurrendered} value={tonnes(s.surrenderedCea + s.surrenderedCcer)} unit={unit} hint={fmt(c.kpiSurrenderedHint, { n: tonnes(s.surrenderedCcer) })} testId="kpi-surrendered" />
        <Kpi label={c.kpiCap} value={s.cap === null ? dash : tonnes(s.cap)} unit={s.cap === null ? undefined : unit} hint={s.cap === null ? fmt(c.kpiCapNone, { year: ctx.year }) : undefined} testId="kpi-cap" />
        <Kpi label={c.kpiFree} value={tonnes(s.freeAllocated)} unit={unit} testId="kpi-free" />
        <Kpi label={c.kpiAuctioned} value={tonnes(s.auctioned)} unit={unit} hint={fmt(c.kpiAuctionedHint, { n: tonnes(s.auctionOffered) })} testId="kpi-auctioned" />
      </div>
      {empty ? <EmptyState title={fmt(c.empty, { year: ctx.year })} /> : null}
      <div className="grid grid-2 mb">
        <Card title={c.chartTrend} subtitle={c.chartTrendSub}>
          <SeriesChart
            testId="chart-trend" xKey="year" left="ratio" right="tonnes" reference={{ y: 1, label: c.balanced }}
            data={s.trend.map((y) => ({ year: String(y.year), ratio: y.surplusRatio === null ? null : Number(y.surplusRatio), circulation: y.circulation, verified: y.verifiedEmissions }))}
            series={[
              { key: 'circulation', label: c.seriesCirculation, color: COLORS.series[1]!, kind: 'bar', axis: 'right' },
              { key: 'verified', label: c.seriesVerified, color: COLORS.series[2]!, kind: 'bar', axis: 'right' },
              { key: 'ratio', label: c.seriesRatio, color: COLORS.series[4]!, kind: 'line' },
            ]}
          />
        </Card>
        <Card title={c.chartSupply} subtitle={c.chartSupplySub}>
          <SeriesChart
            testId="chart-supply" xKey="name" left="tonnes"
            data={s.byProvince.map((p) => ({ name: ctx.provinceName(p.key), cap: p.cap ?? 0, free: p.freeAllocated, auctioned: p.auctioned, verified: p.verifiedEmissions, circulation: p.circulation }))}
            series={[
              { key: 'cap', label: c.seriesCap, color: '#9fb0a9', kind: 'bar' },
              { key: 'free', label: c.seriesFree, color: COLORS.series[0]!, kind: 'bar', stack: 'alloc' },
              { key: 'auctioned', label: c.seriesAuctioned, color: COLORS.series[3]!, kind: 'bar', stack: 'alloc' },
              { key: 'verified', label: c.seriesVerified, color: COLORS.series[2]!, kind: 'bar' },
              { key: 'circulation', label: c.seriesCirculation, color: COLORS.series[1]!, kind: 'bar' },
            ]}
          />
        </Card>
      </div>
      <Card title={c.byProvince} flush className="mb">
        <DataTable testId="supply-provinces" rows={provinceRows} paginate={false} csvHref={csv}
          columns={[{ id: 'province', header: c.colProvince }, { id: 'cap', header: c.colCap, align: 'right' }, ...figureColumns]} />
      </Card>
      <div className="grid grid-main-side mb">
        <Card title={c.byGroup} flush>
          <DataTable testId="supply-groups" rows={groupRows} paginate={false} csvHref={csv} columns={[{ id: 'group', header: c.colGroup }, ...figureColumns]} />
        </Card>
        <Card title={c.chartVintage}>
          <SeriesChart testId="chart-vintage" xKey="vintage" left="tonnes" height={220}
            data={s.byVintage.map((v) => ({ vintage: String(v.vintage), tonnes: v.tonnes }))}
            series={[{ key: 'tonnes', label: c.seriesHeld, color: COLORS.series[1]!, kind: 'bar' }]} />
        </Card>
      </div>
      <Card title={c.trendTable} flush>
        <DataTable testId="supply-trend" rows={trendRows} paginate={false} initialSort={{ id: 'year', dir: 'desc' }}
          columns={[
            { id: 'year', header: c.colYear }, { id: 'measured', header: c.colMeasured }, { id: 'circulation', header: c.colCirculation, align: 'right' },
            { id: 'surrendered', header: c.colSurrendered, align: 'right' }, { id: 'verified', header: c.colVerified, align: 'right' }, { id: 'ratio', header: c.colRatio, align: 'right' },
          ]} />
      </Card>
    </>
  );
});
