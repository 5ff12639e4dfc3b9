'use client';

import type { ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { otpCodeSchema, type OtpCodeInput } from '@/schemas/registry';
import { useI18n } from '@/i18n/client';
import { FormResult } from '@/ui/forms/FormResult';
import type { ActionResult } from '@/ui/forms/result';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm, type ActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';
import { OtpField } from './OtpField';

/** A form asking for a current code and running `submit` with it; on success a toast, a refresh and an empty code. */
export function useOtpForm(submit: (v: OtpCodeInput) => Promise<ActionResult>) {
  const { lang } = useI18n();
  const router = useRouter();
  const toast = useToast();
  return useActionForm({
    initial: { otp: '' },
    validate: (v) => zodFieldErrors(otpCodeSchema, v, lang),
    submit,
    onSuccess: (r) => {
      toast(r.message);
      router.refresh();
      return { otp: '' };
    },
  });
}

/**
 * The code field, the submit button (with any other buttons: `children`) and the outcome. A wrong
 * code is shown next to the field; other failures (e.g. a session that ended) below the form.
 */
export function OtpForm({
  form, submitLabel, danger, autoFocus, testIds, children,
}: {
  form: ActionForm<{ otp: string }>;
  submitLabel: string;
  danger?: boolean;
  autoFocus?: boolean;
  testIds: { form: string; code: string; submit: string; success: string; error: string };
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const banner = form.result && (form.result.ok || !form.result.fields.otp) ? form.result : null;
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid={testIds.form}>
      <OtpField
        label={t.security.code}
        hint={t.security.codeHint}
        error={form.errorOf('otp')}
        value={form.values.otp}
        onChange={(v) => form.set('otp', v)}
        testId={testIds.code}
        autoFocus={autoFocus}
      />
      <div className="btn-row">
        <SubmitButton pending={form.pending} className={danger ? 'btn danger' : 'btn primary'} testId={testIds.submit}>
          {submitLabel}
        </SubmitButton>
        {children}
      </div>
      <FormResult result={banner} testId={banner?.ok ? testIds.success : testIds.error} />
    </form>
  );
}
