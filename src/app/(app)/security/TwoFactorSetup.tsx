'use client';

import { useState, useTransition } from 'react';
import { confirmTwoFactorAction, startTwoFactorAction } from '@/app/actions/security';
import { useI18n } from '@/i18n/client';
import { Alert } from '@/ui/Alert';
import { CopyButton } from './OtpField';
import { OtpForm, useOtpForm } from './OtpForm';

/** "ABCDEFGHIJKL" → "ABCD EFGH IJKL": easier to read out and type into an app. */
const inBlocks = (secret: string) => (secret.match(/.{1,4}/g) ?? []).join(' ');

/**
 * Two-factor set-up: "Set up" creates a new secret (stored, not yet enabled); the user adds it
 * to an authenticator app by its QR code, its key (in blocks of four) or its otpauth:// URI, then proves it
 * with a current code, which turns two-factor sign-in on.
 */
export function TwoFactorSetup() {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string; qrSvg: string } | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();

  const form = useOtpForm(confirmTwoFactorAction);

  const start = () => {
    setStartError(null);
    startTransition(async () => {
      try {
        const res = await startTwoFactorAction();
        if (res.ok) {
          setEnrolment({ secret: res.secret, uri: res.uri, qrSvg: res.qrSvg });
          form.set('otp', '', false);
        } else {
          setStartError(res.message);
        }
      } catch {
        setStartError(t.actionErrors.generic);
      }
    });
  };

  if (!enrolment) {
    return (
      <div className="stack" style={{ gap: 12 }}>
        <div className="btn-row">
          <button type="button" className="btn primary" onClick={start} disabled={starting} data-testid="totp-start">
            {starting ? t.security.starting : t.security.setUp}
          </button>
        </div>
        {startError ? (
          <Alert kind="error" testId="totp-start-error">
            {startError}
          </Alert>
        ) : null}
      </div>
    );
  }

  return (
    <ol className="steps" data-testid="totp-setup">
      <li>
        <h3>{t.security.step1}</h3>
        <div className="step-body">
          <p className="muted">{t.security.step1Body}</p>
          <div className="field">
            <span className="label">{t.security.qr}</span>
            {/* The server drew the QR code of the otpauth:// URI as SVG; shown as an image, never as markup (nothing for next/image to optimise). */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
              alt={t.security.qrAlt}
              width={200}
              height={200}
              style={{ background: '#fff', borderRadius: 8, border: '1px solid var(--border)' }}
              data-testid="totp-qr"
            />
            <div className="hint">{t.security.qrHint}</div>
          </div>
          <div className="field">
            <span className="label">{t.security.secret}</span>
            <div className="secret-box">
              <code data-testid="totp-secret">{inBlocks(enrolment.secret)}</code>
              <CopyButton text={enrolment.secret} testId="totp-secret-copy" />
            </div>
            <div className="hint">{t.security.secretHint}</div>
          </div>
          <div className="field">
            <span className="label">{t.security.uri}</span>
            <div className="secret-box">
              <code className="uri" data-testid="totp-uri">
                {enrolment.uri}
              </code>
              <CopyButton text={enrolment.uri} testId="totp-uri-copy" />
            </div>
            <div className="hint">{t.security.uriHint}</div>
          </div>
        </div>
      </li>
      <li>
        <h3>{t.security.step2}</h3>
        <div className="step-body">
          <OtpForm
            form={form}
            submitLabel={t.security.confirm}
            autoFocus
            testIds={{ form: 'totp-confirm-form', code: 'totp-code', submit: 'totp-confirm', success: 'totp-success', error: 'totp-error' }}
          >
            <button type="button" className="btn ghost" onClick={() => setEnrolment(null)} disabled={form.pending} data-testid="totp-cancel">
              {t.security.cancelSetup}
            </button>
          </OtpForm>
        </div>
      </li>
    </ol>
  );
}
