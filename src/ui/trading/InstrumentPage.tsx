import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import type { ClockView } from '@/server/trading/market';
import { Card } from '../Card';
import { EmptyState } from '../EmptyState';
import { PageHeader } from '../PageHeader';
import { RefreshButton } from '../RefreshButton';
import { InstrumentPicker } from './InstrumentPicker';
import { MarketClock } from './MarketClock';

/** The header of a per-instrument page (trading, market): title, the instrument picker, refresh. */
export async function InstrumentPageHeader({
  title, subtitle, instruments, current, basePath,
}: { title: ReactNode; subtitle: ReactNode; instruments: { symbol: string; status: string }[]; current: string | undefined; basePath: string }) {
  const { t } = await getI18n();
  return (
    <PageHeader
      title={title}
      subtitle={subtitle}
      actions={
        <>
          {current ? <InstrumentPicker instruments={instruments} current={current} basePath={basePath} label={t.market.chooseInstrument} suspendedLabel={t.market.status.SUSPENDED} /> : null}
          <RefreshButton />
        </>
      }
    />
  );
}

/** A per-instrument page before the exchange has listed any instrument. */
export async function NoInstruments({ header, clock }: { header: ReactNode; clock: ClockView }) {
  const { t } = await getI18n();
  return (
    <>
      {header}
      <MarketClock clock={clock} />
      <Card>
        <EmptyState title={t.market.noInstruments} hint={t.market.noInstrumentsHint} testId="no-instruments" />
      </Card>
    </>
  );
}
