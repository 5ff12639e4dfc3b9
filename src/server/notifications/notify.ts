import { Prisma, type OrganisationKind, type Role } from '@/generated/prisma/client';
import { mailSettings } from '@/config/env';
import { PERMISSIONS, type Permission, type Scope } from '@/domain/identity/permissions';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from '@/domain/notifications/kinds';
import type { Tx } from '../tx';

/**
 * Writes notifications (issue 13 §7) INSIDE the caller's transaction: a notification exists if and
 * only if the change it tells about committed. Used by the triggers of every context (compliance,
 * auctions, the registry); nothing here sends anything: an email is an outbox row (email_status
 * PENDING) that the due work mails after the commit (./outbox.ts).
 *
 * Recipients are either users by id, or the users who hold a permission (src/domain/identity/
 * permissions.ts, the one list) in the scope of a target:
 * - `own`-scope holders of the target organisation (with only a province: of organisations in it);
 * - `province`-scope holders of the target's province (an organisation's province when only the
 *   organisation is given);
 * - `all`-scope holders;
 * without a target, every holder. `scopes` narrows to some scopes (e.g. only the provincial
 * regulators of a province, not the national one); `organisationKind` to users of organisations of
 * one kind; `except` leaves users out (the requester of a four-eyes request). Disabled users get nothing.
 *
 * Each recipient's preference for the kind applies (else the kind's default): in the app and by
 * email both off → no row; email on → the row is in the outbox (SKIPPED at once when the server has
 * no SMTP_URL); in the app off, email on → a row that is only mailed (in_app false, never listed).
 * With a `dedupeKey`, a recipient who already has a notification with that key gets no second one.
 */

export type Recipients = (
  | { userIds: readonly number[] }
  | {
      permission: Permission;
      organisationId?: number;
      provinceCode?: string;
      organisationKind?: OrganisationKind;
      scopes?: readonly Scope[];
    }
) & {
  /** Users left out whatever they hold, e.g. the requester of a four-eyes request. */
  except?: readonly number[];
};

export interface NotifyOptions {
  /** The page to act on: an absolute path of the app, e.g. `/compliance`. */
  link?: string;
  /** Sent once per recipient and key, e.g. `deadline:2025:12:30`. */
  dedupeKey?: string;
}

/** The roles that hold `permission` in `scope` (the one permission list). */
function rolesHolding(permission: Permission, scope: Scope): string[] {
  const grant: Partial<Record<Role, Scope>> = PERMISSIONS[permission];
  return (Object.entries(grant) as [Role, Scope][]).filter(([, s]) => s === scope).map(([r]) => r);
}

/** The ids of the (enabled) users the recipients name, ascending. */
export async function resolveRecipients(tx: Tx, recipients: Recipients): Promise<number[]> {
  const except = new Set(recipients.except ?? []);
  return (await named(tx, recipients)).filter((id) => !except.has(id));
}

