'use client';

import { instrumentStatusAction, referencePriceAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { instrumentStatusSchema, referencePriceSchema } from '@/schemas/trading';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

const reasonOnly = instrumentStatusSchema.pick({ reason: true });

/** Suspend or resume an instrument (with a reason), and set its reference price. */
export function InstrumentActions({ symbol, status, referencePrice }: { symbol: string; status: 'TRADING' | 'SUSPENDED'; referencePrice: string | null }) {
  const { t } = useI18n();
  const suspend = status === 'TRADING';
  return (
    <div className="btn-row">
      <ReasonDialog
        trigger={suspend ? t.exchange.suspend : t.exchange.resume}
        tone={suspend ? 'danger' : 'primary'}
        title={fmt(suspend ? t.exchange.suspendTitle : t.exchange.resumeTitle, { symbol })}
        label={t.common.reason}
        hint={t.exchange.reasonHint}
        schema={reasonOnly}
        field="reason"
        run={(reason) => instrumentStatusAction({ symbol, status: suspend ? 'SUSPENDED' : 'TRADING', reason })}
        testId={`instrument-${suspend ? 'suspend' : 'resume'}-${symbol}`}
      />
      <ReasonDialog
        trigger={t.exchange.setReference}
        title={fmt(t.exchange.referenceTitle, { symbol })}
        label={t.exchange.referencePrice}
        hint={t.exchange.referenceHint}
        schema={referencePriceSchema}
        field="referencePrice"
        single={{ inputMode: 'decimal' }}
        parse={(s) => s.trim()}
        initial={referencePrice ?? ''}
        run={(price) => referencePriceAction({ symbol, referencePrice: price.trim() })}
        testId={`instrument-reference-${symbol}`}
      />
    </div>
  );
}
