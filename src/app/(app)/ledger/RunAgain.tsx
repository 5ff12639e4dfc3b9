'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n/client';

/** Re-runs the verification (the page runs it on every render). */
export function RunAgain() {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button type="button" className="btn primary" disabled={pending} onClick={() => startTransition(() => router.refresh())} data-testid="ledger-run">
      {pending ? t.common.loading : `↻ ${t.ledger.runAgain}`}
    </button>
  );
}
