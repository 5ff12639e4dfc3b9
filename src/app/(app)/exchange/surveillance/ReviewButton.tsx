'use client';

import { reviewAlertAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { alertReviewSchema } from '@/schemas/trading';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

/**
 * Marks an alert reviewed, with the operator's note (kept in the audit trail). `summary` is the
 * alert's detail as the page shows it, which names the kind itself ("Self-trade: the same account…"):
 * the dialog adds no kind label in front of it.
 */
export function ReviewButton({ alertId, summary }: { alertId: number; summary: string }) {
  const { t } = useI18n();
  return (
    <ReasonDialog
      trigger={t.surveillance.review}
      tone="primary"
      title={fmt(t.surveillance.reviewTitle, { id: alertId })}
      body={<p className="muted" data-testid={`alert-review-${alertId}-summary`}>{summary}</p>}
      label={t.surveillance.note}
      hint={t.surveillance.noteHint}
      schema={alertReviewSchema}
      field="note"
      run={(note) => reviewAlertAction({ alertId, note })}
      testId={`alert-review-${alertId}`}
    />
  );
}
