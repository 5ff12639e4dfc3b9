import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '@/i18n/server';
import { primaryVsSecondary } from '@/server/analytics/primarySecondary';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, auctionTitle, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { AnalysisTabs } from '../_lib';
import '../analysis.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${t.analysis.tabs.market} · ${t.analysis.title}` };
}

/**
 * Primary vs secondary market (DOMAIN §7): a vintage's daily close, VWAP and volumes, with each
 * auction's clearing and reserve price on its day; the auctions against the close of their day,
 * the reserve above the market flagged. National figures, the same for every regulator.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('analysis.read', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const m = await primaryVsSecondary(actor);
  const a = t.analysis;
  const c = a.market;
  const dash = t.common.dash;
  // The vintage shown: asked, else the one traded most.
  const volumeOf = (symbol: string) => m.daily.filter((d) => d.symbol === symbol).reduce((s, d) => s + d.volume + d.blockVolume, 0);
  const asked = typeof sp.symbol === 'string' && m.symbols.includes(sp.symbol) ? sp.symbol : undefined;
  const symbol = asked ?? [...m.symbols].sort((x, y) => volumeOf(y) - volumeOf(x))[0];
  const vintage = symbol ? Number(symbol.slice(4)) : null;
  const days = m.daily.filter((d) => d.symbol === symbol);
  const auctions = m.auctions.filter((x) => x.vintage === vintage);
  const byDay = new Map(auctions.map((x) => [x.day, x]));
  const data = days.map((d) => {
    const au = byDay.get(d.day);
    return {
      day: d.day, close: Number(d.close), vwap: d.vwap === null ? null : Number(d.vwap), volume: d.volume, block: d.blockVolume,
      clearing: au?.clearingPrice ? Number(au.clearingPrice) : null, reserve: au?.reservePrice ? Number(au.reservePrice) : null,
    };
  });
  const above = m.auctions.filter((x) => x.reserveAboveMarket).length;
  const last = days.at(-1);
  const rows: Row[] = m.auctions.map((x) => ({
    id: String(x.id), testId: `auction-${x.id}`,
    cells: {
      auction: <Link href={`/auctions/${x.id}`}>{auctionTitle(x, lang)}</Link>,
      day: x.day, vintage: String(x.vintage),
      reserve: x.reservePrice ? amount(x.reservePrice) : dash, clearing: x.clearingPrice ? amount(x.clearingPrice) : dash,
      close: x.marketClose ? amount(x.marketClose) : dash,
      gap: x.reserveGap === null ? dash : <span className={x.reserveAboveMarket ? 'flag-above' : undefined}>{amount(x.reserveGap)}</span>,
      flag: x.reserveAboveMarket ? <Badge tone="red" testId={`flag-${x.id}`}>{c.flagAbove}</Badge> : <Badge tone="gray">{c.flagBelow}</Badge>,
      sold: tonnes(x.quantitySold), proceeds: amount(x.proceeds),
    },
    sort: {
      auction: auctionTitle(x, lang), day: x.day, vintage: x.vintage, reserve: x.reservePrice ? Number(x.reservePrice) : null, clearing: x.clearingPrice ? Number(x.clearingPrice) : null,
      close: x.marketClose ? Number(x.marketClose) : null, gap: x.reserveGap ? Number(x.reserveGap) : null, flag: x.reserveAboveMarket ? 1 : 0, sold: x.quantitySold, proceeds: Number(x.proceeds),
    },
  }));

  return (
    <>
      <PageHeader title={a.title} subtitle={c.subtitle}
        actions={m.symbols.length > 1 ? (
          <div className="seg" role="group" aria-label={c.instrument} data-testid="symbol-switch">
            {m.symbols.map((s) => <Link key={s} href={`/analysis/market?symbol=${s}`} className={s === symbol ? 'on' : undefined}>{s}</Link>)}
          </div>
        ) : null} />
      <AnalysisTabs active="market" t={t} />
      <p className="analysis-note">{a.national}</p>
      <div className="grid analysis-kpis mb">
        <Kpi label={c.kpiLastClose} value={last ? `¥${amount(last.close)}` : dash} hint={last ? `${symbol} · ${last.day}` : undefined} testId="kpi-close" />
        <Kpi label={c.kpiVolume} value={tonnes(days.reduce((s, d) => s + d.volume + d.blockVolume, 0))} unit={t.common.tonnes} hint={symbol} />
        <Kpi label={c.kpiAuctions} value={String(m.auctions.length)} />
        <Kpi label={c.kpiAbove} value={String(above)} hint={above ? c.flagAbove : undefined} testId="kpi-above" />
      </div>
      <Card title={`${c.chart} · ${symbol ?? ''}`} subtitle={c.chartSub} className="mb">
        {days.length === 0 ? <EmptyState title={c.noBars} /> : (
          <SeriesChart testId="chart-market" xKey="day" left="cny" right="tonnes" height={340} data={data}
            series={[
              { key: 'volume', label: c.seriesVolume, color: '#b9d7c9', kind: 'bar', axis: 'right', stack: 'v' },
              { key: 'block', label: c.seriesBlock, color: '#c9d3e8', kind: 'bar', axis: 'right', stack: 'v' },
              { key: 'close', label: c.seriesClose, color: COLORS.series[0]!, kind: 'line' },
              { key: 'vwap', label: c.seriesVwap, color: COLORS.series[1]!, kind: 'line', dashed: true },
              { key: 'clearing', label: c.seriesClearing, color: COLORS.series[3]!, kind: 'dots' },
              { key: 'reserve', label: c.seriesReserve, color: COLORS.series[4]!, kind: 'dots' },
            ]} />
        )}
      </Card>
      <Card title={c.auctions} subtitle={c.auctionsSub} flush>
        <DataTable testId="auctions-vs-market" rows={rows} csvHref={csvHref('primarySecondary', {}, {}, lang)} empty={<EmptyState title={c.noAuctions} />} initialSort={{ id: 'day', dir: 'desc' }}
          columns={[
            { id: 'auction', header: c.colAuction }, { id: 'day', header: c.colDay }, { id: 'vintage', header: c.colVintage },
            { id: 'reserve', header: c.colReserve, align: 'right' }, { id: 'clearing', header: c.colClearing, align: 'right' }, { id: 'close', header: c.colClose, align: 'right' },
            { id: 'gap', header: c.colReserveGap, align: 'right' }, { id: 'flag', header: '' , label: c.flagAbove }, { id: 'sold', header: c.colSold, align: 'right' },
            { id: 'proceeds', header: c.colProceeds, align: 'right' },
          ]} />
      </Card>
    </>
  );
});
