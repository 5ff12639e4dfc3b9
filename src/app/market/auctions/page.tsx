import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '@/i18n/server';
import { listAuctions } from '@/server/auction/auctions';
import { auctionHistory } from '@/server/auction/screens';
import { currentActor } from '@/server/identity/session';
import { getClock } from '@/server/trading/market';
import { AuctionHistorySection } from '@/ui/auction/AuctionHistory';
import { AuctionKpis } from '@/ui/auction/AuctionKpis';
import { AuctionStatusBadge, calendarCells, calendarColumns, guaranteeText } from '@/ui/auction/labels';
import { Card } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { RefreshButton } from '@/ui/RefreshButton';
import { MarketClock } from '@/ui/trading/MarketClock';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auctions.publicTitle };
}

export const dynamic = 'force-dynamic';

/**
 * Public auction information (no sign-in): the calendar of announced and open auctions with their
 * terms (bids stay sealed: no counts either), cancellations with their reason, and the published
 * results with the clearing prices against the secondary market.
 */
export default async function PublicAuctionsPage() {
  const { t, lang } = await getI18n();
  const p = t.auctions;
  const [clock, auctions, actor] = await Promise.all([getClock(), listAuctions(null), currentActor()]);
  const history = await auctionHistory(auctions);
  const calendar = auctions
    .filter((a) => a.status === 'SCHEDULED' || a.status === 'OPEN' || a.status === 'CLOSED' || a.status === 'CANCELLED')
    .sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt));
  return (
    <>
      <PageHeader
        title={p.publicTitle}
        subtitle={p.publicSubtitle}
        actions={
          <>
            <Link className="btn" href="/market">
              {`‹ ${t.nav.market}`}
            </Link>
            {actor ? null : (
              <Link className="btn" href="/login?callbackUrl=%2Fauctions">
                {p.signInToBid}
              </Link>
            )}
            <RefreshButton />
          </>
        }
      />
      <MarketClock clock={clock} />
      <AuctionKpis auctions={auctions} t={t} lang={lang} />
      <Card title={p.calendarTitle} subtitle={p.calendarSubtitle} flush testId="public-calendar">
        <DataTable
          testId="public-calendar-table"
          csvHref={csvHref('auctions', {}, {}, lang)}
          columns={[
            ...calendarColumns(t),
            { id: 'rules', header: p.colRules, sortable: false },
            { id: 'status', header: t.common.status },
          ]}
          rows={calendar.map((a) => {
            const shared = calendarCells(a, t, actor ? `/auctions/${a.id}` : undefined);
            return {
              id: String(a.id),
              testId: `public-auction-${a.id}`,
              cells: {
                ...shared.cells,
                rules: (
                  <div className="cell-stack">
                    <span>{`${p.termGuarantee}: ${guaranteeText(a, t)}`}</span>
                    <span className="sub-line">
                      {a.perBidderMax === null ? `${p.termPerBidderMax}: ${p.noLimit}` : `${p.termPerBidderMax}: ${tonnes(a.perBidderMax)} ${t.common.tonnes}`} ·{' '}
                      {p.tieRule[a.tieRule]}
                    </span>
                  </div>
                ),
                status: (
                  <div className="cell-stack">
                    <AuctionStatusBadge status={a.status} t={t} testId={`public-status-${a.id}`} />
                    {a.status === 'CANCELLED' && a.cancelReason ? <span className="sub-line">{a.cancelReason}</span> : null}
                  </div>
                ),
              },
              sort: shared.sort,
            };
          })}
          empty={<EmptyState title={p.calendarEmpty} />}
        />
      </Card>
      <AuctionHistorySection history={history} />
    </>
  );
}
