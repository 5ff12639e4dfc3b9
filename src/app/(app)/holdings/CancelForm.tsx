'use client';

import { useRef } from 'react';
import { ConfirmDialog } from '@/ui/forms/ConfirmDialog';
import { cancelUnitsAction } from '@/app/actions/holdings';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { cancellationSchema } from '@/schemas/registry';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { HoldingFields, holdingErrors, type HoldingOption } from '@/ui/forms/HoldingFields';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { SignatureField } from '@/ui/forms/signing';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { asset, tonnes } from '@/ui/format';

/**
 * Voluntary cancellation: instrument, a vintage the holder has, quantity (checked against
 * what is available as you type), purpose. A confirmation step, since it cannot be undone.
 */
export function CancelForm({ holdings, disabled }: { holdings: HoldingOption[]; disabled?: boolean }) {
  const { t, lang } = useI18n();
  const confirmRef = useRef<HTMLDialogElement>(null);
  const instruments = [...new Set(holdings.map((h) => h.instrument))];
  const firstInstrument = instruments.includes('CEA') ? 'CEA' : (instruments[0] ?? 'CEA');

  const form = useActionForm({
    initial: { instrument: firstInstrument as string, vintage: '', quantity: '', reason: '', signatureCode: '' },
    validate: (v) =>
      holdingErrors(
        zodFieldErrors(cancellationSchema, { instrument: v.instrument, vintage: v.vintage ? Number(v.vintage) : Number.NaN, quantity: toInt(v.quantity), reason: v.reason }, lang),
        v,
        holdings,
        t,
      ),
    submit: (v) => cancelUnitsAction({ instrument: v.instrument, vintage: Number(v.vintage), quantity: toInt(v.quantity), reason: v.reason, signatureCode: v.signatureCode }),
    onSuccess: (_r, v) => ({ ...v, quantity: '', reason: '', signatureCode: '' }),
  });

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
        <HoldingFields form={form} lines={holdings} testIdPrefix="cancel" resetVintage fullQuantity />
        <Field name="reason" label={t.cancel.reason} error={form.errorOf('reason')} className="full">
          <input className="input" placeholder={t.cancel.reasonPlaceholder} {...form.bind('reason')} data-testid="cancel-reason" />
        </Field>
        <SignatureField value={form.values.signatureCode ?? ''} onChange={(c) => form.set('signatureCode', c)} error={form.errorOf('signatureCode')} />
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} disabled={disabled} testId="cancel-submit">
          {t.cancel.submit}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'cancel-success' : 'cancel-error'} />

      <ConfirmDialog
        dialogRef={confirmRef}
        titleId="cancel-confirm-title"
        title={t.cancel.confirmTitle}
        confirmLabel={t.common.confirm}
        tone="danger"
        onConfirm={form.run}
        confirmTestId="cancel-confirm"
      >
        <p>{fmt(t.cancel.confirmBody, { n: tonnes(toInt(form.values.quantity) || 0), asset: form.values.vintage ? asset(form.values.instrument, Number(form.values.vintage)) : '' })}</p>
        <p className="muted">“{form.values.reason}”</p>
      </ConfirmDialog>
    </form>
  );
}
