import type { Metadata } from 'next';
import { can } from '@/domain/identity/permissions';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { fuelPriceSeries } from '@/server/analytics/fuelPrices';
import { marketDate } from '@/server/compliance/cycle';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { AnalysisTabs } from '../_lib';
import { FuelPriceForms } from './FuelPriceForms';
import { FuelSwitchCalculator } from './FuelSwitchCalculator';
import '../analysis.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.analysis.tabs.fuelSwitch} · ${t.analysis.title}` };
}

/**
 * The fuel-switch carbon price (理论碳价, DOMAIN §7): a calculator with every parameter, the series
 * of coal and gas prices with each day's theoretical price against the market close and the gap,
 * and (national regulator) the forms that keep the series.
 */
export default guardedPage('analysis.read', async ({ actor, t, lang }) => {
  const s = await fuelPriceSeries(actor, {});
  const a = t.analysis;
  const f = a.fuel;
  const dash = t.common.dash;
  const latest = s.items.at(-1);
  const withClose = [...s.items].reverse().find((i) => i.marketClose !== null);
  const money = (v: string | null) => (v === null ? dash : amount(v));
  const rows: Row[] = s.items.map((i) => ({
    id: i.date,
    cells: {
      date: i.date, coal: amount(i.coalPrice), gas: i.gasPrice, theoretical: money(i.theoreticalPrice), close: money(i.marketClose),
      gap: i.gap === null ? dash : <span className={Number(i.gap) > 0 ? 'neg' : 'pos'}>{amount(i.gap)}</span>, source: i.source ?? dash,
    },
    sort: {
      date: i.date, coal: Number(i.coalPrice), gas: Number(i.gasPrice), theoretical: i.theoreticalPrice === null ? null : Number(i.theoreticalPrice),
      close: i.marketClose === null ? null : Number(i.marketClose), gap: i.gap === null ? null : Number(i.gap), source: i.source,
    },
  }));
  return (
    <>
      <PageHeader title={a.title} subtitle={f.subtitle} />
      <AnalysisTabs active="fuelSwitch" t={t} />
      <div className="grid grid-main-side mb">
        <Card title={f.calculator} subtitle={f.calculatorSub}>
          <FuelSwitchCalculator coalPrice={latest?.coalPrice ?? '800.00'} gasPrice={latest?.gasPrice ?? '3.2000'} />
        </Card>
        <div className="grid" style={{ alignContent: 'start' }}>
          <Kpi label={f.kpiLatest} value={latest?.theoreticalPrice ? `¥${amount(latest.theoreticalPrice)}` : dash} hint={latest?.date} testId="kpi-theoretical" />
          <Kpi label={f.kpiGap} value={withClose?.gap ? `¥${amount(withClose.gap)}` : dash}
            hint={withClose?.marketClose ? fmt(f.kpiGapHint, { close: amount(withClose.marketClose), date: withClose.date }) : undefined} testId="kpi-gap" />
        </div>
      </div>
      <Card title={f.series} subtitle={f.seriesSub} className="mb">
        {s.items.length === 0 ? <EmptyState title={f.empty} /> : (
          <SeriesChart testId="chart-fuel" xKey="date" left="cny" height={320}
            data={s.items.map((i) => ({
              date: i.date, theoretical: i.theoreticalPrice === null ? null : Number(i.theoreticalPrice), close: i.marketClose === null ? null : Number(i.marketClose),
              gap: i.gap === null ? null : Number(i.gap),
            }))}
            series={[
              { key: 'theoretical', label: f.seriesTheoretical, color: COLORS.series[4]!, kind: 'line' },
              { key: 'close', label: f.seriesClose, color: COLORS.series[0]!, kind: 'line' },
              { key: 'gap', label: f.seriesGap, color: '#9fb0a9', kind: 'line', dashed: true },
            ]} />
        )}
      </Card>
      <Card title={f.prices} flush className="mb">
        <DataTable testId="fuel-prices" rows={rows} csvHref={csvHref('fuelPrices', {}, {}, lang)} empty={<EmptyState title={f.empty} />} initialSort={{ id: 'date', dir: 'desc' }}
          columns={[
            { id: 'date', header: f.colDate }, { id: 'coal', header: f.colCoal, align: 'right' }, { id: 'gas', header: f.colGas, align: 'right' },
            { id: 'theoretical', header: f.colTheoretical, align: 'right' }, { id: 'close', header: f.colClose, align: 'right' }, { id: 'gap', header: f.colGap, align: 'right' },
            { id: 'source', header: f.colSource },
          ]} />
      </Card>
      <Card>{can(actor.roles, 'analysis.fuelPricesSet') ? <FuelPriceForms today={await marketDate()} /> : <p className="muted">{f.readOnly}</p>}</Card>
    </>
  );
});
