'use client';

import { useEffect } from 'react';
import Link from 'next/link';
import { useI18n } from '@/i18n/client';

/** The error state of every page (error.tsx): friendly message, retry, reference for support. */
export function RouteError({ error, reset, retry }: { error: unknown; reset?: () => void; retry?: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const again = retry ?? reset;
  return (
    <div className="state" role="alert" data-testid="page-error">
      <h1>{t.states.errorTitle}</h1>
      <p>{t.states.errorBody}</p>
      {digest ? (
        <p className="faint mono" style={{ fontSize: 12 }}>
          {t.states.errorRef}: {digest}
        </p>
      ) : null}
      <div className="btn-row" style={{ justifyContent: 'center' }}>
        {again ? (
          <button type="button" className="btn primary" onClick={() => again()}>
            {t.common.retry}
          </button>
        ) : null}
        <Link className="btn" href="/">
          {t.states.goHome}
        </Link>
      </div>
    </div>
  );
}
