'use client';

import { useRef, useState, useTransition, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n/client';
import { Alert } from '../Alert';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from '../Toast';
import type { ActionResult } from './result';
import { SignatureField, useSigningRequired } from './signing';

/**
 * A button that runs one server action (cancel a listing, accept a proposal, move the clock):
 * optionally after a confirmation dialog (`confirm`), then a toast with the result in the user's
 * language and a refresh of the page's data. With `refusal: 'inline'` a refusal (e.g. RUN_STALE)
 * stays in an Alert under the button until the next attempt, instead of a passing toast.
 * With `signed` (transaction signing) and `confirm`, a user with two-factor enters a fresh
 * one-time code in the dialog; `run` receives it.
 */
export function ActionButton({
  label, run, tone = 'default', size = 'sm', disabled, title, confirm, testId, hint, refusal = 'toast', signed = false,
}: {
  label: ReactNode;
  run: (signatureCode?: string) => Promise<ActionResult>;
  tone?: 'default' | 'primary' | 'danger';
  size?: 'sm' | 'md';
  disabled?: boolean;
  /** Tooltip, e.g. why the button is disabled. */
  title?: string;
  /** Ask first: dialog title and body; the confirm button repeats `label` unless `confirmLabel` is given. */
  confirm?: { title: string; body?: ReactNode; confirmLabel?: string };
  testId?: string;
  /** Shown next to the button (e.g. why it is disabled). */
  hint?: ReactNode;
  refusal?: 'toast' | 'inline';
  /** Transaction signing: ask a user with two-factor for a fresh code in the confirmation dialog. */
  signed?: boolean;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const signing = useSigningRequired() && signed;
  const [code, setCode] = useState('');

  const go = () => {
    setError(null);
    const sent = signing ? code : undefined;
    setCode('');
    startTransition(async () => {
      let res: ActionResult;
      try {
        res = await run(sent);
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      const message = res.ok ? res.message : [res.message, ...Object.values(res.fields).filter((f) => f !== res.message)].join(' ');
      if (!res.ok && refusal === 'inline') setError(message);
      else toast(message, res.ok ? 'success' : 'error');
      if (res.ok) router.refresh();
    });
  };

  const cls = ['btn', size === 'sm' ? 'sm' : '', tone === 'primary' ? 'primary' : tone === 'danger' ? 'danger' : ''].filter(Boolean).join(' ');
  const button = (
    <>
      <button
        type="button"
        className={cls}
        disabled={disabled || pending}
        title={title}
        onClick={() => (confirm ? ref.current?.showModal() : go())}
        data-testid={testId}
      >
        {pending ? t.common.submitting : label}
      </button>
      {confirm ? (
        <ConfirmDialog
          dialogRef={ref}
          titleId={testId ? `${testId}-title` : undefined}
          title={confirm.title}
          confirmLabel={confirm.confirmLabel ?? label}
          tone={tone === 'danger' ? 'danger' : 'primary'}
          onConfirm={go}
          confirmTestId={testId ? `${testId}-confirm` : undefined}
        >
          {confirm.body}
          {signing ? <SignatureField value={code} onChange={setCode} testId={testId ? `${testId}-signature` : undefined} /> : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
  if (refusal === 'toast' && !hint) return button;
  return (
    <div className="action-block">
      <div className="btn-row">
        {button}
        {hint ? <span className="muted action-hint">{hint}</span> : null}
      </div>
      {error ? (
        <Alert kind="error" testId={testId ? `${testId}-error` : undefined}>
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
