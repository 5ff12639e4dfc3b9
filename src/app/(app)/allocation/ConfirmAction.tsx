'use client';

import { useRef, useState, useTransition, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n/client';
import { Alert } from '@/ui/Alert';
import { ConfirmDialog } from '@/ui/forms/ConfirmDialog';
import type { ActionResult } from '@/ui/forms/result';
import { useToast } from '@/ui/Toast';

/**
 * A button that asks first (the shared ConfirmDialog), runs one server action, and then either
 * toasts the result and refreshes the page, or shows the service's refusal (RUN_STALE,
 * BUDGET_EXCEEDED, …) in an Alert under the button, where it stays until the next attempt.
 */
export function ConfirmAction({
  label, title, body, confirmLabel, tone = 'primary', run, disabled, hint, testId,
}: {
  label: ReactNode;
  title: ReactNode;
  body?: ReactNode;
  confirmLabel?: ReactNode;
  tone?: 'primary' | 'danger' | 'default';
  run: () => Promise<ActionResult>;
  disabled?: boolean;
  /** Shown next to the button (e.g. why it is disabled). */
  hint?: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const go = () => {
    setError(null);
    startTransition(async () => {
      let res: ActionResult;
      try {
        res = await run();
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      if (res.ok) {
        toast(res.message);
        router.refresh();
      } else {
        setError([res.message, ...Object.values(res.fields).filter((f) => f !== res.message)].join(' '));
      }
    });
  };

  const cls = ['btn', tone === 'primary' ? 'primary' : tone === 'danger' ? 'danger' : ''].filter(Boolean).join(' ');
  return (
    <div className="alloc-action">
      <div className="btn-row">
        <button type="button" className={cls} disabled={disabled || pending} onClick={() => ref.current?.showModal()} data-testid={testId}>
          {pending ? t.common.submitting : label}
        </button>
        {hint ? <span className="muted alloc-action-hint">{hint}</span> : null}
      </div>
      {error ? (
        <Alert kind="error" testId={`${testId}-error`}>
          {error}
        </Alert>
      ) : null}
      <ConfirmDialog
        dialogRef={ref}
        titleId={`${testId}-title`}
        title={title}
        confirmLabel={confirmLabel ?? label}
        tone={tone === 'danger' ? 'danger' : 'primary'}
        onConfirm={go}
        confirmTestId={`${testId}-confirm`}
      >
        {body}
      </ConfirmDialog>
    </div>
  );
}
