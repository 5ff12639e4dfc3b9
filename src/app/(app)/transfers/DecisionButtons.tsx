'use client';

import { decideTransferAction } from '@/app/actions/transfers';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { decisionSchema } from '@/schemas/registry';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

export function DecisionButtons({ requestId }: { requestId: number }) {
  const { t } = useI18n();
  return (
    <div className="btn-row">
      {(['approve', 'reject'] as const).map((decision) => (
        <ReasonDialog
          key={decision}
          trigger={decision === 'approve' ? t.transfers.approve : t.transfers.reject}
          tone={decision === 'approve' ? 'primary' : 'danger'}
          title={fmt(decision === 'approve' ? t.transfers.approveTitle : t.transfers.rejectTitle, { id: requestId })}
          label={t.transfers.decisionNote}
          hint={t.transfers.decisionNoteHint}
          schema={decisionSchema}
          field="note"
          run={(note, signatureCode) => decideTransferAction({ requestId, decision, note, signatureCode })}
          signed={decision === 'approve'}
          testId={`transfer-${decision}-${requestId}`}
        />
      ))}
    </div>
  );
}
