'use client';

import { participantSuspensionAction } from '@/app/actions/exchange';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { participantSuspensionSchema } from '@/schemas/trading';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

const reasonOnly = participantSuspensionSchema.pick({ reason: true });

/**
 * Halts a participant's trading (风险警示) or lets it trade again, with a reason. Each is its own
 * dialog (keyed by what it does): the Resume dialog starts empty, not with the reason just typed to suspend.
 */
export function SuspensionButton({ accountId, name, suspended }: { accountId: number; name: string; suspended: boolean }) {
  const { t } = useI18n();
  return (
    <ReasonDialog
      key={suspended ? 'resume' : 'suspend'}
      trigger={suspended ? t.exchange.resume : t.exchange.suspend}
      tone={suspended ? 'primary' : 'danger'}
      title={fmt(suspended ? t.exchange.resumeParticipantTitle : t.exchange.suspendParticipantTitle, { name })}
      label={t.common.reason}
      hint={t.exchange.reasonHint}
      schema={reasonOnly}
      field="reason"
      run={(reason) => participantSuspensionAction({ accountId, suspended: !suspended, reason })}
      testId={`participant-${suspended ? 'resume' : 'suspend'}-${accountId}`}
    />
  );
}
