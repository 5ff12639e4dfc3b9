import type { Metadata } from 'next';
import Link from 'next/link';
import { mailSettings } from '@/config/env';
import { offeredTo } from '@/domain/notifications/kinds';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { notificationKindLabel } from '@/i18n/notifications';
import { listNotifications, myPreferences } from '@/server/notifications/inbox';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { CursorPager } from '@/ui/CursorPager';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../_lib/page';
import { MarkAllRead, MarkRead } from './MarkRead';
import { PreferencesForm } from './PreferencesForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.notifications.title };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/**
 * The user's notifications (issue 13 §7): newest first, unread marked, each with a link to the page
 * to act on; mark one or all as read; and the preferences per kind (in the app, by email). Every
 * user has this page. Rendering it changes nothing: reading is not marking as read.
 */
export default guardedPage('notifications.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const sp = await searchParams;
  const cursorRaw = one(sp.cursor);
  const cursor = cursorRaw && /^\d{1,18}$/.test(cursorRaw) ? cursorRaw : undefined;
  const unreadOnly = one(sp.unread) === 'true';
  const page = await listNotifications(actor, { cursor, limit: 30, unread: unreadOnly ? 'true' : undefined }, lang);
  const { preferences } = await myPreferences(actor);
  const tn = t.notifications;

  const filter = (
    <div className="btn-row" role="group" aria-label={tn.listTitle}>
      <Link href="/notifications" className={`btn sm${unreadOnly ? '' : ' primary'}`} aria-current={unreadOnly ? undefined : 'page'} data-testid="notifications-all">
        {tn.all}
      </Link>
      <Link href="/notifications?unread=true" className={`btn sm${unreadOnly ? ' primary' : ''}`} aria-current={unreadOnly ? 'page' : undefined} data-testid="notifications-unread">
        {tn.unreadOnly} ({page.unreadCount})
      </Link>
      <MarkAllRead disabled={page.unreadCount === 0} />
    </div>
  );

  return (
    <>
      <PageHeader title={tn.title} subtitle={tn.subtitle} />
      <div className="grid grid-main-side">
        <Card title={tn.listTitle} actions={filter} testId="notifications-card">
          {page.items.length === 0 ? (
            <EmptyState
              title={unreadOnly ? tn.emptyUnread : tn.empty}
              hint={unreadOnly ? tn.emptyUnreadBody : tn.emptyBody}
              testId="notifications-empty"
            />
          ) : (
            <ul className="notification-list" data-testid="notification-list">
              {page.items.map((n) => (
                <li key={n.id} className={`notification-item${n.readAt ? '' : ' unread'}`} data-testid={`notification-${n.id}`} data-kind={n.kind}>
                  <span className="dot" aria-hidden />
                  <div className="notification-main">
                    <div className="notification-title">{n.title}</div>
                    <div className="muted">{n.body}</div>
                    <div className="notification-meta">
                      <span className="nowrap">{dateTime(n.createdAt)}</span>
                      <Badge tone={n.readAt ? 'gray' : 'blue'} plain>
                        {n.readAt ? tn.read : tn.unread}
                      </Badge>
                      {n.link ? (
                        <Link href={n.link} data-testid={`notification-${n.id}-open`}>
                          {tn.open} →
                        </Link>
                      ) : null}
                      {n.readAt ? null : <MarkRead id={n.id} />}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {page.nextCursor || cursor ? (
            <CursorPager
              basePath="/notifications"
              params={{ unread: unreadOnly ? 'true' : undefined, cursor, trail: one(sp.trail) }}
              nextCursor={page.nextCursor}
              labels={{ previous: t.common.previous, next: t.common.next, newest: t.common.newest }}
              testId="notifications-pager"
            />
          ) : null}
        </Card>
        <Card title={tn.prefsTitle} subtitle={tn.prefsSubtitle} testId="notification-prefs">
          <PreferencesForm
            initial={preferences.filter((p) => offeredTo(actor.roles, p.kind)).map((p) => ({ ...p, ...notificationKindLabel(p.kind, lang) }))}
            note={fmt(tn.emailNote, { email: actor.email })}
            emailOff={mailSettings().url === undefined ? tn.emailOff : null}
          />
        </Card>
      </div>
    </>
  );
});
