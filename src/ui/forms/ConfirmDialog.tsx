'use client';

import type { ReactNode, RefObject } from 'react';
import { useI18n } from '@/i18n/client';

/**
 * The one "are you sure?" modal: a title, a body, Cancel and a confirm button. The caller owns the
 * <dialog> ref (opens it with showModal()); confirming closes it and calls `onConfirm`.
 */
export function ConfirmDialog({
  dialogRef, titleId, title, children, confirmLabel, tone = 'primary', onConfirm, confirmTestId,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  titleId?: string;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: ReactNode;
  tone?: 'primary' | 'danger';
  onConfirm: () => void;
  confirmTestId?: string;
}) {
  const { t } = useI18n();
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
      </div>
      {children ? <div className="dialog-body">{children}</div> : null}
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={() => dialogRef.current?.close()}>
          {t.common.cancel}
        </button>
        <button
          type="button"
          className={tone === 'danger' ? 'btn danger' : 'btn primary'}
          data-testid={confirmTestId}
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
