'use client';

import { clockAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { clockCommandSchema } from '@/schemas/trading';
import type { ClockView } from '@/server/trading/market';
import { Alert } from '@/ui/Alert';
import { ActionButton } from '@/ui/forms/ActionButton';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

/** "2026-11-23 09:30" (market time) → the datetime-local value "2026-11-23T09:30". */
const toLocalInput = (marketTime: string) => marketTime.replace(' ', 'T');
/** A datetime-local value read as Beijing time → ISO with offset. */
const toIso = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

/**
 * The demo market clock (APP_MODE=demo): open or close the current session, advance to the next
 * trading day (crossing 15:00 runs the day end: listings expire, the close is set), or set a
 * time — never backwards. In production the clock follows real Beijing time and these are disabled.
 */
export function ClockControls({ clock }: { clock: ClockView }) {
  const { t, lang } = useI18n();
  const real = clock.mode === 'real';
  const canOpen = !real && (clock.phase === 'PRE_OPEN' || clock.phase === 'MIDDAY_BREAK');
  const canClose = !real && (clock.phase === 'MORNING' || clock.phase === 'AFTERNOON');
  const form = useActionForm<{ at: string }>({
    initial: { at: toLocalInput(clock.marketTime) },
    validate: (v) => {
      const errors = v.at ? zodFieldErrors(clockCommandSchema, { action: 'set', at: toIso(v.at) }, lang) : { at: t.exchange.chooseTime };
      if (!errors.at && v.at.replace('T', ' ').slice(0, 16) < clock.marketTime) errors.at = t.exchange.notBackwards;
      return errors;
    },
    submit: (v) => clockAction({ action: 'set', at: toIso(v.at) }),
  });
  return (
    <div className="stack" data-testid="clock-controls">
      {real ? <Alert kind="info">{t.exchange.realModeNote}</Alert> : <p className="sub-line">{t.exchange.demoModeNote}</p>}
      <div className="btn-row">
        <ActionButton
          label={t.exchange.openSession}
          tone="primary"
          size="md"
          disabled={!canOpen}
          title={real ? t.exchange.realModeNote : undefined}
          run={() => clockAction({ action: 'open-session' })}
          testId="clock-open"
        />
        <ActionButton
          label={t.exchange.closeSession}
          size="md"
          disabled={!canClose}
          confirm={clock.phase === 'AFTERNOON' ? { title: t.exchange.closeDayTitle, body: <p>{t.exchange.closeDayBody}</p> } : undefined}
          run={() => clockAction({ action: 'close-session' })}
          testId="clock-close"
        />
        <ActionButton
          label={fmt(t.exchange.nextDay, { day: clock.nextTradingDay })}
          size="md"
          disabled={real}
          confirm={{ title: t.exchange.nextDayTitle, body: <p>{fmt(t.exchange.nextDayBody, { day: clock.nextTradingDay })}</p> }}
          run={() => clockAction({ action: 'next-trading-day' })}
          testId="clock-next-day"
        />
      </div>
      <form className="form" noValidate onSubmit={form.onSubmit} data-testid="clock-set-form">
        <div className="btn-row" style={{ alignItems: 'flex-start' }}>
          <Field name="at" label={t.exchange.setTime} error={form.errorOf('at')} hint={t.exchange.setTimeHint}>
            <input type="datetime-local" className="input" disabled={real} {...form.bind('at')} data-testid="clock-at" style={{ width: 240 }} />
          </Field>
          <div style={{ paddingTop: 24 }}>
            <SubmitButton pending={form.pending} disabled={real} className="btn" testId="clock-set">
              {t.exchange.setTimeSubmit}
            </SubmitButton>
          </div>
        </div>
        <FormResult result={form.result} />
      </form>
    </div>
  );
}
