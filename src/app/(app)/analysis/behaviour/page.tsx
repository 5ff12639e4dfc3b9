import type { Metadata } from 'next';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { complianceBehaviour } from '@/server/analytics/complianceBehaviour';
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
  return { title: `${t.analysis.tabs.behaviour} · ${t.analysis.title}` };
}

/**
 * Compliance behaviour (DOMAIN §7): over the cycle of a year (deadline to deadline), the tonnes
 * traded per month with the last month before the deadline marked, its share and the same share in
 * earlier cycles; the share of covered entities that traded; when entities surrendered.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('analysis.read', async ({ actor, t, lang }, { searchParams }) => {
  const ctx = await yearAndScope(actor, await searchParams, lang, t);
  const b = await complianceBehaviour(actor, ctx.year, { provinceCode: ctx.province });
  const a = t.analysis;
  const c = a.behaviour;
  const dash = t.common.dash;
  const unit = t.common.tonnes;

  const entityRows: Row[] = b.surrenders.entities.map((e) => ({
    id: String(e.organisationId), testId: `timing-${e.organisationId}`,
    cells: {
      entity: inLang({ en: e.name, zh: e.nameZh }, lang), obligation: e.obligation === null ? dash : tonnes(e.obligation), surrendered: tonnes(e.tonnes),
      first: <span className="nowrap">{e.first}</span>, last: <span className="nowrap">{e.last}</span>, days: e.daysBeforeDeadline >= 0 ? String(e.daysBeforeDeadline) : `${-e.daysBeforeDeadline} (${c.afterDeadline})`,
    },
    sort: { entity: inLang({ en: e.name, zh: e.nameZh }, lang), obligation: e.obligation, surrendered: e.tonnes, first: e.first, last: e.last, days: e.daysBeforeDeadline },
  }));
  const cycleRows: Row[] = b.cycles.map((y) => ({
    id: String(y.year),
    cells: { cycle: String(y.year), from: y.from ?? dash, to: y.to, traded: tonnes(y.traded), lastMonth: tonnes(y.tradedLastMonth), share: pct(y.preDeadlineShare, dash) },
    sort: { cycle: y.year, from: y.from, to: y.to, traded: y.traded, lastMonth: y.tradedLastMonth, share: y.preDeadlineShare === null ? null : Number(y.preDeadlineShare) },
  }));

  return (
    <>
      <PageHeader title={a.title}
        subtitle={`${b.window.from ? fmt(c.subtitle, { year: ctx.year, from: b.window.from, to: b.window.to }) : fmt(c.subtitleOpen, { year: ctx.year, to: b.window.to })} · ${ctx.scopeName}`}
        actions={<ScopeSwitches ctx={ctx} basePath="/analysis/behaviour" t={t} lang={lang} />} />
      <AnalysisTabs active="behaviour" t={t} />
      <p className="analysis-note">{c.passive}</p>
      <div className="grid analysis-kpis mb" data-testid="behaviour-kpis">
        <Kpi label={c.kpiShare} value={pct(b.preDeadlineShare, dash)} hint={fmt(c.kpiShareHint, { n: tonnes(b.tradedLastMonth), from: b.window.lastMonthFrom })} testId="kpi-share" />
        <Kpi label={c.kpiTraded} value={tonnes(b.traded)} unit={unit} testId="kpi-traded" />
        <Kpi label={c.kpiEntities} value={pct(b.tradedShare, dash)} hint={fmt(c.kpiEntitiesHint, { n: b.entitiesThatTraded, m: b.coveredEntities })} testId="kpi-entities" />
        <Kpi label={c.kpiSurrenderLate} value={pct(b.surrenders.lastMonthShare, dash)} hint={fmt(c.kpiSurrenderLateHint, { n: tonnes(b.surrenders.tonnesLastMonth), m: tonnes(b.surrenders.tonnes) })} testId="kpi-surrender-late" />
      </div>
      <div className="grid grid-main-side mb">
        <Card title={c.chartMonths} subtitle={c.chartMonthsSub}>
          {b.traded === 0 ? <EmptyState title={c.noTrades} /> : (
            <SeriesChart testId="chart-months" xKey="month" left="tonnes" highlightKey="lastMonth"
              data={b.byMonth.map((m) => ({ month: m.month, tonnes: m.tonnes, lastMonth: m.lastMonth }))}
              series={[{ key: 'tonnes', label: c.seriesTonnes, color: COLORS.series[0]!, kind: 'bar' }]} />
          )}
        </Card>
        <Card title={c.chartCycles}>
          <SeriesChart testId="chart-cycles" xKey="cycle" left="pct" right="tonnes"
            data={b.cycles.map((y) => ({ cycle: String(y.year), share: y.preDeadlineShare === null ? null : Number(y.preDeadlineShare), traded: y.traded }))}
            series={[
              { key: 'traded', label: c.seriesTonnes, color: '#b9d7c9', kind: 'bar', axis: 'right' },
              { key: 'share', label: c.seriesShare, color: COLORS.series[4]!, kind: 'line' },
            ]} />
        </Card>
      </div>
      <Card title={c.chartCycles} flush className="mb">
        <DataTable testId="behaviour-cycles" rows={cycleRows} paginate={false} csvHref={csvHref('complianceBehaviour', { year: ctx.year }, { province: ctx.province }, lang)} initialSort={{ id: 'cycle', dir: 'desc' }}
          columns={[
            { id: 'cycle', header: c.colCycle }, { id: 'from', header: c.colFrom }, { id: 'to', header: c.colTo }, { id: 'traded', header: c.colTraded, align: 'right' },
            { id: 'lastMonth', header: c.colLastMonth, align: 'right' }, { id: 'share', header: c.colShare, align: 'right' },
          ]} />
      </Card>
      <div className="grid grid-main-side">
        <Card title={c.surrenders} subtitle={c.surrendersSub} flush>
          <DataTable testId="surrender-timing" rows={entityRows} empty={<EmptyState title={fmt(c.noSurrenders, { year: ctx.year })} />} initialSort={{ id: 'days', dir: 'asc' }}
            columns={[
              { id: 'entity', header: c.colEntity }, { id: 'obligation', header: c.colObligation, align: 'right' }, { id: 'surrendered', header: c.colSurrendered, align: 'right' },
              { id: 'first', header: c.colFirst }, { id: 'last', header: c.colLast }, { id: 'days', header: c.colDays, align: 'right' },
            ]} />
        </Card>
        <Card title={c.chartSurrenders}>
          <SeriesChart testId="chart-surrenders" xKey="month" left="tonnes" height={240}
            data={b.surrenders.byMonth.map((m) => ({ month: m.month, tonnes: m.tonnes }))}
            series={[{ key: 'tonnes', label: c.seriesSurrendered, color: COLORS.series[1]!, kind: 'bar' }]} />
        </Card>
      </div>
    </>
  );
});
