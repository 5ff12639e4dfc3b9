'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useI18n } from '@/i18n/client';
import { Field } from './Field';

/**
 * Transaction signing in the forms (issue 13 §4): a user with two-factor sign-in confirms each
 * movement (transfer and its approval, surrender, cancellation, pledge and freeze and their
 * release, allocation confirmation) with a fresh 6-digit code. The shell says whether the signed-in
 * user signs (`SigningProvider`); a form shows `SignatureField` and sends its value as
 * `signatureCode` to the server action, which checks it (runAction's `signed`).
 */
const Signing = createContext(false);

export function SigningProvider({ required, children }: { required: boolean; children: ReactNode }) {
  return <Signing.Provider value={required}>{children}</Signing.Provider>;
}

/** Whether the signed-in user confirms movements with a one-time code. */
export const useSigningRequired = (): boolean => useContext(Signing);

/** Only the digits of what was typed, at most six. */
export const signatureDigits = (text: string): string => text.replace(/\D/g, '').slice(0, 6);

/**
 * The code field of a signed form; renders nothing for a user without two-factor. Controlled:
 * `value` and `onChange` (digits only); `error` is the field's message (e.g. from the server).
 */
export function SignatureField({ value, onChange, error, testId = 'signature-code', name = 'signatureCode' }: { value: string; onChange: (code: string) => void; error?: string; testId?: string; name?: string }) {
  const { t } = useI18n();
  const required = useSigningRequired();
  if (!required) return null;
  return (
    <Field name={name} label={t.signature.label} hint={t.signature.hint} error={error}>
      <input
        id={`f-${name}`}
        name={name}
        className="input mono"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder="000000"
        value={value}
        onChange={(e) => onChange(signatureDigits(e.target.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `f-${name}-error` : undefined}
        data-testid={testId}
        style={{ maxWidth: 160, letterSpacing: '0.2em' }}
      />
    </Field>
  );
}
