'use client';

import { cancelTransferAction } from '@/app/actions/controls';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { transferCancelSchema } from '@/schemas/controls';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

/** Cancel a delayed transfer during its delay, with a reason kept in the record. */
export function CancelTransferButton({ requestId }: { requestId: number }) {
  const { t } = useI18n();
  return (
    <ReasonDialog
      trigger={t.controls.cancelTransfer}
      tone="danger"
      title={fmt(t.controls.cancelTitle, { id: requestId })}
      label={t.controls.cancelReason}
      hint={t.controls.cancelReasonHint}
      schema={transferCancelSchema}
      field="reason"
      run={(reason) => cancelTransferAction({ requestId, reason })}
      testId={`transfer-cancel-${requestId}`}
    />
  );
}
