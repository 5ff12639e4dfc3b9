'use client';

import { useRef, useTransition, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n/client';
import { useToast } from '../Toast';
import type { ActionResult } from './result';

/**
 * A button that runs one server action (cancel a listing, accept a proposal, move the clock):
 * optionally after a confirmation dialog (`confirm`), then a toast with the result in the user's
 * language and a refresh of the page's data.
 */
export function ActionButton({
  label, run, tone = 'default', size = 'sm', disabled, title, confirm, testId,
}: {
  label: ReactNode;
  run: () => Promise<ActionResult>;
  tone?: 'default' | 'primary' | 'danger';
  size?: 'sm' | 'md';
  disabled?: boolean;
  /** Tooltip, e.g. why the button is disabled. */
  title?: string;
  /** Ask first: dialog title and body; the confirm button repeats `label` unless `confirmLabel` is given. */
  confirm?: { title: string; body?: ReactNode; confirmLabel?: string };
  testId?: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, startTransition] = useTransition();

  const go = () => {
    ref.current?.close();
    startTransition(async () => {
      let res: ActionResult;
      try {
        res = await run();
      } catch {
        res = { ok: false, message: t.actionErrors.generic, fields: {} };
      }
      toast(res.ok ? res.message : [res.message, ...Object.values(res.fields).filter((f) => f !== res.message)].join(' '), res.ok ? 'success' : 'error');
      if (res.ok) router.refresh();
    });
  };

  const cls = ['btn', size === 'sm' ? 'sm' : '', tone === 'primary' ? 'primary' : tone === 'danger' ? 'danger' : ''].filter(Boolean).join(' ');
  return (
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
        <dialog ref={ref} className="dialog" aria-labelledby={testId ? `${testId}-title` : undefined}>
          <div className="dialog-head">
            <h2 id={testId ? `${testId}-title` : undefined}>{confirm.title}</h2>
          </div>
          {confirm.body ? <div className="dialog-body">{confirm.body}</div> : null}
          <div className="dialog-foot">
            <button type="button" className="btn" onClick={() => ref.current?.close()}>
              {t.common.cancel}
            </button>
            <button type="button" className={tone === 'danger' ? 'btn danger' : 'btn primary'} onClick={go} data-testid={testId ? `${testId}-confirm` : undefined}>
              {confirm.confirmLabel ?? label}
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  );
}
