'use client';

import { decideBlockAction } from '@/app/actions/trading';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { ActionButton } from '@/ui/forms/ActionButton';

/**
 * What the caller may do with a pending block proposal: the initiator withdraws; the directed
 * counterparty accepts or rejects; anyone eligible accepts an open offer. Accepting settles at once.
 */
export function ProposalActions({ id, role, summary, blockOpen }: { id: number; role: 'initiator' | 'counterparty' | 'open'; summary: string; blockOpen: boolean }) {
  const { t } = useI18n();
  const accept = (
    <ActionButton
      label={t.block.accept}
      tone="primary"
      disabled={!blockOpen}
      title={blockOpen ? undefined : t.block.sessionClosed}
      confirm={{ title: fmt(t.block.acceptTitle, { id }), body: <p>{summary}</p> }}
      run={() => decideBlockAction({ proposalId: id, decision: 'accept' })}
      testId={`block-accept-${id}`}
    />
  );
  if (role === 'initiator') {
    return (
      <ActionButton
        label={t.block.withdraw}
        tone="danger"
        confirm={{ title: fmt(t.block.withdrawTitle, { id }), body: <p>{summary}</p> }}
        run={() => decideBlockAction({ proposalId: id, decision: 'withdraw' })}
        testId={`block-withdraw-${id}`}
      />
    );
  }
  if (role === 'open') return accept;
  return (
    <div className="btn-row">
      {accept}
      <ActionButton
        label={t.block.reject}
        tone="danger"
        confirm={{ title: fmt(t.block.rejectTitle, { id }), body: <p>{summary}</p> }}
        run={() => decideBlockAction({ proposalId: id, decision: 'reject' })}
        testId={`block-reject-${id}`}
      />
    </div>
  );
}
