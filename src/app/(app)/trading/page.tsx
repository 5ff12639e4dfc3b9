import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { shellContext } from '@/server/identity/session';
import { myBlockProposals, type BlockProposalView } from '@/server/trading/blockTrades';
import { getClock } from '@/server/trading/market';
import { listInstrumentQuotes, myListings, myTrades, orderBook, takeableListings } from '@/server/trading/marketData';
import { accountNames, blockCounterparties, traderPosition } from '@/server/trading/screens';
import { Alert } from '@/ui/Alert';
import { Badge, type Tone } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, cny, dateTime, orgName, tonnes } from '@/ui/format';
import { NoAccount } from '@/ui/states';
import { pickInstrument } from '@/ui/trading/InstrumentPicker';
import { InstrumentPageHeader, NoInstruments } from '@/ui/trading/InstrumentPage';
import { MarketClock } from '@/ui/trading/MarketClock';
import { OrderBook } from '@/ui/trading/OrderBook';
import { PriceChange } from '@/ui/trading/PriceChange';
import { cashOrNull } from '../_lib/balances';
import { ListingActions } from './ListingActions';
import { ListingForm } from './ListingForm';
import type { Means } from './orderChecks';
import { ProposalActions } from './ProposalActions';
import { ProposeForm } from './ProposeForm';
import { TakeForm } from './TakeForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.trading.title };
}

const LISTING_TONE: Record<string, Tone> = { OPEN: 'blue', FILLED: 'green', CANCELLED: 'gray', EXPIRED: 'gray' };
const PROPOSAL_TONE: Record<string, Tone> = { PENDING: 'amber', ACCEPTED: 'green', REJECTED: 'red', CANCELLED: 'gray', EXPIRED: 'gray' };

