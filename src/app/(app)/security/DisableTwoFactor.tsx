'use client';

import { useRouter } from 'next/navigation';
import { disableTwoFactorAction } from '@/app/actions/security';
import { otpCodeSchema } from '@/app/actions/securitySchema';
import { useI18n } from '@/i18n/client';
import { FormResult } from '@/ui/forms/FormResult';
import { useActionForm } from '@/ui/forms/useActionForm';
import { zodFieldErrors } from '@/ui/forms/validate';
import { useToast } from '@/ui/Toast';
import { OtpField } from './OtpField';

/** Turning two-factor sign-in off needs a current code from the app (so a borrowed session cannot). */
export function DisableTwoFactor() {
  const { t, lang } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const form = useActionForm({
    initial: { otp: '' },
    validate: (v) => zodFieldErrors(otpCodeSchema, v, lang),
    submit: (v) => disableTwoFactorAction(v),
    onSuccess: (r) => {
      toast(r.message);
      router.refresh();
      return { otp: '' };
    },
  });
  const banner = form.result && (form.result.ok || !form.result.fields.otp) ? form.result : null;
  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="totp-disable-form">
      <OtpField
        label={t.security.code}
        hint={t.security.codeHint}
        error={form.errorOf('otp')}
        value={form.values.otp}
        onChange={(v) => form.set('otp', v)}
        testId="totp-disable-code"
      />
      <div className="btn-row">
        <button type="submit" className="btn danger" disabled={form.pending} data-testid="totp-disable">
          {form.pending ? t.common.submitting : t.security.disable}
        </button>
      </div>
      <FormResult result={banner} testId={banner?.ok ? 'totp-disable-success' : 'totp-disable-error'} />
    </form>
  );
}
