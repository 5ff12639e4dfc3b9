'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { tokenRequestSchema } from '@/schemas/registry';
import { Alert } from '@/ui/Alert';
import { Card } from '@/ui/Card';
import { Field } from '@/ui/forms/Field';
import { opt, zodFieldErrors } from '@/ui/forms/validate';

type LoginErrors = ReturnType<typeof useI18n>['t']['login']['errors'];

function errorText(code: string, errors: LoginErrors): string {
  if (code === 'CredentialsSignin') return errors.UNAUTHENTICATED;
  return code in errors ? errors[code as keyof LoginErrors] : errors.default;
}

export function LoginForm({ initialError, callbackUrl, demo }: { initialError?: string; callbackUrl?: string; demo: { email: string; role: string; password: string }[] }) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [error, setError] = useState<string | undefined>(initialError);
  const [submitted, setSubmitted] = useState(false);
  const [pending, startTransition] = useTransition();

  const fieldErrors = submitted ? zodFieldErrors(tokenRequestSchema, { email, password, otp: opt(otp) }, lang) : {};
  const otpWanted = error === 'OTP_REQUIRED' || error === 'OTP_INVALID';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(zodFieldErrors(tokenRequestSchema, { email, password, otp: opt(otp) }, lang)).length > 0) return;
    startTransition(async () => {
      const res = await signIn('credentials', { redirect: false, email, password, otp, callbackUrl: callbackUrl ?? '/' });
      if (!res || res.error || !res.ok) {
        setError(res?.error ?? 'default');
        return;
      }
      router.replace(callbackUrl ?? '/');
      router.refresh();
    });
  };

  return (
    <div className="login-card stack">
      <Card>
        <form className="form" onSubmit={onSubmit} noValidate data-testid="login-form">
          <div>
            <h1 style={{ fontSize: 20 }}>{t.login.title}</h1>
            <p className="muted" style={{ marginTop: 4 }}>
              {t.login.subtitle}
            </p>
          </div>
          {error ? (
            <Alert kind="error" testId="login-error">
              {errorText(error, t.login.errors)}
            </Alert>
          ) : null}
          <Field name="email" label={t.login.email} error={fieldErrors.email}>
            <input id="f-email" className="input" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={fieldErrors.email ? true : undefined} data-testid="login-email" autoFocus />
          </Field>
          <Field name="password" label={t.login.password} error={fieldErrors.password}>
            <input id="f-password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={fieldErrors.password ? true : undefined} data-testid="login-password" />
          </Field>
          <Field name="otp" label={t.login.otp} optional={otpWanted ? undefined : t.common.optional} hint={t.login.otpHint} error={fieldErrors.otp}>
            <input id="f-otp" className="input" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={otp} onChange={(e) => setOtp(e.target.value.replace(/\D/g, ''))} aria-invalid={fieldErrors.otp || otpWanted ? true : undefined} data-testid="login-otp" />
          </Field>
          <button type="submit" className="btn primary" disabled={pending} data-testid="login-submit">
            {pending ? t.login.signingIn : t.login.submit}
          </button>
        </form>
      </Card>
      {demo.length > 0 ? (
        <Card title={t.login.demoTitle} subtitle={fmt(t.login.demoHint, { password: demo[0]!.password })} testId="demo-logins">
          <table className="demo-table">
            <tbody>
              {demo.map((d) => (
                <tr
                  key={d.email}
                  onClick={() => {
                    setEmail(d.email);
                    setPassword(d.password);
                    setError(undefined);
                  }}
                >
                  <td className="mono">{d.email}</td>
                  <td className="muted">{d.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </div>
  );
}
