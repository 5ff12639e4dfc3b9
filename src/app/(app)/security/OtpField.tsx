'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from '@/i18n/client';
import { Field } from '@/ui/forms/Field';

/**
 * The 6-digit code input: digits only (spaces and other characters typed or pasted are dropped),
 * numeric keyboard on phones, one-time-code autofill. Wire it to useActionForm's `otp` field.
 */
export function OtpField({
  label, hint, error, value, onChange, onBlur, testId, autoFocus,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (digits: string) => void;
  onBlur?: () => void;
  testId: string;
  autoFocus?: boolean;
}) {
  return (
    <Field name="otp" label={label} hint={hint} error={error}>
      <input
        id="f-otp"
        name="otp"
        className="input otp"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text').replace(/\D/g, '');
          if (pasted) {
            e.preventDefault();
            onChange(pasted.slice(0, 6));
          }
        }}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'f-otp-error' : undefined}
        autoFocus={autoFocus}
        data-testid={testId}
      />
    </Field>
  );
}

const noSubscription = () => () => undefined;
const clipboardAvailable = () => typeof navigator !== 'undefined' && typeof navigator.clipboard?.writeText === 'function';

/** Copies `text` to the clipboard (only shown where the browser allows it). */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useI18n();
  // The Clipboard API exists only in the browser, and only in secure contexts (https, localhost).
  const supported = useSyncExternalStore(noSubscription, clipboardAvailable, () => false);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  if (!supported) return null;
  return (
    <button
      type="button"
      className="btn sm"
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => undefined,
        );
      }}
      data-testid={testId}
    >
      {copied ? `✓ ${t.security.copied}` : t.security.copy}
    </button>
  );
}
