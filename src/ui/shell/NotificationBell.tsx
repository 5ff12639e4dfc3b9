import Link from 'next/link';
import { can } from '@/domain/identity/permissions';
import { fmt, type Dictionary } from '@/i18n';
import type { Actor } from '@/server/identity/actor';
import { unreadCount } from '@/server/notifications/inbox';
import { NavIcon } from './icons';

/** The bell in the header: a link to /notifications with the number of unread notifications (a read: it changes nothing). */
export async function NotificationBell({ actor, t }: { actor: Actor; t: Dictionary }) {
  if (!can(actor.roles, 'notifications.read')) return null;
  const unread = await unreadCount(actor);
  const label = unread > 0 ? fmt(t.notifications.bellUnread, { n: unread }) : t.notifications.bell;
  return (
    <Link href="/notifications" className="bell" title={label} aria-label={label} data-testid="shell-bell">
      <NavIcon name="notifications" />
      {unread > 0 ? (
        <span className="bell-count" data-testid="shell-bell-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
