import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listAuctions } from '@/server/auction/auctions';
import { getClock } from '@/server/trading/market';
import { dailyBars, listInstrumentQuotes, orderBook, tape, type InstrumentQuote, type TapeTrade } from '@/server/trading/marketData';
import { AuctionBanner } from '@/ui/auction/AuctionBanner';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { PriceVolumeChart } from '@/ui/charts/PriceVolumeChart';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, dateTimeSeconds, tonnes } from '@/ui/format';
import { pickInstrument } from '@/ui/trading/InstrumentPicker';
import { InstrumentPageHeader, NoInstruments } from '@/ui/trading/InstrumentPage';
import { MarketClock } from '@/ui/trading/MarketClock';
import { OrderBook } from '@/ui/trading/OrderBook';
import { PriceChange } from '@/ui/trading/PriceChange';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.market.title };
}

/** Renders on every request: the market moves (and the demo clock with it). */
export const dynamic = 'force-dynamic';

/**
 * Public market data (no sign-in): every instrument's quote with its bands, the chosen
 * instrument's daily price and volume, order book, the tape of listed trades and the day's block
 * trade report, and a line on the auction open now (or the next) linking to the auction calendar.
 * Listers and counterparties stay anonymous.
 */
export default async function MarketPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, lang } = await getI18n();
  const [clock, quotes] = await Promise.all([getClock(), listInstrumentQuotes()]);
  const quote = pickInstrument(quotes, (await searchParams).symbol);
  const header = <InstrumentPageHeader title={t.market.title} subtitle={t.market.subtitle} instruments={quotes} current={quote?.symbol} basePath="/market" />;
  if (!quote) return <NoInstruments header={header} clock={clock} />;

  const symbol = quote.symbol;
  const [bars, book, listed, block, auctions] = await Promise.all([
    dailyBars(symbol, 60),
    orderBook(symbol),
    tape(symbol, { kind: 'LISTED', limit: 30 }),
    tape(symbol, { kind: 'BLOCK', day: clock.tradingDay, limit: 50 }),
    listAuctions(null),
  ]);

  return (
    <>
      {header}
      <MarketClock clock={clock} />
      <AuctionBanner auctions={auctions} />
      <Card title={t.market.instruments} subtitle={fmt(t.market.instrumentsSubtitle, { day: clock.tradingDay })} flush testId="quotes">
        <DataTable testId="quotes-table" csvHref={csvHref('instruments', {}, {}, lang)} columns={quoteColumns(t)} rows={quotes.map((q) => quoteRow(q, q.symbol === symbol, t))} paginate={false} />
      </Card>

      <div className="grid grid-main-side mb">
        <Card title={fmt(t.market.chartTitle, { symbol })} subtitle={t.market.chartSubtitle} testId="price-chart-card">
          {bars.length ? <PriceVolumeChart bars={bars} testId="price-chart" /> : <EmptyState title={t.market.chartEmpty} hint={t.market.chartEmptyHint} />}
        </Card>
        <Card title={fmt(t.market.bookOf, { symbol })} subtitle={t.market.bookSubtitle} flush testId="market-book">
          <OrderBook bids={book.bids} asks={book.asks} />
        </Card>
      </div>

      <div className="grid grid-2">
        <Card title={fmt(t.market.tape, { symbol })} subtitle={t.market.tapeSubtitle} flush testId="tape">
          <TradesTable trades={listed.items} t={t} testId="tape-table" csvHref={csvHref('tape', { symbol }, { kind: 'LISTED' }, lang)} empty={t.market.tapeEmpty} showDay />
        </Card>
        <Card title={t.market.blockReport} subtitle={fmt(t.market.blockReportSubtitle, { symbol, day: clock.tradingDay })} flush testId="block-report">
          <TradesTable trades={block.items} t={t} testId="block-report-table" csvHref={csvHref('tape', { symbol }, { kind: 'BLOCK', day: clock.tradingDay }, lang)} empty={t.market.blockEmpty} />
        </Card>
      </div>
    </>
  );
}

function quoteColumns(t: Dictionary) {
  return [
    { id: 'symbol', header: t.common.instrument },
    { id: 'last', header: t.market.colLast, align: 'right' as const },
    { id: 'change', header: t.market.colChange, align: 'right' as const },
    { id: 'range', header: t.market.colRange, align: 'right' as const, sortable: false },
    { id: 'volume', header: t.market.colVolume, align: 'right' as const },
    { id: 'turnover', header: t.market.colTurnover, align: 'right' as const },
    { id: 'blockVolume', header: t.market.colBlockVolume, align: 'right' as const },
    { id: 'previousClose', header: t.market.colPrevClose, align: 'right' as const },
    { id: 'bands', header: t.market.colBands, align: 'right' as const, sortable: false },
    { id: 'status', header: t.common.status },
  ];
}

