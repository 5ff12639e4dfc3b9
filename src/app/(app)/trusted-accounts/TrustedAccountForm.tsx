'use client';

import { removeTrustedAccountAction, requestTrustedAccountAction } from '@/app/actions/controls';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { trustedAccountRequestSchema } from '@/schemas/controls';
import { ActionButton } from '@/ui/forms/ActionButton';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';

/** Ask to add an account (by its registry number) to the holder's trusted list; a second representative approves. */
export function TrustedAccountForm({ accountId }: { accountId: number }) {
  const { t, lang } = useI18n();
  const form = useActionForm({
    initial: { accountNumber: '', description: '' },
    validate: (v) => zodFieldErrors(trustedAccountRequestSchema, { accountNumber: v.accountNumber, description: v.description || undefined }, lang),
    submit: (v) => requestTrustedAccountAction({ accountId, accountNumber: v.accountNumber, description: v.description || undefined }),
    onSuccess: () => ({ accountNumber: '', description: '' }),
  });
  return (
    <form className="form" noValidate data-testid="trusted-form" onSubmit={(e) => { e.preventDefault(); form.run(); }}>
      <div className="form-grid">
        <Field name="accountNumber" label={t.controls.accountNumber} hint={t.controls.accountNumberHint} error={form.errorOf('accountNumber')}>
          <input className="input mono" autoComplete="off" {...form.bind('accountNumber')} data-testid="trusted-number" />
        </Field>
        <Field name="description" label={t.controls.description} hint={t.controls.descriptionHint} error={form.errorOf('description')} optional={t.common.optional}>
          <input className="input" {...form.bind('description')} data-testid="trusted-description" />
        </Field>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="trusted-submit">{t.controls.addSubmit}</SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'trusted-success' : 'trusted-error'} />
    </form>
  );
}

export function RemoveTrustedButton({ accountId, entryId, number }: { accountId: number; entryId: number; number: string }) {
  const { t } = useI18n();
  return (
    <ActionButton
      label={t.controls.remove}
      tone="danger"
      size="sm"
      confirm={{ title: fmt(t.controls.removeTitle, { account: number }), body: t.controls.removeHint }}
      run={() => removeTrustedAccountAction({ accountId, entryId })}
      testId={`trusted-remove-${entryId}`}
    />
  );
}
