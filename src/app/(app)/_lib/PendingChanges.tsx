import Link from 'next/link';
import type { QueuedAction } from '@/domain/registry/fourEyes';
import { fmt, type Dictionary } from '@/i18n';
import { pendingRequestsOf } from '@/server/registry/approvalRequests';
import { Alert } from '@/ui/Alert';
import { dateTime } from '@/ui/format';

/**
 * The four-eyes changes of a page that wait for their second person (e.g. a policy change asked by
 * one national regulator): who asked what and when, with a link to Approvals. Nothing when none
 * waits. A read: it changes nothing.
 */
export async function PendingChanges({ actions, t, testId }: { actions: readonly QueuedAction[]; t: Dictionary; testId: string }) {
  const pending = await pendingRequestsOf(actions);
  if (pending.length === 0) return null;
  return (
    <div className="mb">
      <Alert kind="warn" testId={testId}>
        <strong>{t.controls.pendingTitle}</strong>
        <ul className="alert-list">
          {pending.map((r) => (
            <li key={r.id} data-testid={`${testId}-${r.id}`}>
              {fmt(t.controls.pendingLine, { id: r.id, action: t.controls.actions[r.action], by: r.requestedBy, at: dateTime(r.createdAt) })}
            </li>
          ))}
        </ul>
        <Link href="/approvals?view=all">{t.controls.pendingLink}</Link>
      </Alert>
    </div>
  );
}
