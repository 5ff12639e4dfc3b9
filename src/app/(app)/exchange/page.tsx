import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { getClock } from '@/server/trading/market';
import { listInstrumentQuotes } from '@/server/trading/marketData';
import { marketCalendar } from '@/server/trading/screens';
import { listHolidays } from '@/server/trading/holidays';
import { HolidayControls } from './HolidayControls';
import { marketSummary } from '@/server/trading/surveillance';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { RefreshButton } from '@/ui/RefreshButton';
import { MarketClock } from '@/ui/trading/MarketClock';
import { PriceChange } from '@/ui/trading/PriceChange';
import { ClockControls } from './ClockControls';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.exchange.title };
}

/**
 * The exchange operator's dashboard: the market clock and calendar (demo controls), fee income
 * and the risk reserve, today's activity and open risk items, the instruments' day.
 */
export default guardedPage('market.operate', async ({ actor, t, lang }) => {
  const [clock, summary, quotes] = await Promise.all([getClock(), marketSummary(actor), listInstrumentQuotes()]);
  const calendar = await marketCalendar(clock.marketTime.slice(0, 10), 14);
  const upcoming = await listHolidays({ days: 365 });
  const today = clock.marketTime.slice(0, 10);
  return (
    <>
      <PageHeader title={t.exchange.title} subtitle={t.exchange.subtitle} actions={<RefreshButton />} />
      <MarketClock clock={clock} />

      <div className="grid grid-4 mb">
        <Kpi label={t.exchange.feeIncome} value={`¥${amount(summary.feeIncome)}`} hint={t.exchange.feeIncomeHint} testId="kpi-fee-income" />
        <Kpi label={t.exchange.riskReserve} value={`¥${amount(summary.riskReserve)}`} hint={t.exchange.riskReserveHint} testId="kpi-risk-reserve" />
        <Kpi label={t.exchange.tradesToday} value={tonnes(summary.today.trades)} hint={fmt(t.exchange.feesToday, { fees: `¥${amount(summary.today.fees)}` })} testId="kpi-trades" />
        <Kpi
          label={t.exchange.volumeToday}
          value={tonnes(summary.today.volume)}
          unit={t.common.tonnes}
          hint={`${t.exchange.turnoverToday}: ¥${amount(summary.today.turnover)}`}
          testId="kpi-volume"
        />
      </div>

      <div className="grid grid-main-side mb">
        <Card title={t.exchange.clockTitle} subtitle={fmt(t.exchange.clockSubtitle, { day: clock.tradingDay, closed: clock.closedThrough ?? t.common.dash })} testId="clock-card">
          <ClockControls clock={clock} />
          <h3 style={{ margin: '18px 0 8px' }}>{t.exchange.calendar}</h3>
          <div className="calendar" data-testid="calendar">
            {calendar.map((d) => {
              const weekend = d.weekday === 0 || d.weekday === 6;
              const cls = d.trading ? 'trading' : d.holiday !== null ? 'holiday' : weekend ? 'weekend' : '';
              return (
                <div key={d.date} className={`day ${cls}${d.date === today ? ' today' : ''}`} title={d.holiday ?? undefined}>
                  <div className="d">
                    {d.date.slice(5)} <span className="faint">{t.exchange.weekdays[d.weekday]}</span>
                  </div>
                  <div className="sub-line">{d.trading ? t.exchange.tradingDay : d.holiday !== null ? d.holiday || t.exchange.holiday : t.exchange.weekend}</div>
                </div>
              );
            })}
          </div>
          <HolidayControls holidays={upcoming} today={clock.marketTime.slice(0, 10)} />
        </Card>
        <Card title={t.exchange.riskTitle} testId="risk-card">
          <dl className="facts">
            <dt>{t.exchange.openListings}</dt>
            <dd data-testid="open-listings">{tonnes(summary.openListings)}</dd>
            <dt>{t.exchange.pendingProposals}</dt>
            <dd>{tonnes(summary.pendingBlockProposals)}</dd>
            <dt>{t.exchange.openAlerts}</dt>
            <dd>
              {summary.openAlerts > 0 ? <Badge tone="red">{summary.openAlerts}</Badge> : <Badge tone="green">0</Badge>}{' '}
              <Link href="/exchange/surveillance">{t.common.viewDetails} ›</Link>
            </dd>
            <dt>{t.exchange.suspendedParticipants}</dt>
            <dd>
              {summary.suspendedParticipants > 0 ? <Badge tone="amber">{summary.suspendedParticipants}</Badge> : <Badge tone="green">0</Badge>}{' '}
              <Link href="/exchange/participants">{t.common.viewDetails} ›</Link>
            </dd>
          </dl>
        </Card>
      </div>

      <Card
        title={fmt(t.exchange.instrumentsToday, { day: clock.tradingDay })}
        flush
        actions={
          <>
            <Link className="btn sm" href="/exchange/instruments">
              {t.nav.exchangeInstruments} ›
            </Link>
            <Link className="btn sm" href="/market">
              {t.nav.market} ›
            </Link>
          </>
        }
      >
        <DataTable
          testId="exchange-quotes"
          csvHref={csvHref('instruments', {}, {}, lang)}
          paginate={false}
          columns={[
            { id: 'symbol', header: t.common.instrument },
            { id: 'status', header: t.common.status },
            { id: 'last', header: t.market.colLast, align: 'right' },
            { id: 'change', header: t.market.colChangePct, align: 'right' },
            { id: 'trades', header: t.exchange.colTrades, align: 'right' },
            { id: 'volume', header: t.market.colVolume, align: 'right' },
            { id: 'turnover', header: t.market.colTurnover, align: 'right' },
            { id: 'blockVolume', header: t.market.colBlockVolume, align: 'right' },
          ]}
          rows={quotes.map((q) => ({
            id: q.symbol,
            cells: {
              symbol: <span className="mono">{q.symbol}</span>,
              status: <Badge tone={q.status === 'TRADING' ? 'green' : 'red'}>{t.market.status[q.status]}</Badge>,
              last: q.last ? amount(q.last) : null,
              change: <PriceChange value={q.changePercent} percent />,
              trades: q.trades,
              volume: tonnes(q.volume),
              turnover: amount(q.turnover),
              blockVolume: tonnes(q.blockVolume),
            },
            sort: { symbol: q.symbol, last: q.last ? Number(q.last) : null, change: q.changePercent ? Number(q.changePercent) : null, volume: q.volume, turnover: Number(q.turnover), blockVolume: q.blockVolume },
          }))}
          empty={<EmptyState title={t.market.noInstruments} hint={t.exchange.noInstrumentsHint} />}
        />
      </Card>
    </>
  );
});
