'use client';

import { changeAccountStatusAction } from '@/app/actions/accounts';
import { allowedAccountActions, type AccountStatus } from '@/domain/registry/accountLifecycle';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { accountStatusSchema } from '@/schemas/registry';
import { ReasonDialog } from '@/ui/forms/ReasonDialog';

const reasonOnly = accountStatusSchema.pick({ reason: true });

/** The lifecycle actions valid from the account's status, each asking for a reason. */
export function AccountActions({ accountId, number, status }: { accountId: number; number: string; status: AccountStatus }) {
  const { t } = useI18n();
  const actions = allowedAccountActions(status);
  if (actions.length === 0) return null;
  return (
    <div className="btn-row">
      {actions.map((action) => (
        <ReasonDialog
          key={action}
          trigger={t.accountActions[action]}
          tone={action === 'approve' || action === 'reinstate' ? 'primary' : action === 'close' || action === 'reject' || action === 'restrict' ? 'danger' : 'default'}
          title={fmt(t.accounts.actionTitle, { action: t.accountActions[action], number })}
          label={t.accounts.actionReason}
          hint={t.accounts.actionReasonHint}
          schema={reasonOnly}
          field="reason"
          run={(reason) => changeAccountStatusAction({ accountId, action, reason })}
          testId={`account-${action}-${accountId}`}
        />
      ))}
    </div>
  );
}
