import nodemailer, { type Transporter } from 'nodemailer';
import { mailSettings } from '@/config/env';
import { Prisma } from '@/generated/prisma/client';
import { db } from '@/db/client';
import { isNotificationKind, type NotificationKind, type NotificationParams } from '@/domain/notifications/kinds';
import { isLang } from '@/i18n';
import { renderNotificationEmail } from '@/i18n/notifications';

/**
 * The email outbox of notifications: rows whose email_status is PENDING are mailed after their
 * transaction committed, by the due work (src/server/schedule/dueWork.ts), through nodemailer to
 * SMTP_URL, in the recipient's language (app_user.locale).
 *
 * - Safe with several processes: one UPDATE claims a batch (email_attempts + 1 and a lease in
 *   email_next_at, FOR UPDATE SKIP LOCKED), so two processes never mail the same row at once; a
 *   process that dies mid-batch leaves its rows to be claimed again when the lease ends.
 * - A failed send is retried after a growing pause, at most EMAIL_MAX_ATTEMPTS times in all; then
 *   the row is FAILED with the last error. Nothing here throws into the caller.
 * - Without SMTP_URL, pending rows (written while the server had one) are marked SKIPPED.
 * Times here are wall clock (when to retry is about the mail server, not the market).
 */

export const EMAIL_MAX_ATTEMPTS = 4;
/** Pause before the 2nd, 3rd, 4th attempt. */
export const EMAIL_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000] as const;
/** How long a claimed row is left to the process that claimed it. */
const LEASE_MS = 2 * 60_000;
const BATCH = 50;
/** nodemailer's error codes for a mail server that cannot be reached (as opposed to one refusing a message). */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'EGREETING']);

export interface OutboxReport {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

/** A notification whose email is waiting and due (SQL condition on notification). */
const EMAIL_DUE = Prisma.sql`email_status = 'PENDING' AND (email_next_at IS NULL OR email_next_at <= now())`;
export const emailsDue = Prisma.sql`EXISTS (SELECT 1 FROM notification WHERE ${EMAIL_DUE})`;

export const emptyOutboxReport = (): OutboxReport => ({ sent: 0, retried: 0, failed: 0, skipped: 0 });

let transport: { url: string; transporter: Transporter } | null = null;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 }) };
  }
  return transport.transporter;
}

interface ClaimedRow {
  id: number;
  kind: string;
  params: unknown;
  link: string | null;
  email_attempts: number;
  address: string;
  locale: string;
}

/** One delivery at a time per process: a second call while one runs returns at once. */
let running: Promise<OutboxReport> | null = null;

/** Mails what the outbox holds (due now). Never throws; returns what it did. */
export function deliverPendingEmails(): Promise<OutboxReport> {
  if (running) return Promise.resolve(emptyOutboxReport());
  running = deliver()
    .catch((error: unknown) => {
      console.error('[notifications] the email outbox failed; it is tried again with the next due work', error);
      return emptyOutboxReport();
    })
    .finally(() => {
      running = null;
    });
  return running;
}

async function deliver(): Promise<OutboxReport> {
  const report = emptyOutboxReport();
  const settings = mailSettings();
  if (!settings.url) {
    report.skipped = await db().$executeRaw`
      UPDATE notification SET email_status = 'SKIPPED', email_next_at = NULL, email_error = 'SMTP_URL is not set' WHERE email_status = 'PENDING'`;
    return report;
  }
  for (;;) {
    // Most calls find nothing due: one indexed read, no write.
    const claimed = await db().$queryRaw<ClaimedRow[]>`
      WITH due AS (
        SELECT id FROM notification
         WHERE ${EMAIL_DUE}
         ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      UPDATE notification n SET email_attempts = n.email_attempts + 1, email_next_at = now() + ${`${LEASE_MS} milliseconds`}::interval
        FROM due, app_user u
       WHERE n.id = due.id AND u.id = n.user_id
      RETURNING n.id, n.kind, n.params, n.link, n.email_attempts, u.email AS address, u.locale`;
    if (claimed.length === 0) return report;
    const transporter = transporterFor(settings.url);
    const baseUrl = process.env.NEXTAUTH_URL || undefined;
    // The mail server out of reach: the rest of the batch waits its retry instead of timing out one by one.
    let unreachable: string | null = null;
    for (const row of claimed) {
      try {
        if (unreachable) throw new Error(unreachable);
        if (!isNotificationKind(row.kind)) throw new Error(`unknown notification kind ${row.kind}`);
        const lang = isLang(row.locale) ? row.locale : 'en';
        const mail = renderNotificationEmail(row.kind as NotificationKind, row.params as NotificationParams<NotificationKind>, row.link, lang, baseUrl);
        await transporter.sendMail({ from: settings.from, to: row.address, subject: mail.subject, text: mail.text, headers: { 'X-Notification-Id': String(row.id) } });
        await db().$executeRaw`
          UPDATE notification SET email_status = 'SENT', email_sent_at = now(), email_next_at = NULL, email_error = NULL WHERE id = ${row.id} AND email_status = 'PENDING'`;
        report.sent += 1;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        if (CONNECTION_ERRORS.has((error as { code?: string }).code ?? '')) unreachable = message;
        if (row.email_attempts >= EMAIL_MAX_ATTEMPTS) {
          await db().$executeRaw`
            UPDATE notification SET email_status = 'FAILED', email_next_at = NULL, email_error = ${message} WHERE id = ${row.id} AND email_status = 'PENDING'`;
          report.failed += 1;
        } else {
          const delay = EMAIL_RETRY_DELAYS_MS[row.email_attempts - 1] ?? EMAIL_RETRY_DELAYS_MS.at(-1)!;
          await db().$executeRaw`
            UPDATE notification SET email_next_at = now() + ${`${delay} milliseconds`}::interval, email_error = ${message} WHERE id = ${row.id} AND email_status = 'PENDING'`;
          report.retried += 1;
        }
      }
    }
    if (claimed.length < BATCH || unreachable) return report;
  }
}
