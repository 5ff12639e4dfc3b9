'use client';

import { decideApprovalAction } from '@/app/actions/controls';
import { useI18n } from '@/i18n/client';
import { decisionNoteSchema } from '@/schemas/controls';
import { ApproveRejectButtons } from '@/ui/forms/ApproveRejectButtons';

/** Approve (carries the action out) or reject a four-eyes request. */
export function ApprovalButtons({ approvalId }: { approvalId: number }) {
  const { t } = useI18n();
  return (
    <ApproveRejectButtons
      id={approvalId}
      texts={{ approve: t.controls.approve, reject: t.controls.reject, approveTitle: t.controls.approveTitle, rejectTitle: t.controls.rejectTitle, note: t.controls.decisionNote, noteHint: t.controls.decisionNoteHint }}
      schema={decisionNoteSchema}
      run={(decision, note, signatureCode) => decideApprovalAction({ approvalId, decision, note, signatureCode })}
      testIdPrefix="approval"
    />
  );
}
