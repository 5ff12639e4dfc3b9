'use client';

import { markAllReadAction, markReadAction } from '@/app/actions/notifications';
import { useI18n } from '@/i18n/client';
import { ActionButton } from '@/ui/forms/ActionButton';

/** Marks one notification as read. */
export function MarkRead({ id }: { id: number }) {
  const { t } = useI18n();
  return <ActionButton label={t.notifications.markRead} run={() => markReadAction({ id })} testId={`notification-${id}-read`} />;
}

/** Marks every notification as read. */
export function MarkAllRead({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  return <ActionButton label={t.notifications.markAllRead} run={() => markAllReadAction()} disabled={disabled} testId="notifications-mark-all" />;
}
