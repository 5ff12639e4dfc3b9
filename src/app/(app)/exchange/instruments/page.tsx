import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { listInstrumentQuotes } from '@/server/trading/marketData';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { CreateInstrumentForm } from './CreateInstrumentForm';
import { InstrumentActions } from './InstrumentActions';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.exchange.instrumentsTitle };
}

/** Instruments (one line per product and vintage): list, create, suspend/resume, reference price. */
export default guardedPage('market.operate', async ({ t, lang }) => {
  const quotes = await listInstrumentQuotes();
  const band = (b: { low: string; high: string } | null) => (b ? <span className="nowrap">{`${amount(b.low)} – ${amount(b.high)}`}</span> : null);
  return (
    <>
      <PageHeader title={t.exchange.instrumentsTitle} subtitle={t.exchange.instrumentsSubtitle} />
      <Card title={t.market.instruments} flush testId="instruments">
        <DataTable
          testId="instruments-table"
          csvHref={csvHref('instruments', {}, {}, lang)}
          paginate={false}
          columns={[
            { id: 'symbol', header: t.common.instrument },
            { id: 'status', header: t.common.status },
            { id: 'previousClose', header: t.market.colPrevClose, align: 'right' },
            { id: 'referencePrice', header: t.exchange.referencePrice, align: 'right' },
            { id: 'listedBand', header: t.market.colListedBand, align: 'right', sortable: false },
            { id: 'blockBand', header: t.market.colBlockBand, align: 'right', sortable: false },
            { id: 'last', header: t.market.colLast, align: 'right' },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={quotes.map((q) => ({
            id: q.symbol,
            testId: `instrument-row-${q.symbol}`,
            cells: {
              symbol: (
                <div className="cell-stack">
                  <strong className="mono">{q.symbol}</strong>
                  <span className="sub-line">{t.instruments[q.instrument]}</span>
                </div>
              ),
              status: (
                <div className="cell-stack" style={{ maxWidth: 260 }}>
                  <Badge tone={q.status === 'TRADING' ? 'green' : 'red'} testId={`instrument-status-${q.symbol}`}>
                    {t.market.status[q.status]}
                  </Badge>
                  {q.statusReason ? <span className="sub-line">{q.statusReason}</span> : null}
                </div>
              ),
              previousClose: q.previousClose ? amount(q.previousClose) : null,
              referencePrice: q.referencePrice ? amount(q.referencePrice) : null,
              listedBand: band(q.listedBand),
              blockBand: band(q.blockBand),
              last: q.last ? amount(q.last) : null,
              actions: <InstrumentActions symbol={q.symbol} status={q.status} referencePrice={q.referencePrice} />,
            },
            sort: { symbol: q.symbol, status: q.status, previousClose: q.previousClose ? Number(q.previousClose) : null, referencePrice: q.referencePrice ? Number(q.referencePrice) : null, last: q.last ? Number(q.last) : null },
          }))}
          empty={<EmptyState title={t.market.noInstruments} hint={t.exchange.noInstrumentsHint} />}
        />
      </Card>
      <Card title={t.exchange.createTitle} subtitle={t.exchange.createSubtitle} className="form-card" testId="instrument-create">
        <CreateInstrumentForm existing={quotes.map((q) => q.symbol)} />
      </Card>
    </>
  );
});
