import Decimal from 'decimal.js';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import type { AuctionHistory as History } from '@/server/auction/screens';
import { Card } from '../Card';
import { DataTable } from '../DataTable';
import { EmptyState } from '../EmptyState';
import { amount, asset, auctionTitle, tonnes } from '../format';
import { AuctionHistoryChart } from './AuctionHistoryChart';
import '../trading/trading.css';
import './auction.css';

/** "-2.15 %" of `price` against `reference`. */
const versus = (price: string, reference: string) => new Decimal(price).minus(reference).div(reference).times(100).toDecimalPlaces(2);

/**
 * The history of settled auctions: their clearing prices against the secondary market's close of
 * the same vintage (chart), and the table of published results. `linkBase` links each auction to
 * its page (signed in); the public page has none.
 */
export async function AuctionHistorySection({ history, linkBase }: { history: History; linkBase?: string }) {
  const { t } = await getI18n();
  const p = t.auctions;
  const rows = history.settled.map(({ auction: a, day, market }) => {
    const r = a.result!;
    const diff = market && r.clearingPrice ? versus(r.clearingPrice, market.close) : null;
    return {
      id: String(a.id),
      testId: `result-row-${a.id}`,
      cells: {
        auction: (
          <div className="auction-title-cell compact">
            {linkBase ? <Link href={`${linkBase}/${a.id}`}>{auctionTitle(a, t.meta.lang)}</Link> : <strong>{auctionTitle(a, t.meta.lang)}</strong>}
            <span className="sub-line">
              {fmt(p.auctionNo, { id: a.id })} · <span className="mono">{asset(a.instrument, a.vintage)}</span> · {p.pricing[a.pricing]}
            </span>
          </div>
        ),
        day: <span className="nowrap">{day}</span>,
        clearing: <strong data-testid={`result-clearing-${a.id}`}>{r.clearingPrice ? amount(r.clearingPrice) : p.noneSold}</strong>,
        sold: tonnes(r.quantitySold),
        unsold: tonnes(r.unsold),
        coverage: `${Number(r.coverageRatio).toFixed(2)}×`,
        bidders: `${r.bidders} · ${r.winners}`,
        proceeds: amount(r.proceeds),
        market: market ? <span title={market.day}>{amount(market.close)}</span> : t.common.dash,
        vs: diff ? <span className={diff.isNegative() ? 'px-down' : diff.isPositive() ? 'px-up' : 'px-flat'}>{`${diff.isPositive() ? '+' : ''}${diff.toFixed(2)} %`}</span> : t.common.dash,
      },
      sort: {
        auction: a.title, day, clearing: r.clearingPrice ? Number(r.clearingPrice) : null, sold: r.quantitySold, unsold: r.unsold,
        coverage: Number(r.coverageRatio), bidders: r.bidders, proceeds: Number(r.proceeds), market: market ? Number(market.close) : null, vs: diff ? diff.toNumber() : null,
      },
    };
  });

  return (
    <>
      <Card title={p.historyTitle} subtitle={p.historySubtitle} testId="auction-history">
        {history.points.length && history.settled.length ? (
          <AuctionHistoryChart points={history.points} symbols={history.symbols} testId="auction-history-chart" />
        ) : (
          <EmptyState title={p.historyEmpty} hint={p.historyEmptyHint} />
        )}
      </Card>
      <Card title={p.resultsTitle} subtitle={p.resultsSubtitle} flush testId="auction-results">
        <DataTable
          testId="auction-results-table"
          columns={[
            { id: 'auction', header: p.colAuction },
            { id: 'day', header: p.colCleared },
            { id: 'clearing', header: p.colClearingPrice, align: 'right' },
            { id: 'sold', header: p.colSold, align: 'right' },
            { id: 'unsold', header: p.colUnsold, align: 'right' },
            { id: 'coverage', header: p.colCoverage, align: 'right' },
            { id: 'bidders', header: p.colBiddersWinners, align: 'right' },
            { id: 'proceeds', header: p.colProceeds, align: 'right' },
            { id: 'market', header: p.colMarketClose, align: 'right' },
            { id: 'vs', header: p.colVsMarket, align: 'right' },
          ]}
          rows={rows}
          empty={<EmptyState title={p.historyEmpty} />}
        />
      </Card>
    </>
  );
}
