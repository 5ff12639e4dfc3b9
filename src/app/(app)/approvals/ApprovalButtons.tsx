'use client';

import { decideApprovalAction } from '@/app/actions/controls';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { decisionNoteSchema } from '@/schemas/controls';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

/** Approve (carries the action out, signed with a one-time code when the user has two-factor) or reject a four-eyes request. */
export function ApprovalButtons({ approvalId }: { approvalId: number }) {
  const { t } = useI18n();
  return (
    <div className="btn-row">
      {(['approve', 'reject'] as const).map((decision) => (
        <ReasonDialog
          key={decision}
          trigger={decision === 'approve' ? t.controls.approve : t.controls.reject}
          tone={decision === 'approve' ? 'primary' : 'danger'}
          title={fmt(decision === 'approve' ? t.controls.approveTitle : t.controls.rejectTitle, { id: approvalId })}
          label={t.controls.decisionNote}
          hint={t.controls.decisionNoteHint}
          schema={decisionNoteSchema}
          field="note"
          run={(note, signatureCode) => decideApprovalAction({ approvalId, decision, note, signatureCode })}
          signed={decision === 'approve'}
          testId={`approval-${decision}-${approvalId}`}
        />
      ))}
    </div>
  );
}
