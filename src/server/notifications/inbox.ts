import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { effectivePreferences, isNotificationKind, NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from '@/domain/notifications/kinds';
import type { Lang } from '@/i18n';
import { renderNotification } from '@/i18n/notifications';
import type { MarkReadCommand, NotificationsQuery, NotificationView, PreferencesCommand } from '@/schemas/notifications';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction, marketNow } from '../tx';

/**
 * The signed-in user's own notifications (issue 13 §7): the list (newest first, paged by id, texts
 * rendered in the reader's language), the unread count of the bell, marking as read, and the
 * preferences per kind. Every user has them (permission notifications.read, own scope); nobody
 * reads another user's. Reading changes nothing; marking as read stamps market time.
 */

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

const mine = (actor: Actor) => ({ userId: actor.userId, inApp: true });

export async function unreadCount(actor: Actor): Promise<number> {
  return db().notification.count({ where: { ...mine(actor), readAt: null } });
}

type Row = Awaited<ReturnType<ReturnType<typeof db>['notification']['findFirstOrThrow']>>;

function view(r: Row, lang: Lang): NotificationView | null {
  if (!isNotificationKind(r.kind)) return null; // a kind this version does not know (written by a newer one): left out
  const params = r.params as NotificationParams<NotificationKind>;
  const { title, body } = renderNotification(r.kind, params, lang);
  return {
    id: r.id, kind: r.kind, params: params as Record<string, unknown>, title, body, link: r.link,
    createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null,
  };
}

export async function listNotifications(actor: Actor, query: Partial<NotificationsQuery>, lang: Lang): Promise<NotificationPage> {
  authorize(actor, 'notifications.read');
  const limit = query.limit ?? 50;
  const where: Prisma.NotificationWhereInput = {
    ...mine(actor),
    ...(query.unread === 'true' ? { readAt: null } : {}),
    ...(query.cursor ? { id: { lt: Number(query.cursor) } } : {}),
  };
  const [rows, unread] = await Promise.all([
    db().notification.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 }),
    unreadCount(actor),
  ]);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => view(r, lang)).filter((v): v is NotificationView => v !== null),
    nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
    unreadCount: unread,
  };
}

/** Marks the caller's notifications as read: the ids given (others' and unknown ids are ignored), or all. */
export async function markRead(actor: Actor, cmd: MarkReadCommand): Promise<{ marked: number; unreadCount: number }> {
  authorize(actor, 'notifications.read');
  const marked = await inTransaction(async (tx) => {
    const now = await marketNow(tx);
    const where: Prisma.NotificationWhereInput = { ...mine(actor), readAt: null, ...(cmd.all ? {} : { id: { in: cmd.ids ?? [] } }) };
    return (await tx.notification.updateMany({ where, data: { readAt: now } })).count;
  });
  return { marked, unreadCount: await unreadCount(actor) };
}

export interface PreferenceView {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
  action: boolean;
}

/** The caller's preference for every kind: what they chose, else the kind's default. */
export async function myPreferences(actor: Actor): Promise<{ preferences: PreferenceView[] }> {
  authorize(actor, 'notifications.read');
  const chosen = await db().notificationPreference.findMany({ where: { userId: actor.userId } });
  return { preferences: effectivePreferences(chosen).map((p) => ({ ...p, action: NOTIFICATION_KINDS[p.kind].action })) };
}

/** Sets the caller's preferences for the kinds given (the others keep theirs), audited. */
export async function setMyPreferences(actor: Actor, cmd: PreferencesCommand): Promise<{ preferences: PreferenceView[] }> {
  authorize(actor, 'notifications.read');
  await inTransaction(async (tx) => {
    const before = await tx.notificationPreference.findMany({ where: { userId: actor.userId, kind: { in: cmd.preferences.map((p) => p.kind) } } });
    for (const p of cmd.preferences) {
      await tx.notificationPreference.upsert({
        where: { userId_kind: { userId: actor.userId, kind: p.kind } },
        update: { inApp: p.inApp, email: p.email },
        create: { userId: actor.userId, kind: p.kind, inApp: p.inApp, email: p.email },
      });
    }
    await recordAudit(tx, actor, {
      action: 'notifications.preferences', targetType: 'user', targetId: actor.userId,
      before: before.map(({ kind, inApp, email }) => ({ kind, inApp, email })), after: cmd.preferences,
    });
  });
  return myPreferences(actor);
}
