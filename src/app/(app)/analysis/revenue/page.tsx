import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/domain/identity/permissions';
import type { EarmarkUse } from '@/domain/analysis/earmarks';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { auctionRevenue } from '@/server/analytics/auctionRevenue';
import { marketYear } from '@/server/compliance/cycle';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart, type SeriesSpec } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, auctionTitle, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { AnalysisTabs } from '../_lib';
import { EarmarkForm } from './EarmarkForm';
import '../analysis.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.analysis.tabs.revenue} · ${t.analysis.title}` };
}

/** Auction revenue (DOMAIN §7): per auction, per year and in total, and its earmarking per use (set by the national regulator). */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('analysis.read', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const r = await auctionRevenue(actor);
  const a = t.analysis;
  const c = a.revenue;
  const dash = t.common.dash;
  const thisYear = await marketYear();
  const askedYear = Number(typeof sp.year === 'string' ? sp.year : NaN);
  const years = [...new Set([...r.years.map((y) => y.year), thisYear])].sort((x, y) => y - x);
  const year = years.includes(askedYear) ? askedYear : (r.years.at(-1)?.year ?? thisYear);
  const current = r.years.find((y) => y.year === year);
  const uses = [...new Set(r.years.flatMap((y) => y.earmarks.map((e) => e.use)))] as EarmarkUse[];
  const series: SeriesSpec[] = [
    ...uses.map((u, i) => ({ key: u, label: c.uses[u], color: COLORS.series[i % COLORS.series.length]!, kind: 'bar' as const, stack: 'r' })),
    { key: 'unassigned', label: c.unassigned, color: '#c7d0cc', kind: 'bar', stack: 'r' },
  ];
  const auctionRows: Row[] = r.auctions.map((x) => ({
    id: String(x.id),
    cells: {
      auction: <Link href={`/auctions/${x.id}`}>{auctionTitle(x, lang)}</Link>, day: x.day, vintage: String(x.vintage), sold: tonnes(x.quantitySold),
      clearing: x.clearingPrice ? amount(x.clearingPrice) : dash, proceeds: amount(x.proceeds),
    },
    sort: { auction: auctionTitle(x, lang), day: x.day, vintage: x.vintage, sold: x.quantitySold, clearing: x.clearingPrice ? Number(x.clearingPrice) : null, proceeds: Number(x.proceeds) },
  }));
  const earmarkRows: Row[] = (current?.earmarks ?? []).map((e) => ({
    id: e.use, testId: `earmark-${e.use}`,
    cells: { use: c.uses[e.use], share: `${(Number(e.share) * 100).toFixed(2)}%`, amount: amount(e.amount) },
    sort: { use: c.uses[e.use], share: Number(e.share), amount: Number(e.amount) },
  }));
  if (current && current.unassigned !== '0.00') {
    earmarkRows.push({ id: 'unassigned', cells: { use: c.unassigned, share: `${(Number(current.unassignedShare) * 100).toFixed(2)}%`, amount: amount(current.unassigned) }, sort: { use: '~', share: Number(current.unassignedShare), amount: Number(current.unassigned) } });
  }
  return (
    <>
      <PageHeader title={a.title} subtitle={c.subtitle}
        actions={
          <div className="seg" role="group" aria-label={c.colYear} data-testid="year-switch">
            {years.map((y) => <Link key={y} href={`/analysis/revenue?year=${y}`} className={y === year ? 'on' : undefined}>{y}</Link>)}
          </div>
        } />
      <AnalysisTabs active="revenue" t={t} />
      <p className="analysis-note">{a.national}</p>
      <div className="grid grid-3 mb">
        <Kpi label={c.kpiTotal} value={`¥${amount(r.total)}`} hint={fmt(c.kpiAuctions, { n: r.auctions.length })} testId="kpi-revenue-total" />
        <Kpi label={fmt(c.kpiYear, { year })} value={`¥${amount(current?.revenue ?? '0.00')}`} hint={fmt(c.kpiAuctions, { n: current?.auctions ?? 0 })} testId="kpi-revenue-year" />
      </div>
      <div className="grid grid-main-side mb">
        <Card title={c.chart}>
          {r.years.length === 0 ? <EmptyState title={c.empty} /> : (
            <SeriesChart testId="chart-revenue" xKey="year" left="cny" series={series}
              data={r.years.map((y) => ({ year: String(y.year), ...Object.fromEntries(y.earmarks.map((e) => [e.use, Number(e.amount)])), unassigned: Number(y.unassigned) }))} />
          )}
        </Card>
        <Card title={fmt(c.earmarks, { year })} subtitle={c.earmarksSub} flush={!can(actor.roles, 'analysis.earmarkSet')}>
          {can(actor.roles, 'analysis.earmarkSet') ? (
            <EarmarkForm key={year} year={year} initial={(current?.earmarks ?? []).map((e) => ({ use: e.use, share: e.share }))} />
          ) : (
            <DataTable testId="earmarks" rows={earmarkRows} paginate={false} empty={<EmptyState title={fmt(c.noEarmarks, { year })} />}
              columns={[{ id: 'use', header: c.use }, { id: 'share', header: c.colShare, align: 'right' }, { id: 'amount', header: c.colAmount, align: 'right' }]} />
          )}
        </Card>
      </div>
      {can(actor.roles, 'analysis.earmarkSet') && earmarkRows.length ? (
        <Card title={fmt(c.earmarks, { year })} flush className="mb">
          <DataTable testId="earmarks" rows={earmarkRows} paginate={false}
            columns={[{ id: 'use', header: c.use }, { id: 'share', header: c.colShare, align: 'right' }, { id: 'amount', header: c.colAmount, align: 'right' }]} />
        </Card>
      ) : null}
      <Card title={c.perAuction} flush>
        <DataTable testId="revenue-auctions" rows={auctionRows} csvHref={csvHref('auctionRevenue', {}, {}, lang)} empty={<EmptyState title={c.empty} />} initialSort={{ id: 'day', dir: 'desc' }}
          columns={[
            { id: 'auction', header: c.colAuction }, { id: 'day', header: c.colDay }, { id: 'vintage', header: c.colVintage }, { id: 'sold', header: c.colSold, align: 'right' },
            { id: 'clearing', header: c.colClearing, align: 'right' }, { id: 'proceeds', header: c.colProceeds, align: 'right' },
          ]} />
      </Card>
    </>
  );
});