/**
 * The participant's trading desk (ENTITY_TRADER, INVESTOR) for one instrument: market clock, the
 * order book, listing and take forms, own listings and trades, block proposals, and the cash and
 * allowance balances they move. Every action revalidates this page, so balances follow at once.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('trading.trade', async ({ actor, t, lang }, { searchParams }) => {
  const { account } = await shellContext(actor);
  if (!account) return <NoAccount />;
  const [clock, quotes] = await Promise.all([getClock(), listInstrumentQuotes()]);
  const quote = pickInstrument(quotes, (await searchParams).symbol);

  const header = <InstrumentPageHeader title={t.trading.title} subtitle={t.trading.subtitle} instruments={quotes} current={quote?.symbol} basePath="/trading" />;
  if (!quote) return <NoInstruments header={header} clock={clock} />;

  const symbol = quote.symbol;
  const [book, sells, buys, position, cash, listings, trades, proposals] = await Promise.all([
    orderBook(symbol),
    takeableListings(symbol, 'SELL', 40),
    takeableListings(symbol, 'BUY', 40),
    traderPosition(actor, symbol),
    cashOrNull(actor, account.id),
    myListings(actor, { status: 'OPEN', limit: 100 }),
    myTrades(actor, { limit: 100 }),
    myBlockProposals(actor),
  ]);
  const means: Means = { cashAvailable: cash?.available ?? null, available: position.available, sellable: position.sellable, boughtToday: position.boughtToday };
  const base = quote.previousClose ?? quote.referencePrice;

  // Why orders cannot be placed now, most fundamental first.
  const blockedBy = (sessionOpen: boolean, sessionClosed: string) =>
    account.status !== 'ACTIVE'
      ? fmt(t.trading.accountNotActive, { status: t.accountStatus[account.status as keyof typeof t.accountStatus] ?? account.status })
      : !position.tradingAccount
        ? t.trading.noTradingAccount
        : position.tradingAccount.suspended
          ? t.trading.participantSuspended
          : quote.status === 'SUSPENDED'
            ? fmt(t.trading.instrumentSuspended, { symbol })
            : !quote.listedBand
              ? t.trading.noBand
              : !sessionOpen
                ? sessionClosed
                : undefined;
  const listedBlocked = blockedBy(clock.listedOpen, t.trading.listedClosed);
  const blockBlocked = blockedBy(clock.blockOpen, t.block.sessionClosed);

  return (
    <>
      {header}
      <MarketClock clock={clock} />
      {position.tradingAccount?.suspended ? (
        <div className="mb">
          <Alert kind="error" testId="participant-suspended">
            {t.trading.participantSuspended}
            {position.tradingAccount.suspensionReason ? ` ${fmt(t.trading.reasonWas, { reason: position.tradingAccount.suspensionReason })}` : ''}
          </Alert>
        </div>
      ) : null}
      {quote.status === 'SUSPENDED' ? (
        <div className="mb">
          <Alert kind="warn" testId="instrument-suspended">
            {fmt(t.trading.instrumentSuspended, { symbol })}
            {quote.statusReason ? ` ${fmt(t.trading.reasonWas, { reason: quote.statusReason })}` : ''}
          </Alert>
        </div>
      ) : null}

      <div className="grid grid-4 mb">
        <Kpi
          label={fmt(t.trading.lastOf, { symbol })}
          value={quote.last ? amount(quote.last) : t.common.dash}
          unit={quote.last ? t.trading.cnyPerT : undefined}
          hint={
            <>
              <PriceChange value={quote.change} /> <PriceChange value={quote.changePercent} percent /> · {t.market.colVolume}: {tonnes(quote.volume)}
            </>
          }
          testId="kpi-last"
        />
        <Kpi
          label={quote.previousClose ? t.market.colPrevClose : t.market.referencePrice}
          value={base ? amount(base) : t.common.dash}
          unit={base ? t.trading.cnyPerT : undefined}
          hint={
            quote.listedBand && quote.blockBand
              ? `${t.trading.listedBandShort} ${quote.listedBand.low}–${quote.listedBand.high} · ${t.trading.blockBandShort} ${quote.blockBand.low}–${quote.blockBand.high}`
              : t.trading.noBand
          }
          testId="kpi-base"
        />
        {cash ? (
          <Kpi
            label={t.trading.cashAvailable}
            value={`¥${amount(cash.available)}`}
            hint={`${t.holdings.cashLocked}: ¥${amount(cash.locked)} · ${t.holdings.cashTotal}: ¥${amount(cash.total)}`}
            testId="kpi-cash"
          />
        ) : (
          <Kpi label={t.trading.cashAvailable} value={t.common.dash} hint={t.holdings.cashUnavailable} testId="kpi-cash" />
        )}
        <Kpi
          label={fmt(t.trading.unitsAvailable, { symbol })}
          value={tonnes(position.available)}
          unit={t.common.tonnes}
          hint={
            <>
              {t.buckets.locked}: {tonnes(position.locked)} · {t.trading.sellableNow}: {tonnes(position.sellable)}
              {position.boughtToday > 0 ? (
                <>
                  <br />
                  <span data-testid="bought-today">{fmt(t.trading.boughtToday, { n: tonnes(position.boughtToday) })}</span>
                </>
              ) : null}
            </>
          }
          testId="kpi-units"
        />
      </div>

      <div className="grid grid-main-side mb">
        <Card
          title={fmt(t.market.bookOf, { symbol })}
          subtitle={t.market.bookSubtitle}
          flush
          actions={
            <Link className="btn sm" href={`/market?symbol=${encodeURIComponent(symbol)}`}>
              {t.trading.marketLink} ›
            </Link>
          }
        >
          <OrderBook bids={book.bids} asks={book.asks} />
        </Card>
        <Card title={t.trading.newListing} subtitle={t.trading.newListingSubtitle} testId="listing-card">
          <ListingForm symbol={symbol} band={quote.listedBand} base={base} feeRate={position.feeRate} means={means} blocked={listedBlocked} />
        </Card>
      </div>

      <Card title={t.take.title} subtitle={t.take.subtitle} testId="take-card" className="mb">
        <TakeForm symbol={symbol} sells={sells} buys={buys} feeRate={position.feeRate} means={means} blocked={listedBlocked} />
      </Card>

      <Card title={`${t.trading.myListings} (${listings.items.length})`} subtitle={t.trading.myListingsSubtitle} flush testId="my-listings">
        <DataTable
          testId="my-listings-table"
          csvHref={csvHref('listingList', {}, { status: 'OPEN' }, lang)}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.trading.colListing },
            { id: 'symbol', header: t.common.instrument },
            { id: 'side', header: t.trading.side },
            { id: 'price', header: t.market.price, align: 'right' },
            { id: 'quantity', header: t.trading.colListedQty, align: 'right' },
            { id: 'filled', header: t.trading.colFilled, align: 'right' },
            { id: 'remaining', header: t.trading.colRemaining, align: 'right' },
            { id: 'locked', header: t.trading.colLockedCash, align: 'right' },
            { id: 'status', header: t.common.status },
            { id: 'created', header: t.trading.colPlaced },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={listings.items.map((l) => ({
            id: l.id,
            testId: `my-listing-${l.id}`,
            cells: {
              id: <span className="mono">#{l.id}</span>,
              symbol: <span className="mono">{l.symbol}</span>,
              side: <SideLabel side={l.side} t={t} />,
              price: amount(l.price),
              quantity: tonnes(l.quantity),
              filled: tonnes(l.filled),
              remaining: <strong data-testid={`my-listing-remaining-${l.id}`}>{tonnes(l.remaining)}</strong>,
              locked: l.side === 'BUY' ? amount(l.lockedCash) : <span className="faint">{`${tonnes(l.remaining)} ${t.common.tonnes}`}</span>,
              status: <Badge tone={LISTING_TONE[l.status]}>{t.listingStatus[l.status]}</Badge>,
              created: <span className="nowrap">{dateTime(l.createdAt)}</span>,
              actions: l.status === 'OPEN' ? <ListingActions id={l.id} symbol={l.symbol} side={l.side} price={l.price} remaining={l.remaining} /> : null,
            },
            sort: { id: Number(l.id), symbol: l.symbol, side: l.side, price: Number(l.price), quantity: l.quantity, filled: l.filled, remaining: l.remaining, locked: Number(l.lockedCash), created: l.createdAt },
          }))}
          empty={<EmptyState title={t.trading.noListings} hint={t.trading.noListingsHint} />}
        />
      </Card>

      <Card title={t.trading.myTrades} subtitle={t.trading.myTradesSubtitle} flush testId="my-trades">
        <DataTable
          testId="my-trades-table"
          csvHref={csvHref('myTrades', {}, {}, lang)}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.trading.colTrade },
            { id: 'time', header: t.market.colTime },
            { id: 'symbol', header: t.common.instrument },
            { id: 'kind', header: t.trading.colKind },
            { id: 'side', header: t.trading.side },
            { id: 'price', header: t.market.price, align: 'right' },
            { id: 'quantity', header: t.trading.quantityT, align: 'right' },
            { id: 'amount', header: t.market.colAmount, align: 'right' },
            { id: 'fee', header: t.take.fee, align: 'right' },
            { id: 'net', header: t.trading.colNet, align: 'right' },
          ]}
          rows={trades.items.map((r) => ({
            id: r.id,
            testId: `my-trade-${r.id}`,
            cells: {
              id: <span className="mono">#{r.id}</span>,
              time: (
                <div className="cell-stack">
                  <span className="nowrap">{dateTime(r.executedAt)}</span>
                  <span className="sub-line">{fmt(t.market.dayOf, { day: r.tradingDay })}</span>
                </div>
              ),
              symbol: <span className="mono">{r.symbol}</span>,
              kind: <Badge tone={r.kind === 'BLOCK' ? 'blue' : 'gray'} plain>{t.tradeKind[r.kind]}</Badge>,
              side: <SideLabel side={r.side} t={t} />,
              price: amount(r.price),
              quantity: tonnes(r.quantity),
              amount: amount(r.amount),
              fee: amount(r.fee),
              net: <span className={Number(r.net) < 0 ? 'neg' : 'pos'}>{amount(r.net)}</span>,
            },
            sort: { id: Number(r.id), time: r.executedAt, symbol: r.symbol, kind: r.kind, side: r.side, price: Number(r.price), quantity: r.quantity, amount: Number(r.amount), fee: Number(r.fee), net: Number(r.net) },
          }))}
          empty={<EmptyState title={t.trading.noTrades} hint={t.trading.noTradesHint} />}
        />
      </Card>

      <BlockSection
        t={t}
        lang={lang}
        proposals={proposals}
        ownAccountId={account.id}
        blockOpen={clock.blockOpen}
        form={<ProposeForm symbol={symbol} band={quote.blockBand} base={base} feeRate={position.feeRate} means={means} ownAccountId={account.id} counterparties={await blockCounterparties(actor)} blocked={blockBlocked} />}
      />
    </>
  );
});

function SideLabel({ side, t }: { side: 'BUY' | 'SELL'; t: Dictionary }) {
  return <span className={side === 'BUY' ? 'side-buy' : 'side-sell'}>{t.side[side]}</span>;
}

/** Block proposals sent, received and open offers from others, with what the caller may do; and the propose form. */
async function BlockSection({
  t, lang, proposals, ownAccountId, blockOpen, form,
}: {
  t: Dictionary;
  lang: Lang;
  proposals: Awaited<ReturnType<typeof myBlockProposals>>;
  ownAccountId: number;
  blockOpen: boolean;
  form: ReactNode;
}) {
  const names = await accountNames([
    ...proposals.outgoing.flatMap((p) => (p.counterpartyAccountId ? [p.counterpartyAccountId] : [])),
    ...proposals.incoming.flatMap((p) => (p.initiatorAccountId ? [p.initiatorAccountId] : [])),
  ]);
  type Direction = 'outgoing' | 'incoming' | 'open';
  const all: { p: BlockProposalView; dir: Direction }[] = [
    ...proposals.outgoing.map((p) => ({ p, dir: 'outgoing' as const })),
    ...proposals.incoming.map((p) => ({ p, dir: 'incoming' as const })),
    ...proposals.openOffers.map((p) => ({ p, dir: 'open' as const })),
  ];
  const nameOf = (id: number | null) => {
    if (id === null) return null;
    const n = names.get(id);
    return n ? `${orgName(n, lang)} · ID ${id}` : `ID ${id}`;
  };
  const rows: Row[] = all.map(({ p, dir }) => {
    // The side from the caller's point of view: the initiator's, or the opposite when answering.
    const mySide = dir === 'outgoing' ? p.side : p.side === 'BUY' ? 'SELL' : 'BUY';
    const other = dir === 'outgoing' ? (p.open ? t.block.openOffer : nameOf(p.counterpartyAccountId)) : dir === 'incoming' ? nameOf(p.initiatorAccountId) : t.block.anonymous;
    const summary = fmt(t.block.summary, { side: t.side[mySide], n: tonnes(p.quantity), symbol: p.symbol, price: cny(p.price, lang), amount: cny(p.amount, lang) });
    return {
      id: `${dir}-${p.id}`,
      testId: `block-${p.id}`,
      cells: {
        id: <span className="mono">#{p.id}</span>,
        dir: <Badge tone={dir === 'outgoing' ? 'amber' : dir === 'incoming' ? 'green' : 'blue'} plain>{t.block.direction[dir]}</Badge>,
        symbol: <span className="mono">{p.symbol}</span>,
        side: <SideLabel side={mySide} t={t} />,
        price: amount(p.price),
        quantity: tonnes(p.quantity),
        amount: amount(p.amount),
        other: <span>{other}</span>,
        status: (
          <div className="cell-stack">
            <Badge tone={PROPOSAL_TONE[p.status]} testId={`block-status-${p.id}`}>
              {t.proposalStatus[p.status]}
            </Badge>
            {p.tradeId ? <span className="sub-line">{fmt(t.block.tradeRef, { id: p.tradeId })}</span> : null}
          </div>
        ),
        created: <span className="nowrap">{dateTime(p.createdAt)}</span>,
        actions:
          p.status === 'PENDING' ? (
            <ProposalActions id={p.id} role={dir === 'outgoing' ? 'initiator' : dir === 'incoming' ? 'counterparty' : 'open'} summary={summary} blockOpen={blockOpen} />
          ) : null,
      },
      sort: { id: p.id, dir, symbol: p.symbol, side: mySide, price: Number(p.price), quantity: p.quantity, amount: Number(p.amount), status: p.status, created: p.createdAt },
    };
  });
  const pending = all.filter((x) => x.p.status === 'PENDING').length;
  return (
    <div className="stack" data-testid="block-section">
      <Card title={`${t.block.title} (${pending} ${t.block.pendingShort})`} subtitle={fmt(t.block.subtitle, { id: ownAccountId })} flush testId="block-proposals">
        <DataTable
          testId="block-table"
          csvHref={csvHref('blockList', {}, {}, lang)}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.block.colProposal },
            { id: 'dir', header: t.block.colDirection },
            { id: 'symbol', header: t.common.instrument },
            { id: 'side', header: t.block.colYourSide },
            { id: 'price', header: t.market.price, align: 'right' },
            { id: 'quantity', header: t.trading.quantityT, align: 'right' },
            { id: 'amount', header: t.market.colAmount, align: 'right' },
            { id: 'other', header: t.block.colCounterparty, sortable: false },
            { id: 'status', header: t.common.status },
            { id: 'created', header: t.trading.colPlaced },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={rows}
          empty={<EmptyState title={t.block.empty} hint={t.block.emptyHint} />}
        />
      </Card>
      <Card title={t.block.newTitle} subtitle={t.block.newSubtitle} testId="block-form-card" className="form-card">
        {form}
      </Card>
    </div>
  );
}
