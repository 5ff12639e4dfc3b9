import type { Metadata } from 'next';
import { can } from '@/domain/identity/permissions';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { balanceSheet } from '@/server/analytics/balanceSheet';
import { Alert } from '@/ui/Alert';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { apiPathTemplate, csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, inLang, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../_lib/page';
import { CostCalculator } from './CostCalculator';
import { EntityPicker } from './EntityPicker';
import { ForecastForm } from './ForecastForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.balanceSheet.title };
}

/**
 * The carbon balance sheet (DOMAIN §7a): what the entity holds at the market close against what it
 * owes, the net position, the gap's cost today and at a typed price, the next deadline, and the
 * running year's monthly figures that drive the forecast. An entity sees its own; a regulator finds
 * an entity in its scope by searching its account.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('balanceSheet.read', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const b = t.balanceSheet;
  const dash = t.common.dash;
  const unit = t.common.tonnes;
  // Not a covered entity itself (the page's permission makes it a regulator): it picks one in its scope.
  const overseer = actor.organisationKind !== 'COMPLIANCE_ENTITY';
  const asked = Number(typeof sp.organisationId === 'string' ? sp.organisationId : NaN);
  const csv = csvHref('balanceSheet', {}, { organisationId: overseer && Number.isFinite(asked) ? asked : undefined }, lang);
  const picker = overseer ? <EntityPicker searchPath={apiPathTemplate('accountList')} /> : null;
  if (overseer && !Number.isFinite(asked)) {
    return (
      <>
        <PageHeader title={b.title} actions={picker} />
        <EmptyState title={b.pickEntity} />
      </>
    );
  }
  const s = await balanceSheet(actor, overseer ? { organisationId: asked } : {});
  const short = s.netTonnes < 0;
  const assetRows: Row[] = s.assets.map((a) => ({
    id: a.symbol, testId: `asset-${a.symbol}`,
    cells: {
      asset: a.symbol, available: tonnes(a.available), locked: tonnes(a.locked), encumbered: tonnes(a.pledged + a.frozen), total: tonnes(a.total),
      price: a.price ? <span title={a.priceSource === 'NEWEST_CEA' ? b.priceNewest : undefined}>{amount(a.price)}{a.priceSource === 'NEWEST_CEA' ? ' *' : ''}</span> : b.noPrice,
      value: amount(a.value),
    },
    sort: { asset: a.symbol, available: a.available, locked: a.locked, encumbered: a.pledged + a.frozen, total: a.total, price: a.price ? Number(a.price) : null, value: Number(a.value) },
  }));
  const liabilityRows: Row[] = s.liabilities.map((l) => ({
    id: String(l.year), testId: `liability-${l.year}`,
    cells: {
      year: String(l.year), basis: b.basis[l.basis], obligation: l.obligation === null ? dash : tonnes(l.obligation), surrendered: tonnes(l.surrendered),
      remaining: tonnes(l.remaining), covered: tonnes(l.coveredByCea + l.coveredByCcer),
      shortfall: <span className={l.shortfall > 0 ? 'neg' : undefined}>{tonnes(l.shortfall)}</span>, deadline: `${l.deadline} (${l.daysLeft})`, value: amount(l.value),
    },
    sort: { year: l.year, basis: l.basis, obligation: l.obligation, surrendered: l.surrendered, remaining: l.remaining, covered: l.coveredByCea + l.coveredByCcer, shortfall: l.shortfall, deadline: l.deadline, value: Number(l.value) },
  }));
  const running = s.liabilities.find((l) => l.year === s.monthly.year);
  const today = new Date(`${s.marketDate}T00:00:00Z`);
  const currentMonth = today.getUTCMonth() + 1;
  const average = s.monthly.months.length ? s.monthly.months.reduce((x, m) => x + m.emissions, 0) / s.monthly.months.length : null;
  return (
    <>
      <PageHeader title={b.title} subtitle={fmt(b.subtitle, { name: inLang({ en: s.name, zh: s.nameZh }, lang), date: s.marketDate })} actions={picker} />
      <div className="grid grid-4 mb" data-testid="balance-kpis">
        <Kpi label={b.kpiNet} value={<span className={short ? 'neg' : 'pos'}>{tonnes(s.netTonnes)}</span>} unit={unit} hint={`¥${amount(s.netValue)} · ${short ? b.kpiNetShort : b.kpiNetLong}`} testId="kpi-net" />
        <Kpi label={b.kpiAssets} value={`¥${amount(s.assetsValue)}`} hint={b.kpiAssetsHint} testId="kpi-assets" />
        <Kpi label={b.kpiLiabilities} value={`¥${amount(s.liabilitiesValue)}`} hint={b.kpiLiabilitiesHint} testId="kpi-liabilities" />
        <Kpi label={b.kpiDeadline} value={s.nextDeadline?.date ?? dash} hint={s.nextDeadline ? fmt(b.kpiDeadlineHint, { days: s.nextDeadline.daysLeft, year: s.nextDeadline.year }) : b.kpiNoDeadline} testId="kpi-deadline" />
      </div>
      {s.shortfall > 0 && s.price ? (
        <Alert kind="warn" testId="act-early">{fmt(b.actEarly, { n: tonnes(s.shortfall), price: amount(s.price), cost: amount(s.costToClose ?? '0.00') })}</Alert>
      ) : s.netTonnes > 0 ? (
        <Alert kind="info" testId="act-early">{fmt(b.actLong, { n: tonnes(s.netTonnes) })}</Alert>
      ) : null}
      <div className="grid grid-main-side mb" style={{ marginTop: 16 }}>
        <Card title={b.chart}>
          <SeriesChart testId="chart-obligations" xKey="year" left="tonnes" height={260}
            data={s.liabilities.map((l) => ({ year: String(l.year), surrendered: l.surrendered, cea: l.coveredByCea, ccer: l.coveredByCcer, shortfall: l.shortfall }))}
            series={[
              { key: 'surrendered', label: b.seriesSurrendered, color: '#9fb0a9', kind: 'bar', stack: 'o' },
              { key: 'cea', label: b.seriesCea, color: COLORS.series[0]!, kind: 'bar', stack: 'o' },
              { key: 'ccer', label: b.seriesCcer, color: COLORS.series[5]!, kind: 'bar', stack: 'o' },
              { key: 'shortfall', label: b.seriesShortfall, color: COLORS.series[4]!, kind: 'bar', stack: 'o' },
            ]} />
        </Card>
        <Card title={b.cost}>
          {s.shortfall === 0 ? <p className="muted">{b.noGap}</p> : (
            <>
              <p className="muted">{fmt(b.costToday, { price: amount(s.price ?? '0.00') })}</p>
              <p className="kpi-line" data-testid="cost-today"><strong>¥{amount(s.costToClose ?? '0.00')}</strong></p>
              <h3 className="section-title">{b.costAt}</h3>
              <CostCalculator shortfall={s.shortfall} initialPrice={s.price ?? '50.00'} />
            </>
          )}
        </Card>
      </div>
      <Card title={b.liabilities} flush className="mb">
        <DataTable testId="liabilities" rows={liabilityRows} paginate={false} csvHref={csv}
          columns={[
            { id: 'year', header: b.colYear }, { id: 'basis', header: b.colBasis }, { id: 'obligation', header: b.colObligation, align: 'right' },
            { id: 'surrendered', header: b.colSurrendered, align: 'right' }, { id: 'remaining', header: b.colRemaining, align: 'right' },
            { id: 'covered', header: b.colCovered, align: 'right' }, { id: 'shortfall', header: b.colShortfall, align: 'right' }, { id: 'deadline', header: b.colDeadline },
            { id: 'value', header: b.colValue, align: 'right' },
          ]} />
      </Card>
      <Card title={b.assets} subtitle={fmt(b.eligibleCcer, { n: tonnes(s.eligibleCcer) })} flush className="mb">
        <DataTable testId="assets" rows={assetRows} paginate={false} csvHref={csv}
          columns={[
            { id: 'asset', header: b.colAsset }, { id: 'available', header: b.colAvailable, align: 'right' }, { id: 'locked', header: b.colLocked, align: 'right' },
            { id: 'encumbered', header: b.colEncumbered, align: 'right' }, { id: 'total', header: b.colTotal, align: 'right' }, { id: 'price', header: b.colPrice, align: 'right' },
            { id: 'value', header: b.colValue, align: 'right' },
          ]} />
      </Card>
      <Card title={fmt(b.forecast, { year: s.monthly.year })} subtitle={b.forecastSub}>
        {running?.obligation !== null && running ? (
          <p data-testid="forecast-result">{fmt(b.forecastResult, { year: running.year, n: tonnes(running.obligation!), basis: b.basis[running.basis] })}</p>
        ) : null}
        {s.monthly.months.length ? (
          <SeriesChart testId="chart-monthly" xKey="month" left="tonnes" height={220}
          data={b.months.map((label, i) => ({ month: label, entered: s.monthly.months.find((m) => m.month === i + 1)?.emissions ?? null, runRate: average }))}
          series={[{ key: 'entered', label: b.seriesEntered, color: COLORS.series[1]!, kind: 'bar' }, { key: 'runRate', label: b.seriesRunRate, color: COLORS.series[2]!, kind: 'line', dashed: true }]} />
        ) : null}
        {can(actor.roles, 'balanceSheet.forecast') && actor.organisationId === s.organisationId ? (
          <ForecastForm year={s.monthly.year} currentMonth={currentMonth} initial={s.monthly.months} />
        ) : <p className="muted">{b.readOnlyForecast}</p>}
      </Card>
    </>
  );
});
