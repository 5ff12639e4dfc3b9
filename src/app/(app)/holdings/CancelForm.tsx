'use client';

import { useRef } from 'react';
import { cancelUnitsAction } from '@/app/actions/holdings';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { cancellationSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { asset, tonnes } from '@/ui/format';

interface Line {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  available: number;
}

/**
 * Voluntary cancellation: instrument, a vintage the holder has, quantity (checked against
 * what is available as you type), purpose. A confirmation step, since it cannot be undone.
 */
export function CancelForm({ holdings, disabled }: { holdings: Line[]; disabled?: boolean }) {
  const { t, lang } = useI18n();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const instruments = [...new Set(holdings.map((h) => h.instrument))];
  const firstInstrument = instruments.includes('CEA') ? 'CEA' : (instruments[0] ?? 'CEA');

  const availableOf = (instrument: string, vintage: string) =>
    holdings.find((h) => h.instrument === instrument && String(h.vintage) === vintage)?.available;

  const form = useActionForm({
    initial: { instrument: firstInstrument as string, vintage: '', quantity: '', reason: '' },
    validate: (v) => {
      const errors = zodFieldErrors(cancellationSchema, { instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity), reason: v.reason }, lang);
      const available = availableOf(v.instrument, v.vintage);
      if (!v.vintage) errors.vintage = t.cancel.chooseVintage;
      else if (available === undefined) errors.vintage = t.cancel.noVintage;
      else if (!errors.quantity && toInt(v.quantity) > available) errors.quantity = fmt(t.cancel.exceeds, { n: tonnes(available) });
      return errors;
    },
    submit: (v) => cancelUnitsAction({ instrument: v.instrument, vintage: Number(v.vintage), quantity: toInt(v.quantity), reason: v.reason }),
    onSuccess: (_r, v) => ({ ...v, quantity: '', reason: '' }),
  });

  const vintages = holdings.filter((h) => h.instrument === form.values.instrument);
  const available = availableOf(form.values.instrument, form.values.vintage);
  const anyAvailable = holdings.some((h) => h.available > 0);

  if (!anyAvailable && !form.result) return <p className="muted">{t.cancel.nothingAvailable}</p>;

  return (
    <form
      className="form"
      noValidate
      data-testid="cancel-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.hasErrors) {
          form.run(); // shows every error, never reaches the server
          return;
        }
        confirmRef.current?.showModal();
      }}
    >
      <div className="form-grid">
        <Field name="instrument" label={t.cancel.instrument} error={form.errorOf('instrument')}>
          <select
            className="input"
            {...form.bind('instrument')}
            onChange={(e) => {
              form.set('instrument', e.target.value);
              form.set('vintage', '', false);
            }}
            data-testid="cancel-instrument"
          >
            {instruments.map((i) => (
              <option key={i} value={i}>
                {t.instruments[i]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="vintage" label={t.cancel.vintage} error={form.errorOf('vintage')}>
          <select className="input" {...form.bind('vintage')} data-testid="cancel-vintage">
            <option value="">{t.cancel.chooseVintage}</option>
            {vintages.map((h) => (
              <option key={h.vintage} value={h.vintage}>
                {h.vintage} — {fmt(t.cancel.available, { n: tonnes(h.available) })}
              </option>
            ))}
          </select>
        </Field>
        <Field
          name="quantity"
          label={t.cancel.quantity}
          error={form.errorOf('quantity')}
          hint={available !== undefined ? fmt(t.cancel.available, { n: tonnes(available) }) : undefined}
          className="full"
        >
          <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('quantity')} data-testid="cancel-quantity" />
        </Field>
        <Field name="reason" label={t.cancel.reason} error={form.errorOf('reason')} className="full">
          <input className="input" placeholder={t.cancel.reasonPlaceholder} {...form.bind('reason')} data-testid="cancel-reason" />
        </Field>
      </div>
      <div className="btn-row">
        <button type="submit" className="btn primary" disabled={form.pending || disabled} data-testid="cancel-submit">
          {form.pending ? t.common.submitting : t.cancel.submit}
        </button>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'cancel-success' : 'cancel-error'} />

      <dialog ref={confirmRef} className="dialog" aria-labelledby="cancel-confirm-title">
        <div className="dialog-head">
          <h2 id="cancel-confirm-title">{t.cancel.confirmTitle}</h2>
        </div>
        <div className="dialog-body">
          <p>{fmt(t.cancel.confirmBody, { n: tonnes(toInt(form.values.quantity) || 0), asset: form.values.vintage ? asset(form.values.instrument, Number(form.values.vintage)) : '' })}</p>
          <p className="muted">“{form.values.reason}”</p>
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={() => confirmRef.current?.close()}>
            {t.common.cancel}
          </button>
          <button
            type="button"
            className="btn danger"
            data-testid="cancel-confirm"
            onClick={() => {
              confirmRef.current?.close();
              form.run();
            }}
          >
            {t.common.confirm}
          </button>
        </div>
      </dialog>
    </form>
  );
}
