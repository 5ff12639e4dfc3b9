import { z } from 'zod';
import { NOTIFICATION_KIND_LIST } from '@/domain/notifications/kinds';
import { problem } from '@/domain/problems';
import { isoDateTime } from './api';
import { idSchema, pageQuerySchema } from './registry';
import { refusedAs } from './problems';

/**
 * The notifications API (issue 13 §7): the caller's list, marking as read, and the preferences per
 * kind. Shared by the route handlers, the server actions of /notifications and the OpenAPI document.
 */

export const notificationKindSchema = z.enum(NOTIFICATION_KIND_LIST as [string, ...string[]]).describe('Notification kind');

export const notificationsQuerySchema = pageQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  unread: z.enum(['true', 'false']).optional().describe('true: unread notifications only'),
});
export type NotificationsQuery = z.infer<typeof notificationsQuerySchema>;

/** The largest number of ids one request marks. */
export const MARK_READ_MAX_IDS = 200;

export const markReadSchema = z
  .object({
    ids: z.array(idSchema).min(1).max(MARK_READ_MAX_IDS).optional().describe('The notifications to mark as read (the caller’s own; others are ignored)'),
    all: z.literal(true).optional().describe('true: mark every notification of the caller as read'),
  })
  .strict()
  .refine((v) => (v.ids !== undefined) !== (v.all !== undefined), { path: ['ids'], ...refusedAs(problem('FIELD_IDS_OR_ALL')) })
  .meta({ description: 'Either `ids` or `all: true`' });
export type MarkReadCommand = z.infer<typeof markReadSchema>;

export const notificationPreferenceSchema = z.object({
  kind: notificationKindSchema,
  inApp: z.boolean().describe('Shown in the app (the bell and /notifications)'),
  email: z.boolean().describe('Sent by email (when the server has SMTP_URL)'),
});

export const preferencesCommandSchema = z.object({
  preferences: z
    .array(notificationPreferenceSchema)
    .min(1)
    .max(NOTIFICATION_KIND_LIST.length)
    .refine((list) => new Set(list.map((p) => p.kind)).size === list.length, refusedAs(problem('FIELD_DUPLICATE_KIND')))
    .describe('The kinds to change; a kind left out keeps its setting'),
});
export type PreferencesCommand = z.infer<typeof preferencesCommandSchema>;

// ---------- responses ----------


export const notificationViewSchema = z.object({
  id: z.number().int(),
  kind: notificationKindSchema,
  params: z.record(z.string(), z.unknown()).describe('The parameters of the kind (see the kinds in README)'),
  title: z.string().describe('Rendered in the Accept-Language language'),
  body: z.string().describe('Rendered in the Accept-Language language'),
  link: z.string().nullable().describe('Path of the page to act on, e.g. /compliance'),
  createdAt: isoDateTime.describe('Market time'),
  readAt: isoDateTime.nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

export const notificationPageSchema = z.object({
  items: z.array(notificationViewSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int().describe('All unread notifications of the caller'),
});

export const markReadResultSchema = z.object({
  marked: z.number().int().describe('Notifications marked as read by this request'),
  unreadCount: z.number().int(),
});

export const preferencesResponseSchema = z.object({
  preferences: z.array(notificationPreferenceSchema.extend({ action: z.boolean().describe('The kind asks the user to act') })),
});
