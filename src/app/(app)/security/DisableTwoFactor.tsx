'use client';

import { disableTwoFactorAction } from '@/app/actions/security';
import { useI18n } from '@/i18n/client';
import { OtpForm, useOtpForm } from './OtpForm';

/** Turning two-factor sign-in off needs a current code from the app (so a borrowed session cannot). */
export function DisableTwoFactor() {
  const { t } = useI18n();
  const form = useOtpForm(disableTwoFactorAction);
  return (
    <OtpForm
      form={form}
      submitLabel={t.security.disable}
      danger
      testIds={{ form: 'totp-disable-form', code: 'totp-disable-code', submit: 'totp-disable', success: 'totp-disable-success', error: 'totp-disable-error' }}
    />
  );
}
