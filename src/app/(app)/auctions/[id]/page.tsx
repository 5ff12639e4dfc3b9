import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { getAuction, type AuctionView } from '@/server/auction/auctions';
import { auctionHistory } from '@/server/auction/screens';
import { DomainError } from '@/server/errors';
import { can } from '@/domain/identity/permissions';
import type { Actor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { getHoldings } from '@/server/registry/queries';
import { getClock } from '@/server/trading/market';
import { AuctionResultFigures, AuctionTerms, AuctionTimeline } from '@/ui/auction/AuctionDetails';
import { AuctionStatusBadge, BidStatusBadge, mayBid, myOutcome } from '@/ui/auction/labels';
import { LiveRefresh } from '@/ui/auction/LiveRefresh';
import { Alert } from '@/ui/Alert';
import { Card, Kpi } from '@/ui/Card';
import { DataTable } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, asset, auctionTitle, cny, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { RefreshButton } from '@/ui/RefreshButton';
import { MarketClock } from '@/ui/trading/MarketClock';
import { cashOrNull } from '../../_lib/balances';
import { pendingRequestsOn } from '@/server/registry/approvalRequests';
import { AuctionActions } from '../AuctionActions';
import { BidActions, BidForm } from '../BidForm';
import { guardedPage } from '../../_lib/page';

type Params = { params: Promise<{ id: string }> };

async function load(actor: Actor, raw: string): Promise<AuctionView | null> {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  try {
    return await getAuction(actor, id);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: `${fmt(t.auctions.auctionNo, { id: (await params).id })} · ${t.auctions.title}` };
}

export const dynamic = 'force-dynamic';

/**
 * One auction: its terms and timeline; for operators and regulators the live bid counts and the
 * actions their role allows; for a bidder the bid form (the cash it freezes as they type), their
 * bids with amend and withdraw while open, and their result once settled; the published result.
 */
export default guardedPage<Params>('auctions.read', async ({ actor, t, lang }, { params }) => {
  const [clock, a] = await Promise.all([getClock(), load(actor, (await params).id)]);
  if (!a) notFound();
  const p = t.auctions;
  const overseer = can(actor.roles, 'auctions.oversee');
  const live = a.status === 'OPEN';
  /** Bids exist from the opening on: the counters matter then. */
  const bidding = a.status === 'OPEN' || a.status === 'CLOSED' || a.status === 'SETTLED';
  const market = a.status === 'SETTLED' ? (await auctionHistory([a])).settled[0]?.market : null;
  const settlementRequest = overseer && a.status === 'CLOSED' ? ((await pendingRequestsOn('auction.settlement', 'auction', [a.id])).get(String(a.id)) ?? null) : null;

  return (
    <>
      <PageHeader
        title={auctionTitle(a, lang)}
        subtitle={
          <span className="nowrap">
            {fmt(p.auctionNo, { id: a.id })} · <span className="mono">{asset(a.instrument, a.vintage)}</span> · {tonnes(a.quantity)} {t.common.tonnes} ·{' '}
            <AuctionStatusBadge status={a.status} t={t} testId="auction-status" />
          </span>
        }
        actions={
          <>
            {live ? <LiveRefresh /> : null}
            <Link className="btn" href="/auctions">
              {p.backToList}
            </Link>
            <RefreshButton />
          </>
        }
      />
      <MarketClock clock={clock} />
      {overseer ? (
        <div className="mb">
          <AuctionActions a={a} marketTime={clock.marketTime} announcer={can(actor.roles, 'auctions.announce')} operator={can(actor.roles, 'auctions.run')} hints settlementRequest={settlementRequest} />
        </div>
      ) : null}
      {!overseer ? <BidderOutcome a={a} t={t} lang={lang} /> : null}
      {a.status === 'CANCELLED' && a.cancelReason ? (
        <div className="mb">
          <Alert kind="warn" testId="auction-cancelled">
            {fmt(p.cancelledBecause, { reason: a.cancelReason })}
          </Alert>
        </div>
      ) : null}

      <Card title={p.timeline} testId="auction-timeline-card">
        <AuctionTimeline a={a} t={t} />
      </Card>

      {a.result ? (
        <Card title={p.resultTitle} testId="auction-result-card">
          <AuctionResultFigures a={a} t={t} lang={lang} />
          {market && a.result.clearingPrice ? (
            <p className="sub-line" style={{ margin: '14px 0 0' }} data-testid="auction-market-compare">
              {fmt(p.marketCompare, {
                symbol: asset(a.instrument, a.vintage),
                close: cny(market.close, lang),
                day: market.day,
                diff: `${(((Number(a.result.clearingPrice) - Number(market.close)) / Number(market.close)) * 100).toFixed(2)} %`,
              })}
            </p>
          ) : null}
        </Card>
      ) : null}

      <div className={!overseer || bidding ? 'grid grid-main-side mb' : 'mb'}>
        <Card title={p.terms} testId="auction-terms-card">
          <AuctionTerms a={a} t={t} lang={lang} />
        </Card>
        {!overseer ? (
          <BidderBalances actor={actor} a={a} t={t} lang={lang} />
        ) : bidding ? (
          <Card title={p.activityTitle} subtitle={p.activitySealed} testId="auction-activity">
            <div className="grid grid-2">
              <Kpi label={p.bids} value={a.activity?.bids ?? 0} testId="auction-activity-bids" />
              <Kpi label={p.bidders} value={a.activity?.bidders ?? 0} testId="auction-activity-bidders" />
            </div>
          </Card>
        ) : null}
      </div>

      {!overseer ? <BidderSection actor={actor} a={a} t={t} /> : null}
    </>
  );
});

async function balancesOf(actor: Actor, a: AuctionView) {
  const { account } = await shellContext(actor);
  if (!account) return { cash: null, units: null };
  const [cash, holdings] = await Promise.all([cashOrNull(actor, account.id), getHoldings(actor, account.id).catch(() => null)]);
  const line = holdings?.items.find((h) => h.instrument === a.instrument && h.vintage === a.vintage);
  return { cash, units: holdings ? (line?.available ?? 0) : null };
}

/** The bidder's cash (available and frozen) and its holding of the auctioned vintage. */
async function BidderBalances({ actor, a, t, lang }: { actor: Actor; a: AuctionView; t: Dictionary; lang: Lang }) {
  const p = t.auctions;
  const { cash, units } = await balancesOf(actor, a);
  return (
    <Card title={p.balancesTitle} actions={<Link href="/holdings">{p.holdingsLink}</Link>} testId="bidder-balances">
      <div className="stack">
        <Kpi label={p.cashAvailable} value={cash ? cny(cash.available, lang) : t.common.dash} testId="kpi-cash-available" />
        <Kpi label={p.cashFrozen} value={cash ? cny(cash.locked, lang) : t.common.dash} hint={p.cashFrozenHint} testId="kpi-cash-frozen" />
        <Kpi
          label={fmt(p.unitsAvailable, { asset: asset(a.instrument, a.vintage) })}
          value={units === null ? t.common.dash : tonnes(units)}
          unit={units === null ? undefined : t.common.tonnes}
          hint={p.unitsHint}
          testId="kpi-units-available"
        />
      </div>
    </Card>
  );
}

/** After settlement: what the bidder won and paid, with the link to its holdings. */
function BidderOutcome({ a, t, lang }: { a: AuctionView; t: Dictionary; lang: Lang }) {
  const p = t.auctions;
  const outcome = myOutcome(a.myBids);
  if (a.status !== 'SETTLED' || !outcome.status) return null;
  return (
    <div className="mb">
      <Alert kind={outcome.status === 'WON' ? 'success' : outcome.status === 'DEFAULTED' ? 'error' : 'info'} testId="my-result">
        <span className="auction-summary">
          {outcome.status === 'WON'
            ? fmt(p.wonSummary, { n: tonnes(outcome.won), price: cny(outcome.price!, lang), amount: cny(outcome.amount, lang) })
            : outcome.status === 'DEFAULTED'
              ? p.defaultedSummary
              : p.lostSummary}{' '}
          <Link href="/holdings" data-testid="my-result-holdings">
            {p.holdingsLink}
          </Link>
        </span>
      </Alert>
    </div>
  );
}

/** The bid form while open (if eligible) and the bidder's own bids (with their results once settled). */
async function BidderSection({ actor, a, t }: { actor: Actor; a: AuctionView; t: Dictionary }) {
  const p = t.auctions;
  const trader = can(actor.roles, 'auctions.bid');
  const eligible = mayBid(a, actor.organisationKind);
  const { cash } = await balancesOf(actor, a);
  const active = a.myBids.filter((b) => b.status === 'ACTIVE');
  const activeTotal = active.reduce((s, b) => s + b.quantity, 0);
  const canBid = a.status === 'OPEN' && eligible && trader;
  const notice = !trader
    ? p.bidNoRole
    : !eligible
      ? p.bidIneligible
      : a.status === 'SCHEDULED'
        ? fmt(p.bidNotOpen, { at: dateTime(a.opensAt) })
        : a.status === 'CLOSED'
          ? p.bidClosed
          : a.status === 'CANCELLED'
            ? p.bidCancelled
            : null;
  const settled = a.status === 'SETTLED';

  return (
    <>
      {notice && !settled ? (
        <div className="mb">
          <Alert kind="info" testId="bid-notice">
            {notice}
          </Alert>
        </div>
      ) : null}
      <div className={canBid ? 'grid grid-main-side mb' : 'mb'}>
        <Card title={p.myBidsTitle} subtitle={p.myBidsSubtitle} flush testId="my-bids">
          <DataTable
            testId="my-bids-table"
            paginate={false}
            columns={[
              { id: 'id', header: t.common.id },
              { id: 'price', header: p.colPrice, align: 'right' },
              { id: 'quantity', header: p.colBidQuantity, align: 'right' },
              { id: 'guarantee', header: p.colGuarantee, align: 'right' },
              { id: 'status', header: t.common.status },
              ...(settled
                ? [
                    { id: 'won', header: p.colWon, align: 'right' as const },
                    { id: 'paid', header: p.colPaidPrice, align: 'right' as const },
                    { id: 'amount', header: p.colAmount, align: 'right' as const },
                  ]
                : []),
              ...(canBid ? [{ id: 'actions', header: t.common.actions, sortable: false }] : []),
            ]}
            rows={a.myBids.map((b) => ({
              id: String(b.id),
              testId: `my-bid-${b.id}`,
              cells: {
                id: <span className="mono">{b.id}</span>,
                price: <strong data-testid={`my-bid-price-${b.id}`}>{amount(b.price)}</strong>,
                quantity: <span data-testid={`my-bid-quantity-${b.id}`}>{tonnes(b.quantity)}</span>,
                guarantee: <span data-testid={`my-bid-guarantee-${b.id}`}>{amount(b.guarantee)}</span>,
                status: (
                  <div className="cell-stack">
                    <BidStatusBadge status={b.status} t={t} testId={`my-bid-status-${b.id}`} />
                    {b.amendedAt ? <span className="sub-line nowrap">{p.amendedMark}</span> : null}
                  </div>
                ),
                won: <span data-testid={`my-bid-won-${b.id}`}>{b.wonQuantity === null ? t.common.dash : tonnes(b.wonQuantity)}</span>,
                paid: <span data-testid={`my-bid-paid-price-${b.id}`}>{b.paidPrice ? amount(b.paidPrice) : t.common.dash}</span>,
                amount: <span data-testid={`my-bid-amount-${b.id}`}>{b.amount ? amount(b.amount) : t.common.dash}</span>,
                actions:
                  b.status === 'ACTIVE' ? (
                    <BidActions auction={a} bid={b} cashAvailable={cash?.available ?? null} otherActive={activeTotal - b.quantity} />
                  ) : null,
              },
              sort: { id: b.id, price: Number(b.price), quantity: b.quantity, guarantee: Number(b.guarantee), status: b.status },
            }))}
            empty={<EmptyState title={p.myBidsEmpty} />}
          />
        </Card>
        {canBid ? (
          <Card title={p.bidTitle} subtitle={p.bidSubtitle} testId="bid-card">
            <BidForm auction={a} cashAvailable={cash?.available ?? null} otherActive={activeTotal} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