async function named(tx: Tx, recipients: Recipients): Promise<number[]> {
  if ('userIds' in recipients) {
    const ids = [...new Set(recipients.userIds)];
    if (ids.length === 0) return [];
    const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM app_user WHERE id = ANY(${ids}::int[]) AND NOT disabled ORDER BY id`;
    return rows.map((r) => r.id);
  }
  const rolesIn = (scope: Scope) => (recipients.scopes && !recipients.scopes.includes(scope) ? [] : rolesHolding(recipients.permission, scope));
  const { organisationId, provinceCode, organisationKind } = recipients;
  let province: string | null | undefined = provinceCode;
  if (province === undefined && organisationId !== undefined) {
    province = (await tx.organisation.findUnique({ where: { id: organisationId }, select: { provinceCode: true } }))?.provinceCode ?? null;
  }
  const targeted = organisationId !== undefined || provinceCode !== undefined;
  const ownCondition =
    organisationId !== undefined ? Prisma.sql`o.id = ${organisationId}` : provinceCode !== undefined ? Prisma.sql`o.province_code = ${provinceCode}` : Prisma.sql`true`;
  const provinceCondition = !targeted ? Prisma.sql`true` : province ? Prisma.sql`o.province_code = ${province}` : Prisma.sql`false`;
  const kindCondition = organisationKind ? Prisma.sql`o.kind = ${organisationKind}::"OrganisationKind"` : Prisma.sql`true`;
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT u.id FROM app_user u JOIN organisation o ON o.id = u.organisation_id
     WHERE NOT u.disabled AND ${kindCondition}
       AND ((u.roles::text[] && ${rolesIn('own')}::text[] AND ${ownCondition})
         OR (u.roles::text[] && ${rolesIn('province')}::text[] AND ${provinceCondition})
         OR (u.roles::text[] && ${rolesIn('all')}::text[]))
     ORDER BY u.id`;
  return rows.map((r) => r.id);
}

/**
 * Notifies the recipients of `kind` with its parameters, inside the caller's transaction. Returns
 * how many notifications were written (recipients with both channels off, or who already have the
 * dedupe key, get none).
 */
export async function notify<K extends NotificationKind>(
  tx: Tx,
  recipients: Recipients,
  kind: K,
  params: NotificationParams<K>,
  opts: NotifyOptions = {},
): Promise<number> {
  const userIds = await resolveRecipients(tx, recipients);
  return write(tx, kind, userIds.map((userId) => ({ userId, params, dedupeKey: opts.dedupeKey })), opts.link);
}

/**
 * One message per target organisation, to the holders of `permission` for it (as `notify` with
 * `{ permission, organisationId }`: its own-scope holders, its province's province-scope holders,
 * all-scope holders), written with three statements whatever the number of targets — e.g. the
 * penalties of a year's close, one per entity short, thousands at national scale.
 */
export async function notifyOrganisations<K extends NotificationKind>(
  tx: Tx,
  permission: Permission,
  kind: K,
  messages: readonly { organisationId: number; params: NotificationParams<K>; dedupeKey?: string }[],
  opts: { link?: string } = {},
): Promise<number> {
  if (messages.length === 0) return 0;
  const rolesIn = (scope: Scope) => rolesHolding(permission, scope);
  const targets = [...new Set(messages.map((m) => m.organisationId))];
  const rows = await tx.$queryRaw<{ organisation_id: number; user_id: number }[]>`
    WITH t AS (SELECT unnest(${targets}::int[]) AS org)
    SELECT t.org AS organisation_id, u.id AS user_id FROM t JOIN app_user u ON u.organisation_id = t.org
     WHERE NOT u.disabled AND u.roles::text[] && ${rolesIn('own')}::text[]
    UNION
    SELECT t.org, u.id FROM t JOIN organisation target ON target.id = t.org JOIN organisation o ON o.province_code = target.province_code
      JOIN app_user u ON u.organisation_id = o.id
     WHERE NOT u.disabled AND u.roles::text[] && ${rolesIn('province')}::text[]
    UNION
    SELECT t.org, u.id FROM t CROSS JOIN app_user u WHERE NOT u.disabled AND u.roles::text[] && ${rolesIn('all')}::text[]
    ORDER BY 1, 2`;
  const usersOf = new Map<number, number[]>();
  for (const r of rows) usersOf.set(r.organisation_id, [...(usersOf.get(r.organisation_id) ?? []), r.user_id]);
  return write(tx, kind, messages.flatMap((m) => (usersOf.get(m.organisationId) ?? []).map((userId) => ({ userId, params: m.params, dedupeKey: m.dedupeKey }))), opts.link);
}

/** Writes one notification per message, by each recipient's preference for the kind (else its default). */
async function write<K extends NotificationKind>(
  tx: Tx,
  kind: K,
  messages: readonly { userId: number; params: NotificationParams<K>; dedupeKey?: string }[],
  link: string | undefined,
): Promise<number> {
  if (link !== undefined && !/^\/[^/\\]/.test(link)) throw new Error(`A notification's link is a path of the app, not ${link}`);
  if (messages.length === 0) return 0;
  const chosen = await tx.notificationPreference.findMany({ where: { kind, userId: { in: [...new Set(messages.map((m) => m.userId))] } } });
  const byUser = new Map(chosen.map((c) => [c.userId, c]));
  const defaults = NOTIFICATION_KINDS[kind].defaults;
  const mailConfigured = mailSettings().url !== undefined;
  const data: Prisma.NotificationCreateManyInput[] = [];
  for (const m of messages) {
    const pref = byUser.get(m.userId) ?? defaults;
    if (!pref.inApp && !pref.email) continue;
    data.push({
      userId: m.userId,
      kind,
      params: m.params as Prisma.InputJsonObject,
      link: link ?? null,
      dedupeKey: m.dedupeKey ?? null,
      inApp: pref.inApp,
      email: pref.email,
      emailStatus: pref.email && mailConfigured ? 'PENDING' : 'SKIPPED',
      emailError: pref.email && !mailConfigured ? 'SMTP_URL is not set' : null,
    });
  }
  if (data.length === 0) return 0;
  const { count } = await tx.notification.createMany({ data, skipDuplicates: data.some((d) => d.dedupeKey !== null) });
  return count;
}

/**
 * Marks as read, for every recipient, the unread notifications of a kind about something that no
 * longer needs anyone (a report verified, a request decided): those whose parameters contain
 * `about` (e.g. `{ reportId: 26 }`). Inside the transaction of the change that settled it; returns
 * how many it marked. readAt is market time.
 */
export async function settleNotifications<K extends NotificationKind>(tx: Tx, kind: K, about: Partial<NotificationParams<K>>): Promise<number> {
  return tx.$executeRaw`
    UPDATE notification SET read_at = market_now()
     WHERE kind = ${kind} AND read_at IS NULL AND params @> ${JSON.stringify(about)}::jsonb`;
}
