'use client';

import { requestReversalAction } from '@/app/actions/controls';
import { useI18n } from '@/i18n/client';
import { reversalSchema } from '@/schemas/controls';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

/** A registry operator asks to reverse an erroneous entry; a platform administrator approves. */
export function ReversalForm() {
  const { t, lang } = useI18n();
  const form = useActionForm({
    initial: { entryId: '', reason: '' },
    validate: (v) => zodFieldErrors(reversalSchema, { entryId: v.entryId.trim(), reason: v.reason }, lang),
    submit: (v) => requestReversalAction({ entryId: v.entryId.trim(), reason: v.reason }),
    onSuccess: () => ({ entryId: '', reason: '' }),
  });
  return (
    <form className="form" noValidate data-testid="reversal-form" onSubmit={(e) => { e.preventDefault(); form.run(); }}>
      <div className="form-grid">
        <Field name="entryId" label={t.controls.entryId} hint={t.controls.entryIdHint} error={form.errorOf('entryId')}>
          <input className="input mono" inputMode="numeric" {...form.bind('entryId')} data-testid="reversal-entry" />
        </Field>
        <Field name="reason" label={t.controls.reversalReason} hint={t.controls.reversalReasonHint} error={form.errorOf('reason')} className="full">
          <input className="input" {...form.bind('reason')} data-testid="reversal-reason" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="reversal-submit">{t.controls.reversalSubmit}</SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'reversal-success' : 'reversal-error'} />
    </form>
  );
}
