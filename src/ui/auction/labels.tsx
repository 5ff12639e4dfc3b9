import Decimal from 'decimal.js';
import Link from 'next/link';
import type { Dictionary } from '@/i18n';
import { fmt } from '@/i18n';
import type { AuctionView, BidView } from '@/server/auction/auctions';
import { Badge, type Tone } from '../Badge';
import type { ReactNode } from 'react';
import type { Column, SortValue } from '../DataTable';
import { amount, asset, auctionTitle, dateTime, tonnes } from '../format';
import type { GuaranteeRule } from '@/domain/auction/guarantee';

/** Labels and small pieces shared by the auction pages (signed-in and public), server or client. */

const STATUS_TONE: Record<AuctionView['status'], Tone> = { DRAFT: 'gray', SCHEDULED: 'blue', OPEN: 'green', CLOSED: 'amber', SETTLED: 'gray', CANCELLED: 'red' };
const BID_TONE: Record<BidView['status'], Tone> = { ACTIVE: 'blue', WITHDRAWN: 'gray', WON: 'green', LOST: 'gray', DEFAULTED: 'red' };

export function AuctionStatusBadge({ status, t, testId }: { status: AuctionView['status']; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} testId={testId}>
      {t.auctions.status[status]}
    </Badge>
  );
}

export function BidStatusBadge({ status, t, testId }: { status: BidView['status']; t: Dictionary; testId?: string }) {
  return (
    <Badge tone={BID_TONE[status]} testId={testId}>
      {t.auctions.bidStatus[status]}
    </Badge>
  );
}

/** The guarantee rule the service applies to a bid of this auction. */
export const guaranteeRuleOf = (a: Pick<AuctionView, 'guaranteePercent'>): GuaranteeRule =>
  a.guaranteePercent === null ? { kind: 'FULL' } : { kind: 'PERCENT', percent: a.guaranteePercent };

/** "0.1000" → "10", "0.1250" → "12.5". */
export const percentOf = (fraction: string) => new Decimal(fraction).times(100).toDecimalPlaces(2).toString();

export function guaranteeText(a: Pick<AuctionView, 'guaranteePercent'>, t: Dictionary): string {
  return a.guaranteePercent === null ? t.auctions.guaranteeFullValue : fmt(t.auctions.guaranteePercentOf, { p: percentOf(a.guaranteePercent) });
}

/** "2026-11-23 09:30 – 11:30" on one day, else both full. */
export function windowText(a: Pick<AuctionView, 'opensAt' | 'closesAt'>): string {
  const from = dateTime(a.opensAt);
  const to = dateTime(a.closesAt);
  return from.slice(0, 10) === to.slice(0, 10) ? `${from} – ${to.slice(11)}` : `${from} – ${to}`;
}

/** May an organisation of this kind bid in this auction? */
export const mayBid = (a: Pick<AuctionView, 'eligibility'>, organisationKind: string) => a.eligibility === 'ALL_PARTICIPANTS' || organisationKind === 'COMPLIANCE_ENTITY';

/** Sums of a bidder's settled bids in one auction. */
export function myOutcome(bids: BidView[]): { won: number; amount: string; price: string | null; status: 'WON' | 'LOST' | 'DEFAULTED' | null } {
  const settled = bids.filter((b) => b.status === 'WON' || b.status === 'LOST' || b.status === 'DEFAULTED');
  if (settled.length === 0) return { won: 0, amount: '0.00', price: null, status: null };
  const won = settled.reduce((s, b) => s + (b.status === 'WON' ? (b.wonQuantity ?? 0) : 0), 0);
  const amount = settled.reduce((s, b) => s.plus(b.status === 'WON' ? (b.amount ?? '0') : '0'), new Decimal(0));
  const prices = [...new Set(settled.filter((b) => b.status === 'WON').map((b) => b.paidPrice))];
  const status = won > 0 ? 'WON' : settled.some((b) => b.status === 'DEFAULTED') ? 'DEFAULTED' : 'LOST';
  // One price when every filled bid paid the same (uniform pricing), else the average.
  const price = won === 0 ? null : prices.length === 1 ? prices[0]! : amount.div(won).toDecimalPlaces(2).toFixed(2);
  return { won, amount: amount.toFixed(2), price, status };
}

/** The auction's title cell: link, id, instrument-vintage, rules. */
export function AuctionTitleCell({ a, t, href }: { a: AuctionView; t: Dictionary; href?: string }) {
  return (
    <div className="auction-title-cell">
      {href ? (
        <Link href={href} data-testid={`auction-link-${a.id}`}>
          {auctionTitle(a, t.meta.lang)}
        </Link>
      ) : (
        <strong>{auctionTitle(a, t.meta.lang)}</strong>
      )}
      <span className="sub-line">
        {fmt(t.auctions.auctionNo, { id: a.id })} · <span className="mono">{asset(a.instrument, a.vintage)}</span> · {t.auctions.pricing[a.pricing]}
      </span>
    </div>
  );
}

/** The first columns of every auction calendar table (operators', bidders', public). */
export function calendarColumns(t: Dictionary): Column[] {
  return [
    { id: 'auction', header: t.auctions.colAuction },
    { id: 'quantity', header: t.auctions.colQuantity, align: 'right' },
    { id: 'reserve', header: t.auctions.colReserve, align: 'right' },
    { id: 'window', header: t.auctions.colWindow },
  ];
}

/** Their cells (the title linked to `href` when given) and the sort values of a calendar row. */
export function calendarCells(a: AuctionView, t: Dictionary, href?: string): { cells: Record<string, ReactNode>; sort: Record<string, SortValue> } {
  return {
    cells: {
      auction: <AuctionTitleCell a={a} t={t} href={href} />,
      quantity: tonnes(a.quantity),
      reserve: a.reservePrice ? amount(a.reservePrice) : <span className="faint">{t.auctions.noReserve}</span>,
      window: <span className="auction-window">{windowText(a)}</span>,
    },
    sort: { auction: auctionTitle(a, t.meta.lang), quantity: a.quantity, reserve: a.reservePrice ? Number(a.reservePrice) : null, window: a.opensAt, status: a.status },
  };
}
