'use client';

import { decideTransferAction } from '@/app/actions/transfers';
import { useI18n } from '@/i18n/client';
import { decisionSchema } from '@/schemas/registry';
import { ApproveRejectButtons } from '@/ui/forms/ApproveRejectButtons';

export function DecisionButtons({ requestId }: { requestId: number }) {
  const { t } = useI18n();
  return (
    <ApproveRejectButtons
      id={requestId}
      texts={{ approve: t.transfers.approve, reject: t.transfers.reject, approveTitle: t.transfers.approveTitle, rejectTitle: t.transfers.rejectTitle, note: t.transfers.decisionNote, noteHint: t.transfers.decisionNoteHint }}
      schema={decisionSchema}
      run={(decision, note, signatureCode) => decideTransferAction({ requestId, decision, note, signatureCode })}
      testIdPrefix="transfer"
    />
  );
}
