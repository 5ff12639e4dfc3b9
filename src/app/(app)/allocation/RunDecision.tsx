'use client';

import { confirmRunAction, discardRunAction } from '@/app/actions/allocation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { Alert } from '@/ui/Alert';
import { tonnes } from '@/ui/format';
import { ActionButton } from '@/ui/forms/ActionButton';

/**
 * Confirm or discard a previewed run. Four-eyes (双人复核): the regulator who prepared the run
 * cannot confirm it — they see that it waits for a second regulator; either may discard it.
 */
export function RunDecision({
  runId, year, province, preparedBy, preparedByMe, issued, takenBack, paid, entities, problems, remainingAfter,
}: {
  runId: number;
  year: number;
  province: string;
  preparedBy: string;
  preparedByMe: boolean;
  issued: number;
  takenBack: number;
  paid: number;
  entities: number;
  problems: number;
  remainingAfter: number;
}) {
  const { t } = useI18n();
  const p = t.allocationPage;
  return (
    <div className="alloc-decision" data-testid="run-decision">
      <p className="muted" style={{ margin: 0 }}>
        {fmt(p.fourEyes, { name: preparedBy, province })}
      </p>
      {remainingAfter < 0 ? <Alert kind="warn">{fmt(p.overBudget, { n: tonnes(-remainingAfter) })}</Alert> : null}
      {problems > 0 ? <Alert kind="warn">{fmt(p.problemsWarn, { n: problems })}</Alert> : null}
      {preparedByMe ? (
        <div className="alloc-waiting" data-testid="run-waiting">
          <strong>{p.waitingSecond}</strong>
          <span className="muted">{fmt(p.waitingSecondHint, { province })}</span>
        </div>
      ) : (
        <ActionButton
          label={p.confirm}
          tone="primary"
          run={(signatureCode) => confirmRunAction({ runId, signatureCode })}
          signed
          testId="run-confirm"
          size="md"
          refusal="inline"
          confirm={{
            title: fmt(p.confirmTitle, { id: runId }),
            body: (
              <>
                <p>{fmt(p.confirmBody, { issued: tonnes(issued), taken: tonnes(takenBack), paid: tonnes(paid), n: entities, year, province })}</p>
                <p className="muted">{fmt(p.confirmAfter, { n: tonnes(remainingAfter) })}</p>
                {problems > 0 ? <Alert kind="warn">{fmt(p.problemsWarn, { n: problems })}</Alert> : null}
              </>
            ),
          }}
        />
      )}
      <ActionButton
        label={p.discard}
        tone="danger"
        run={() => discardRunAction({ runId })}
        testId="run-discard"
        size="md"
        refusal="inline"
        confirm={{ title: fmt(p.discardTitle, { id: runId }), body: <p>{p.discardBody}</p> }}
      />
    </div>
  );
}
