'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/i18n/client';

/** Reloads the page's data (server components) without losing client state, e.g. to see new listings. */
export function RefreshButton({ testId = 'refresh' }: { testId?: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button type="button" className="btn" disabled={pending} onClick={() => startTransition(() => router.refresh())} data-testid={testId}>
      {pending ? t.common.loading : `↻ ${t.common.refresh}`}
    </button>
  );
}
