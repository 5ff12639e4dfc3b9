import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import type { AuctionView } from '@/server/auction/auctions';
import { asset, auctionTitle, dateTime, tonnes } from '../format';
import { AuctionStatusBadge } from './labels';
import './auction.css';

/** A line on the public market page: the auction open now (or the next announced one), and the link to the auction calendar. */
export async function AuctionBanner({ auctions }: { auctions: AuctionView[] }) {
  const { t, lang } = await getI18n();
  const p = t.auctions;
  const open = auctions.filter((a) => a.status === 'OPEN').sort((a, b) => Date.parse(a.closesAt) - Date.parse(b.closesAt))[0];
  const next = auctions.filter((a) => a.status === 'SCHEDULED').sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt))[0];
  const shown = open ?? next;
  const text = open
    ? fmt(p.bannerOpen, { title: auctionTitle(open, lang), n: tonnes(open.quantity), asset: asset(open.instrument, open.vintage), at: dateTime(open.closesAt) })
    : next
      ? fmt(p.bannerNext, { title: auctionTitle(next, lang), n: tonnes(next.quantity), asset: asset(next.instrument, next.vintage), at: dateTime(next.opensAt) })
      : p.bannerNone;
  return (
    <div className="auction-banner" data-testid="auction-banner">
      {shown ? <AuctionStatusBadge status={shown.status} t={t} /> : null}
      <span>{text}</span>
      <span className="spacer" />
      <Link href="/market/auctions" data-testid="auction-banner-link">
        {p.publicLink}
      </Link>
    </div>
  );
}
