'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';

/**
 * Refreshes the page's server data every `seconds` while an auction is open (live bid counters,
 * statuses), without losing what is typed in a form; paused while the tab is hidden.
 */
export function LiveRefresh({ seconds = 10, testId = 'live-refresh' }: { seconds?: number; testId?: string }) {
  const { t } = useI18n();
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(id);
  }, [router, seconds]);
  return (
    <span className="live-dot" data-testid={testId}>
      {fmt(t.auctions.live, { s: seconds })}
    </span>
  );
}
