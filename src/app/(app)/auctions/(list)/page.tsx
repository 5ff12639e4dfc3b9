import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listAuctions, type AuctionView } from '@/server/auction/auctions';
import { auctionHistory, systemHoldings } from '@/server/auction/screens';
import { can } from '@/domain/identity/permissions';
import type { Actor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { getClock, type ClockView } from '@/server/trading/market';
import { AuctionHistorySection } from '@/ui/auction/AuctionHistory';
import { AuctionKpis } from '@/ui/auction/AuctionKpis';
import { AuctionStatusBadge, AuctionTitleCell, BidStatusBadge, calendarCells, calendarColumns, mayBid, myOutcome } from '@/ui/auction/labels';
import { LiveRefresh } from '@/ui/auction/LiveRefresh';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, asset, cny, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { RefreshButton } from '@/ui/RefreshButton';
import { MarketClock } from '@/ui/trading/MarketClock';
import { cashOrNull } from '../../_lib/balances';
import { pendingRequestsOn } from '@/server/registry/approvalRequests';
import { AuctionActions } from '../AuctionActions';
import { AuctionForm } from '../AuctionForm';
import { SetAsideForm } from '../SetAsideForm';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.auctions.title };
}

export const dynamic = 'force-dynamic';

/**
 * One-way auctions (paid allocation). Operators and regulators: the calendar with statuses, live
 * bid counts and the actions their role allows, the create form with the auction account's
 * holdings, and the history of clearing prices. Entity traders and investors: the auctions they
 * may bid in, their cash, their results.
 */
export default guardedPage('auctions.read', async ({ actor, t, lang }) => {
  const [clock, auctions] = await Promise.all([getClock(), listAuctions(actor)]);
  const history = await auctionHistory(auctions);
  const anyOpen = auctions.some((a) => a.status === 'OPEN');
  const header = (subtitle: string) => (
    <PageHeader
      title={t.auctions.title}
      subtitle={subtitle}
      actions={
        <>
          {anyOpen ? <LiveRefresh /> : null}
          <Link className="btn" href="/market/auctions">
            {t.auctions.publicCalendarLink}
          </Link>
          <RefreshButton />
        </>
      }
    />
  );

  if (!can(actor.roles, 'auctions.oversee')) {
    return (
      <>
        {header(t.auctions.subtitleBidder)}
        <MarketClock clock={clock} />
        <BidderView actor={actor} auctions={auctions} t={t} lang={lang} />
        <AuctionHistorySection history={history} linkBase="/auctions" />
      </>
    );
  }

  const announcer = can(actor.roles, 'auctions.announce');
  const [account, reserve, settlements] = await Promise.all([
    announcer ? systemHoldings(actor, 'AUCTION') : Promise.resolve(null),
    can(actor.roles, 'auctions.setAside') ? systemHoldings(actor, 'NATIONAL_RESERVE') : Promise.resolve(null),
    pendingRequestsOn('auction.settlement', 'auction', auctions.filter((a) => a.status === 'CLOSED').map((a) => a.id)),
  ]);
  return (
    <>
      {header(t.auctions.subtitle)}
      <MarketClock clock={clock} />
      <AuctionKpis auctions={auctions} t={t} lang={lang} overseer />
      <Card title={t.auctions.listTitle} subtitle={t.auctions.listSubtitle} flush testId="auction-list">
        <DataTable
          testId="auction-table"
          csvHref={csvHref('auctions', {}, {}, lang)}
          columns={[
            ...calendarColumns(t),
            { id: 'status', header: t.common.status },
            { id: 'activity', header: t.auctions.colActivity, align: 'right', sortable: false },
            ...(announcer ? [{ id: 'actions', header: t.common.actions, sortable: false }] : []),
          ]}
          rows={auctions.map((a) => overseerRow(a, t, clock, announcer, can(actor.roles, 'auctions.run'), settlements.get(String(a.id)) ?? null))}
          empty={<EmptyState title={t.auctions.empty} hint={t.auctions.emptyHint} />}
        />
      </Card>
      {account ? (
        <div className="grid grid-main-side mb">
          <Card title={t.auctions.createTitle} subtitle={t.auctions.createSubtitle} testId="auction-create">
            <AuctionForm holdings={account} marketTime={clock.marketTime} nextTradingDay={clock.nextTradingDay} />
          </Card>
          <Card title={t.auctions.accountTitle} subtitle={t.auctions.accountSubtitle} testId="auction-account">
            <div className="stack">
              {account.length ? (
                <DataTable
                  testId="auction-account-table"
                  paginate={false}
                  columns={[
                    { id: 'asset', header: t.common.instrument },
                    { id: 'available', header: t.auctions.colAvailable, align: 'right' },
                    { id: 'locked', header: t.auctions.colOffered, align: 'right' },
                  ]}
                  rows={account.map((h) => ({
                    id: asset(h.instrument, h.vintage),
                    testId: `auction-account-${asset(h.instrument, h.vintage)}`,
                    cells: { asset: <span className="mono">{asset(h.instrument, h.vintage)}</span>, available: <strong>{tonnes(h.available)}</strong>, locked: tonnes(h.locked) },
                    sort: { asset: asset(h.instrument, h.vintage), available: h.available, locked: h.locked },
                  }))}
                />
              ) : (
                <EmptyState title={t.auctions.accountEmpty} />
              )}
              {reserve ? <SetAsideForm reserve={reserve} /> : null}
            </div>
          </Card>
        </div>
      ) : null}
      <AuctionHistorySection history={history} linkBase="/auctions" />
    </>
  );
});

