'use client';

import { createInstrumentAction } from '@/app/actions/exchange';
import { useI18n } from '@/i18n/client';
import { instrumentCreateSchema } from '@/schemas/trading';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';

/** Lists a new instrument line (product and vintage, e.g. CEA-2025) with its first-day reference price. */
export function CreateInstrumentForm({ existing }: { existing: string[] }) {
  const { t, lang } = useI18n();
  const toInput = (v: Record<string, string>) => ({ instrument: v.instrument, vintage: toInt(v.vintage ?? ''), referencePrice: (v.referencePrice ?? '').trim() });
  const form = useActionForm<Record<string, string>>({
    initial: { instrument: 'CEA', vintage: '', referencePrice: '' },
    validate: (v) => {
      const errors = zodFieldErrors(instrumentCreateSchema, toInput(v), lang);
      if (errors.vintage) errors.vintage = t.exchange.vintageError;
      else if (existing.includes(`${v.instrument}-${toInt(v.vintage ?? '')}`)) errors.vintage = t.exchange.alreadyListed;
      return errors;
    },
    submit: (v) => createInstrumentAction(toInput(v)),
    onSuccess: () => ({ instrument: 'CEA', vintage: '', referencePrice: '' }),
  });
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="instrument-form">
      <div className="form-grid">
        <Field name="instrument" label={t.common.instrument} error={form.errorOf('instrument')}>
          <select className="input" {...form.bind('instrument')} data-testid="instrument-product">
            <option value="CEA">{t.instruments.CEA}</option>
            <option value="CCER">{t.instruments.CCER}</option>
          </select>
        </Field>
        <Field name="vintage" label={t.common.vintage} error={form.errorOf('vintage')} hint={t.exchange.vintageHint}>
          <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('vintage')} data-testid="instrument-vintage" />
        </Field>
        <Field name="referencePrice" label={t.exchange.referencePrice} error={form.errorOf('referencePrice')} hint={t.exchange.referenceHint} className="full">
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('referencePrice')} data-testid="instrument-reference" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="instrument-submit">
          {t.exchange.createInstrument}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'instrument-success' : 'instrument-error'} />
    </form>
  );
}
