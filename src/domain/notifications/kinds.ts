import type { Role } from '@/generated/prisma/enums';
import { can, type Permission } from '../identity/permissions';
import type { ApprovalAction } from '../registry/fourEyes';

/**
 * Notifications as data (issue 13 §7): what a user must act on or know. Each kind has typed
 * parameters (stored as JSON on the notification row; the texts are never stored, they are rendered
 * in the reader's language from src/i18n/notifications.ts), whether it asks the user to act, and the
 * preference a user has until they choose (in the app / by email).
 *
 * Who receives a kind, and when, is the trigger's business (src/server/notifications): the kinds
 * below only say what the notification carries. Pure: no I/O.
 */

/** A transfer's asset line, as a notification quotes it. */
type AssetLine = {
  instrument: 'CEA' | 'CCER';
  vintage: number;
  /** Whole tonnes. */
  quantity: number;
};

export interface NotificationKindDefinition {
  /** Never read at run time: carries the parameters' type. Write `params: {} as { … }`. */
  params: Readonly<Record<string, unknown>>;
  /** The user must do something (approve, verify, surrender …), rather than only know. */
  action: boolean;
  /** The preference of a user who has not chosen. */
  defaults: { inApp: boolean; email: boolean };
  /** Who can receive it (the preferences page offers the kind to them only); null: anyone. */
  audience: Permission | null;
}

export const NOTIFICATION_KINDS = {
  /**
   * A request for an action that needs a second person (four eyes, src/domain/registry/fourEyes.ts)
   * awaits the recipient's decision.
   */
  APPROVAL_PENDING: {
    params: {} as { requestId: number; action: ApprovalAction; requestedBy: string },
    action: true,
    defaults: { inApp: true, email: true },
    audience: null,
  },
  /** An addition to an account's trusted account list awaits a second representative's approval. */
  TRUSTED_ACCOUNT_PENDING: {
    params: {} as { requestId: number; account: string; trustedAccount: string; requestedBy: string },
    action: true,
    defaults: { inApp: true, email: true },
    audience: 'trustedAccounts.manage',
  },
  /**
   * A transfer to an account outside the trusted list waits its delay before it moves; until
   * `executesAt` (an instant, ISO 8601) it can be cancelled.
   */
  TRANSFER_DELAYED: {
    params: {} as AssetLine & { transferId: number; fromAccount: string; toAccount: string; executesAt: string },
    action: false,
    defaults: { inApp: true, email: true },
    audience: 'transfers.request',
  },
  /** A non-trade transfer (inheritance, merger, court order …) awaits the registry operator's approval. */
  TRANSFER_AWAITING_APPROVAL: {
    params: {} as AssetLine & {
      transferId: number;
      transferKind: 'INHERITANCE' | 'MERGER' | 'SPLIT' | 'COURT_ORDER' | 'DONATION';
      fromAccount: string;
      toAccount: string;
    },
    action: true,
    defaults: { inApp: true, email: true },
    audience: 'transfers.decide',
  },
  /** The surrender deadline of a compliance year is `daysLeft` calendar days away (30, 7, 1). */
  DEADLINE_APPROACHING: {
    params: {} as { year: number; deadline: string; daysLeft: number },
    action: true,
    defaults: { inApp: true, email: true },
    audience: 'compliance.surrender',
  },
  /** A covered entity filed (or filed again) its emission report: the regulator verifies it. */
  REPORT_TO_VERIFY: {
    params: {} as { reportId: number; year: number; organisation: string; organisationZh: string; reportedCo2e: number; refiled: boolean },
    action: true,
    defaults: { inApp: true, email: true },
    audience: 'compliance.verify',
  },
  /** Closing a compliance year imposed a penalty on the entity: fine and the shortfall deducted later. */
  PENALTY_IMPOSED: {
    params: {} as { year: number; shortfall: number; fine: string; deductionYear: number },
    action: false,
    defaults: { inApp: true, email: true },
    audience: 'compliance.surrender',
  },
  /** An auction the recipient may bid in opened for bids (closes at `closesAt`, an instant, ISO 8601). */
  AUCTION_OPENING: {
    params: {} as AssetLine & { auctionId: number; title: string; titleZh: string | null; reservePrice: string | null; closesAt: string },
    action: false,
    defaults: { inApp: true, email: false },
    audience: 'auctions.bid',
  },
} as const satisfies Record<string, NotificationKindDefinition>;

export type NotificationKinds = typeof NOTIFICATION_KINDS;
export type NotificationKind = keyof NotificationKinds;
export type NotificationParams<K extends NotificationKind> = NotificationKinds[K]['params'];

/** Every kind, in the order the preferences list them. */
export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export const isNotificationKind = (v: unknown): v is NotificationKind => typeof v === 'string' && Object.hasOwn(NOTIFICATION_KINDS, v);

/** Whether users with these roles can receive a kind (the preferences offer them only those). */
export function offeredTo(roles: readonly Role[], kind: NotificationKind): boolean {
  const audience: Permission | null = NOTIFICATION_KINDS[kind].audience;
  return audience === null || can(roles, audience);
}

export interface NotificationPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** A user's preference per kind: what they chose, else the kind's default; every kind, in list order. */
export function effectivePreferences(chosen: readonly { kind: string; inApp: boolean; email: boolean }[]): NotificationPreference[] {
  const byKind = new Map(chosen.filter((c) => isNotificationKind(c.kind)).map((c) => [c.kind, c]));
  return NOTIFICATION_KIND_LIST.map((kind) => {
    const c = byKind.get(kind);
    return c ? { kind, inApp: c.inApp, email: c.email } : { kind, ...NOTIFICATION_KINDS[kind].defaults };
  });
}

/** The surrender-deadline reminders: calendar days before the deadline. */
export const DEADLINE_REMINDER_DAYS = [30, 7, 1] as const;

/**
 * Which reminder is due `daysLeft` calendar days before a deadline: the one whose window
 * (next smaller reminder, this one] holds it — 30 for 8–30 days, 7 for 2–7, 1 for 0–1 — else null
 * (more than 30 days, or the deadline passed). A clock that jumps over a window skips its reminder
 * and sends the more urgent one.
 */
export function dueReminder(daysLeft: number): (typeof DEADLINE_REMINDER_DAYS)[number] | null {
  if (daysLeft < 0) return null;
  const sorted = [...DEADLINE_REMINDER_DAYS].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += 1) {
    const lower = i === 0 ? -1 : sorted[i - 1]!;
    if (daysLeft > lower && daysLeft <= sorted[i]!) return sorted[i]!;
  }
  return null;
}

/** The dedupe key of a deadline reminder: sent once per recipient, year, entity and reminder. */
export const deadlineDedupeKey = (year: number, organisationId: number, days: number) => `deadline:${year}:${organisationId}:${days}`;
