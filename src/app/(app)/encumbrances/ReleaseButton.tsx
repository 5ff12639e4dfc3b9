'use client';

import { releaseAction } from '@/app/actions/encumbrances';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { releaseSchema } from '@/schemas/registry';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

export function ReleaseButton({ kind, id }: { kind: 'freeze' | 'pledge'; id: number }) {
  const { t } = useI18n();
  return (
    <ReasonDialog
      trigger={t.encumbrances.release}
      title={fmt(kind === 'freeze' ? t.encumbrances.releaseFreezeTitle : t.encumbrances.releasePledgeTitle, { id })}
      label={t.common.reason}
      schema={releaseSchema}
      field="reason"
      run={(reason, signatureCode) => releaseAction({ kind, id, reason, signatureCode })}
      signed
      testId={`release-${kind}-${id}`}
    />
  );
}
