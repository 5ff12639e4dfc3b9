import type { Dictionary, Lang } from '@/i18n';
import { fmt } from '@/i18n';
import type { AuctionView } from '@/server/auction/auctions';
import { asset, cny, dateTime, tonnes } from '../format';
import { guaranteeText, windowText } from './labels';
import './auction.css';

/** An auction's terms as a fact list (detail pages). */
export function AuctionTerms({ a, t, lang }: { a: AuctionView; t: Dictionary; lang: Lang }) {
  const p = t.auctions;
  return (
    <dl className="facts" data-testid="auction-terms">
      <dt>{p.termAsset}</dt>
      <dd className="mono">{asset(a.instrument, a.vintage)}</dd>
      <dt>{p.termQuantity}</dt>
      <dd data-testid="term-quantity">
        {tonnes(a.quantity)} {t.common.tonnes}
      </dd>
      <dt>{p.termReserve}</dt>
      <dd data-testid="term-reserve">{a.reservePrice ? `${cny(a.reservePrice, lang)}${p.perTonne}` : p.noReserve}</dd>
      <dt>{p.termWindow}</dt>
      <dd>
        <span className="auction-window">{windowText(a)}</span> <span className="faint">({t.common.beijingTime})</span>
      </dd>
      <dt>{p.termEligibility}</dt>
      <dd>{p.eligibility[a.eligibility]}</dd>
      <dt>{p.termPerBidderMax}</dt>
      <dd>{a.perBidderMax === null ? p.noLimit : `${tonnes(a.perBidderMax)} ${t.common.tonnes}`}</dd>
      <dt>{p.termGuarantee}</dt>
      <dd>{guaranteeText(a, t)}</dd>
      <dt>{p.termPricing}</dt>
      <dd>
        {p.pricing[a.pricing]} <span className="faint">· {p.pricingHint[a.pricing]}</span>
      </dd>
      <dt>{p.termTieRule}</dt>
      <dd>
        {p.tieRule[a.tieRule]} <span className="faint">· {p.tieRuleHint[a.tieRule]}</span>
      </dd>
    </dl>
  );
}

type Step = { key: string; label: string; when?: string; note?: string; state: 'done' | 'current' | 'todo' | 'cancelled' };

/**
 * Where the auction is: announced → bidding opens → bidding closes → settled (or cancelled).
 * The times are the announced window on the market clock (Beijing) and the settlement time.
 */
export function AuctionTimeline({ a, t }: { a: AuctionView; t: Dictionary }) {
  const p = t.auctions;
  const order = ['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SETTLED'] as const;
  const reached = (s: (typeof order)[number]) => a.status !== 'CANCELLED' && order.indexOf(a.status as (typeof order)[number]) >= order.indexOf(s);
  const state = (doneAt: (typeof order)[number], currentAt: (typeof order)[number]): Step['state'] =>
    reached(doneAt) ? 'done' : a.status === currentAt ? 'current' : 'todo';
  const steps: Step[] =
    a.status === 'CANCELLED'
      ? [
          { key: 'announced', label: p.tlCreated, state: 'done' },
          { key: 'cancelled', label: p.tlCancelled, note: a.cancelReason ?? undefined, state: 'cancelled' },
          { key: 'opens', label: p.tlOpens, when: dateTime(a.opensAt), state: 'todo' },
          { key: 'closes', label: p.tlCloses, when: dateTime(a.closesAt), state: 'todo' },
        ]
      : [
          a.status === 'DRAFT'
            ? { key: 'announced', label: p.tlDraft, note: p.tlDraftHint, state: 'current' }
            : { key: 'announced', label: p.tlAnnounced, note: p.tlAnnouncedHint, state: 'done' },
          { key: 'opens', label: p.tlOpens, when: dateTime(a.opensAt), state: state('OPEN', 'SCHEDULED') },
          { key: 'closes', label: p.tlCloses, when: dateTime(a.closesAt), state: state('CLOSED', 'OPEN') },
          // No time here: settlement instants are wall-clock times, which differ from the demo market clock.
          { key: 'settled', label: p.tlSettled, note: a.status === 'CLOSED' ? p.status.CLOSED : undefined, state: reached('SETTLED') ? 'done' : a.status === 'CLOSED' ? 'current' : 'todo' },
        ];
  return (
    <ol className="auction-timeline" data-testid="auction-timeline">
      {steps.map((s) => (
        <li key={s.key} className={s.state} data-testid={`timeline-${s.key}`} data-state={s.state}>
          <span className="dot" aria-hidden />
          <span className="step">{s.label}</span>
          {s.when ? <span className="when">{s.when}</span> : null}
          {s.note ? <span className="note">{s.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** The published result as key figures (detail page). */
export function AuctionResultFigures({ a, t, lang }: { a: AuctionView; t: Dictionary; lang: Lang }) {
  const r = a.result;
  if (!r) return null;
  const p = t.auctions;
  const figure = (label: string, value: string, hint: string | null, testId: string) => (
    <div className="kpi-inline">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
  return (
    <div className="result-figures" data-testid="auction-result">
      {figure(p.clearingPrice, r.clearingPrice ? cny(r.clearingPrice, lang) : p.noneSold, a.pricing === 'PAY_AS_BID' ? p.clearingPricePayAsBid : p.clearingPriceHint, 'result-clearing-price')}
      {figure(p.sold, `${tonnes(r.quantitySold)} ${t.common.tonnes}`, r.unsold > 0 ? fmt(p.unsoldHint, { n: tonnes(r.unsold) }) : p.allSold, 'result-sold')}
      {figure(p.coverage, `${Number(r.coverageRatio).toFixed(2)}×`, fmt(p.coverageHint, { bid: tonnes(r.bidQuantity), offered: tonnes(a.quantity) }), 'result-coverage')}
      {figure(p.biddersWinners, `${r.bidders} · ${r.winners}`, null, 'result-bidders')}
      {figure(p.proceeds, cny(r.proceeds, lang), p.kpiProceedsHint, 'result-proceeds')}
    </div>
  );
}
