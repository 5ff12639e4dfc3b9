'use client';

import { useRouter } from 'next/navigation';
import { deleteScenarioAction, runScenarioAction } from '@/app/actions/sandbox';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { ActionButton } from '@/ui/forms/ActionButton';

/** The creator's buttons on a scenario: run it (again) on the records as they stand, or delete it. */
export function ScenarioActions({ id, name, ran }: { id: number; name: string; ran: boolean }) {
  const { t } = useI18n();
  const ts = t.sandbox;
  const router = useRouter();
  return (
    <div className="btn-row">
      <ActionButton label={ran ? `↻ ${ts.run}` : ts.runFirst} tone="primary" size="md" testId="scenario-run" run={() => runScenarioAction({ id })} />
      <ActionButton
        label={ts.delete}
        tone="danger"
        size="md"
        testId="scenario-delete"
        confirm={{ title: ts.delete, body: fmt(ts.deleteConfirm, { name }) }}
        run={async () => {
          const res = await deleteScenarioAction({ id });
          if (res.ok) router.push('/sandbox');
          return res;
        }}
      />
    </div>
  );
}
