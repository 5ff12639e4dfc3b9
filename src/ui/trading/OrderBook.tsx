'use client';

import { useI18n } from '@/i18n/client';
import { fmt } from '@/i18n';
import type { BookLevel } from '@/server/trading/marketData';
import { amount, tonnes } from '../format';
import './trading.css';

/**
 * The listed-agreement order book as a ladder: the best five offers above (best nearest the
 * middle), the best five bids below, open quantity and number of listings per price level and a
 * depth bar scaled to the largest level shown. Listers stay anonymous.
 */
export function OrderBook({ bids, asks, levels = 5, testId = 'order-book' }: { bids: BookLevel[]; asks: BookLevel[]; levels?: number; testId?: string }) {
  const { t } = useI18n();
  const max = Math.max(1, ...bids.map((l) => l.quantity), ...asks.map((l) => l.quantity));
  const pad = (side: BookLevel[]) => Array.from({ length: levels }, (_, i) => side[i] ?? null);
  const bestBid = bids[0]?.price;
  const bestAsk = asks[0]?.price;
  const spread = bestBid && bestAsk ? (Number(bestAsk) - Number(bestBid)).toFixed(2) : null;
  const row = (side: 'ask' | 'bid', l: BookLevel | null, i: number) => (
    <tr key={`${side}-${i}`} className={`${side}${l ? '' : ' empty-level'}`} data-testid={l ? `${testId}-${side}-${i + 1}` : undefined}>
      <td className="lvl">{fmt(side === 'ask' ? t.market.askLevel : t.market.bidLevel, { n: i + 1 })}</td>
      <td className="num px">{l ? amount(l.price) : t.common.dash}</td>
      <td className="num">{l ? tonnes(l.quantity) : ''}</td>
      <td className="num faint">{l ? l.listings : ''}</td>
      <td className="depth">{l ? <div className="depth-bar" style={{ width: `${Math.max(2, (l.quantity / max) * 100)}%` }} /> : null}</td>
    </tr>
  );
  return (
    <div className="table-wrap" data-testid={testId}>
      <table className="book">
        <thead>
          <tr>
            <th />
            <th className="num">{t.market.price}</th>
            <th className="num">{t.market.bookQty}</th>
            <th className="num">{t.market.bookListings}</th>
            <th>{t.market.depth}</th>
          </tr>
        </thead>
        <tbody>
          {pad(asks).map((l, i) => ({ l, i })).reverse().map(({ l, i }) => row('ask', l, i))}
          <tr className="mid">
            <td colSpan={5}>
              {bids.length === 0 && asks.length === 0
                ? t.market.bookEmpty
                : spread !== null
                  ? fmt(t.market.spread, { spread })
                  : bids.length === 0
                    ? t.market.noBids
                    : t.market.noAsks}
            </td>
          </tr>
          {pad(bids).map((l, i) => row('bid', l, i))}
        </tbody>
      </table>
    </div>
  );
}
