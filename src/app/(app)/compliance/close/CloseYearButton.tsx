'use client';

import { closeYearAction } from '@/app/actions/complianceClose';
import { ActionButton } from '@/ui/forms/ActionButton';

/** Closes the year for the page's scope after a confirmation that repeats what the preview shows. */
export function CloseYearButton({ year, province, label, title, body }: { year: number; province?: string; label: string; title: string; body: string }) {
  return (
    <ActionButton
      label={label}
      tone="primary"
      size="md"
      refusal="inline"
      confirm={{ title, body: <p>{body}</p> }}
      run={() => closeYearAction({ year, province })}
      testId="close-year"
    />
  );
}
