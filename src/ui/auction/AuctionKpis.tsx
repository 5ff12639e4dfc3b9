import Decimal from 'decimal.js';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import type { AuctionView } from '@/server/auction/auctions';
import { Kpi } from '../Card';
import { cny, dateTime, tonnes } from '../format';

/** Open / announced / settled counts and the proceeds so far. */
export function AuctionKpis({ auctions, t, lang, overseer }: { auctions: AuctionView[]; t: Dictionary; lang: Lang; overseer?: boolean }) {
  const open = auctions.filter((a) => a.status === 'OPEN');
  const scheduled = auctions.filter((a) => a.status === 'SCHEDULED').sort((a, b) => Date.parse(a.opensAt) - Date.parse(b.opensAt));
  const settled = auctions.filter((a) => a.status === 'SETTLED');
  const bids = open.reduce((s, a) => s + (a.activity?.bids ?? 0), 0);
  const bidders = open.reduce((s, a) => s + (a.activity?.bidders ?? 0), 0);
  const proceeds = settled.reduce((s, a) => s.plus(a.result?.proceeds ?? '0'), new Decimal(0));
  const sold = settled.reduce((s, a) => s + (a.result?.quantitySold ?? 0), 0);
  return (
    <div className="grid grid-4 mb">
      <Kpi label={t.auctions.kpiOpen} value={open.length} hint={overseer ? fmt(t.auctions.kpiOpenHint, { bids, bidders }) : t.auctions.kpiOpenHintPublic} testId="kpi-auctions-open" />
      <Kpi label={t.auctions.kpiScheduled} value={scheduled.length} hint={scheduled[0] ? fmt(t.auctions.kpiNext, { at: dateTime(scheduled[0].opensAt) }) : t.auctions.kpiNone} testId="kpi-auctions-scheduled" />
      <Kpi label={t.auctions.kpiSettled} value={settled.length} hint={fmt(t.auctions.kpiSold, { n: tonnes(sold) })} testId="kpi-auctions-settled" />
      <Kpi label={t.auctions.kpiProceeds} value={cny(proceeds.toFixed(2), lang)} hint={t.auctions.kpiProceedsHint} testId="kpi-auctions-proceeds" />
    </div>
  );
}