function quoteRow(q: InstrumentQuote, current: boolean, t: Dictionary): Row {
  const band = (b: { low: string; high: string } | null) => (b ? <span className="nowrap">{`${amount(b.low)} – ${amount(b.high)}`}</span> : null);
  return {
    id: q.symbol,
    testId: `quote-${q.symbol}`,
    cells: {
      symbol: (
        <div className="cell-stack">
          <Link href={`/market?symbol=${encodeURIComponent(q.symbol)}`} className="mono" style={{ fontWeight: current ? 700 : 500 }}>
            {q.symbol}
          </Link>
          <span className="sub-line nowrap">{t.instruments[q.instrument]}</span>
        </div>
      ),
      last: q.last ? (
        <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
          <strong className={q.change && Number(q.change) !== 0 ? (Number(q.change) > 0 ? 'px-up' : 'px-down') : undefined}>{amount(q.last)}</strong>
          {q.close ? <span className="sub-line nowrap" data-testid={`quote-close-${q.symbol}`}>{`${t.market.close} ${amount(q.close)}`}</span> : null}
        </div>
      ) : null,
      change: (
        <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
          <PriceChange value={q.change} testId={`quote-change-${q.symbol}`} />
          {q.changePercent ? <PriceChange value={q.changePercent} percent /> : null}
        </div>
      ),
      range: q.high && q.low ? <span className="nowrap sub-line">{`${amount(q.low)} – ${amount(q.high)}`}</span> : null,
      volume: tonnes(q.volume),
      turnover: amount(q.turnover),
      blockVolume: tonnes(q.blockVolume),
      previousClose: q.previousClose ? amount(q.previousClose) : q.referencePrice ? <span title={t.market.referencePrice}>{`${amount(q.referencePrice)} *`}</span> : null,
      bands:
        q.listedBand && q.blockBand ? (
          <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
            <span title={t.market.colListedBand}>{band(q.listedBand)}</span>
            <span className="sub-line" title={t.market.colBlockBand}>{band(q.blockBand)}</span>
          </div>
        ) : null,
      status: (
        <div className="cell-stack">
          <Badge tone={q.status === 'TRADING' ? 'green' : 'red'}>{t.market.status[q.status]}</Badge>
          {q.statusReason ? <span className="sub-line">{q.statusReason}</span> : null}
        </div>
      ),
    },
    sort: {
      symbol: q.symbol, last: q.last ? Number(q.last) : null, change: q.changePercent ? Number(q.changePercent) : null,
      volume: q.volume, turnover: Number(q.turnover), blockVolume: q.blockVolume, previousClose: Number(q.previousClose ?? q.referencePrice ?? 0), status: q.status,
    },
  };
}

function TradesTable({ trades, t, testId, empty, showDay, csvHref: href }: { trades: TapeTrade[]; t: Dictionary; testId: string; empty: string; showDay?: boolean; csvHref: string }) {
  return (
    <DataTable
      testId={testId}
      csvHref={href}
      initialSort={{ id: 'id', dir: 'desc' }}
      columns={[
        { id: 'time', header: t.market.colTime },
        { id: 'price', header: t.market.price, align: 'right' },
        { id: 'quantity', header: t.market.bookQty, align: 'right' },
        { id: 'amount', header: t.market.colAmount, align: 'right' },
        { id: 'aggressor', header: t.market.colAggressor },
      ]}
      rows={trades.map((r) => ({
        id: r.id,
        cells: {
          time: (
            <div className="cell-stack">
              <span className="nowrap mono">{dateTimeSeconds(r.executedAt).slice(11)}</span>
              {showDay ? <span className="sub-line nowrap" title={t.market.tradingDay}>{r.tradingDay}</span> : null}
            </div>
          ),
          price: <strong>{amount(r.price)}</strong>,
          quantity: tonnes(r.quantity),
          amount: amount(r.amount),
          aggressor: <span className={r.aggressorSide === 'BUY' ? 'side-buy' : 'side-sell'}>{r.aggressorSide === 'BUY' ? t.market.buyerInitiated : t.market.sellerInitiated}</span>,
        },
        sort: { id: Number(r.id), time: r.executedAt, price: Number(r.price), quantity: r.quantity, amount: Number(r.amount), aggressor: r.aggressorSide },
      }))}
      empty={<EmptyState title={empty} />}
    />
  );
}