function overseerRow(a: AuctionView, t: Dictionary, clock: ClockView, announcer: boolean, operator: boolean, settlementRequest: number | null): Row {
  const result = a.result;
  const calendar = calendarCells(a, t, `/auctions/${a.id}`);
  return {
    id: String(a.id),
    testId: `auction-row-${a.id}`,
    cells: {
      ...calendar.cells,
      status: (
        <div className="cell-stack">
          <AuctionStatusBadge status={a.status} t={t} testId={`auction-status-${a.id}`} />
          {result ? <span className="sub-line nowrap">{result.clearingPrice ? fmt(t.auctions.cleared, { price: amount(result.clearingPrice) }) : t.auctions.noneSold}</span> : null}
          {a.status === 'CANCELLED' && a.cancelReason ? <span className="sub-line">{a.cancelReason}</span> : null}
        </div>
      ),
      activity:
        a.activity && a.status !== 'DRAFT' && a.status !== 'SCHEDULED' && a.status !== 'CANCELLED' ? (
          <span className="nowrap" data-testid={`auction-activity-${a.id}`}>{`${a.activity.bids} · ${a.activity.bidders}`}</span>
        ) : (
          <span className="faint">{t.common.dash}</span>
        ),
      actions: <AuctionActions a={a} marketTime={clock.marketTime} announcer={announcer} operator={operator} settlementRequest={settlementRequest} />,
    },
    sort: calendar.sort,
  };
}

/** The bidder's view: cash, the auctions open or announced (with eligibility), the results of auctions they bid in. */
async function BidderView({ actor, auctions, t, lang }: { actor: Actor; auctions: AuctionView[]; t: Dictionary; lang: Lang }) {
  const p = t.auctions;
  const { account } = await shellContext(actor);
  const cash = account ? await cashOrNull(actor, account.id) : null;
  const current = auctions.filter((a) => a.status === 'OPEN' || a.status === 'SCHEDULED' || a.status === 'CLOSED').sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt));
  const mine = auctions.filter((a) => a.status === 'SETTLED' && a.myBids.length > 0);
  return (
    <>
      <div className="grid grid-4 mb">
        <Kpi label={p.cashAvailable} value={cash ? cny(cash.available, lang) : t.common.dash} testId="kpi-cash-available" />
        <Kpi label={p.cashFrozen} value={cash ? cny(cash.locked, lang) : t.common.dash} hint={p.cashFrozenHint} testId="kpi-cash-frozen" />
        <Kpi label={p.kpiOpen} value={auctions.filter((a) => a.status === 'OPEN').length} hint={p.kpiOpenHintPublic} testId="kpi-auctions-open" />
        <Kpi label={p.myResultsTitle} value={mine.length} hint={<Link href="/holdings">{p.holdingsLink}</Link>} testId="kpi-my-results" />
      </div>
      <Card title={p.openAndAnnounced} subtitle={p.listSubtitleBidder} flush testId="bidder-auctions">
        <DataTable
          testId="bidder-auction-table"
          columns={[
            ...calendarColumns(t),
            { id: 'status', header: t.common.status },
            { id: 'mine', header: p.myBidsTitle, sortable: false },
            { id: 'go', header: '', sortable: false },
          ]}
          rows={current.map((a) => {
            const eligible = mayBid(a, actor.organisationKind);
            const active = a.myBids.filter((b) => b.status === 'ACTIVE');
            const calendar = calendarCells(a, t, `/auctions/${a.id}`);
            return {
              id: String(a.id),
              testId: `bidder-auction-${a.id}`,
              cells: {
                ...calendar.cells,
                status: (
                  <div className="cell-stack">
                    <AuctionStatusBadge status={a.status} t={t} testId={`auction-status-${a.id}`} />
                    <Badge tone={eligible ? 'green' : 'gray'} plain>
                      {eligible ? p.eligibleYes : p.eligibleNo}
                    </Badge>
                  </div>
                ),
                mine: active.length ? fmt(p.myBidsCount, { n: active.length }) : <span className="faint">{t.common.dash}</span>,
                go: (
                  <Link className={a.status === 'OPEN' && eligible ? 'btn sm primary' : 'btn sm'} href={`/auctions/${a.id}`} data-testid={`auction-go-${a.id}`}>
                    {a.status === 'OPEN' && eligible ? p.bidNow : p.view}
                  </Link>
                ),
              },
              sort: calendar.sort,
            };
          })}
          empty={<EmptyState title={p.emptyBidder} hint={p.emptyBidderHint} />}
        />
      </Card>
      <Card title={p.myResultsTitle} subtitle={p.myResultsSubtitle} flush testId="my-results">
        <DataTable
          testId="my-results-table"
          columns={[
            { id: 'auction', header: p.colAuction },
            { id: 'status', header: t.common.status },
            { id: 'won', header: p.colWon, align: 'right' },
            { id: 'price', header: p.colPaidPrice, align: 'right' },
            { id: 'amount', header: p.colAmount, align: 'right' },
          ]}
          rows={mine.map((a) => {
            const o = myOutcome(a.myBids);
            return {
              id: String(a.id),
              testId: `my-result-${a.id}`,
              cells: {
                auction: <AuctionTitleCell a={a} t={t} href={`/auctions/${a.id}`} />,
                status: o.status ? <BidStatusBadge status={o.status} t={t} /> : null,
                won: tonnes(o.won),
                price: o.price ? amount(o.price) : t.common.dash,
                amount: amount(o.amount),
              },
              sort: { auction: a.title, won: o.won, price: o.price ? Number(o.price) : null, amount: Number(o.amount) },
            };
          })}
          empty={<EmptyState title={p.myResultsEmpty} />}
        />
      </Card>
    </>
  );
}
