'use client';

import type { ReactNode } from 'react';
import { useI18n } from '@/i18n/client';

/** A form's submit button: disabled and reading "Submitting…" while the action runs. */
export function SubmitButton({
  pending, disabled, className = 'btn primary', testId, children,
}: { pending: boolean; disabled?: boolean; className?: string; testId?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <button type="submit" className={className} disabled={pending || disabled} data-testid={testId}>
      {pending ? t.common.submitting : children}
    </button>
  );
}
