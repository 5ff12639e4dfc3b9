import { describe, expect, it } from 'vitest';
import {
  DEADLINE_REMINDER_DAYS, deadlineDedupeKey, dueReminder, effectivePreferences, isNotificationKind, NOTIFICATION_KIND_LIST, NOTIFICATION_KINDS, offeredTo,
  type NotificationKind, type NotificationParams,
} from '@/domain/notifications/kinds';
import { notificationKindLabel, renderNotification, renderNotificationEmail } from '@/i18n/notifications';
import { LANGS } from '@/i18n';

/** One example of every kind's parameters (the type check asks for every kind). */
const SAMPLES: { [K in NotificationKind]: NotificationParams<K> } = {
  APPROVAL_PENDING: { requestId: 7, action: 'account.status', requestedBy: 'Li Wei' },
  TRUSTED_ACCOUNT_PENDING: { requestId: 3, account: 'CN-GD-000012', trustedAccount: 'CN-HB-000031', requestedBy: 'Li Wei' },
  TRANSFER_DELAYED: { transferId: 12, instrument: 'CEA', vintage: 2024, quantity: 12_500, fromAccount: 'CN-GD-000012', toAccount: 'CN-HB-000031', executesAt: '2026-11-17T03:00:00.000Z' },
  TRANSFER_AWAITING_APPROVAL: { transferId: 9, transferKind: 'MERGER', instrument: 'CEA', vintage: 2025, quantity: 1_000, fromAccount: 'CN-GD-000012', toAccount: 'CN-GD-000013' },
  DEADLINE_APPROACHING: { year: 2025, deadline: '2026-12-31', daysLeft: 7 },
  REPORT_TO_VERIFY: { reportId: 4, year: 2025, organisation: 'Pearl Power', organisationZh: '珠江电力', reportedCo2e: 1_234_567, refiled: false },
  PENALTY_IMPOSED: { year: 2025, shortfall: 20_000, fine: '5400000.00', deductionYear: 2026 },
  AUCTION_OPENING: { auctionId: 2, title: 'Paid allocation 2025', titleZh: '2025年度有偿分配', instrument: 'CEA', vintage: 2025, quantity: 50_000, reservePrice: '50.00', closesAt: '2026-11-16T07:00:00.000Z' },
};

/** Values of a sample that may appear as they are in either language (names, account numbers, codes). */
const verbatim = (p: Record<string, unknown>) => Object.values(p).filter((v): v is string => typeof v === 'string');

describe('notification kinds', () => {
  it('are data: each has parameters, whether it asks to act, and default preferences', () => {
    expect(NOTIFICATION_KIND_LIST).toEqual([
      'APPROVAL_PENDING', 'TRUSTED_ACCOUNT_PENDING', 'TRANSFER_DELAYED', 'TRANSFER_AWAITING_APPROVAL',
      'DEADLINE_APPROACHING', 'REPORT_TO_VERIFY', 'PENALTY_IMPOSED', 'AUCTION_OPENING',
    ]);
    for (const kind of NOTIFICATION_KIND_LIST) {
      expect(isNotificationKind(kind)).toBe(true);
      expect(NOTIFICATION_KINDS[kind].defaults.inApp, kind).toBe(true);
    }
    expect(NOTIFICATION_KINDS.AUCTION_OPENING.defaults.email).toBe(false);
    expect(NOTIFICATION_KINDS.REPORT_TO_VERIFY.defaults.email).toBe(true);
    expect(isNotificationKind('GIFT')).toBe(false);
    // The preferences offer each user the kinds they can receive.
    expect(NOTIFICATION_KIND_LIST.filter((k) => offeredTo(['COMPLIANCE_OFFICER'], k))).toEqual(['APPROVAL_PENDING', 'TRUSTED_ACCOUNT_PENDING', 'TRANSFER_DELAYED', 'DEADLINE_APPROACHING', 'PENALTY_IMPOSED']);
    expect(renderNotification('APPROVAL_PENDING', SAMPLES.APPROVAL_PENDING, 'en').title).toBe('Approval needed: change an account’s status');
    expect(NOTIFICATION_KIND_LIST.filter((k) => offeredTo(['PROVINCIAL_REGULATOR'], k))).toEqual(['APPROVAL_PENDING', 'REPORT_TO_VERIFY']);
    expect(isNotificationKind('toString')).toBe(false);
  });

  it('give every kind a preference: the user’s choice, else the default, in list order', () => {
    const prefs = effectivePreferences([
      { kind: 'AUCTION_OPENING', inApp: false, email: true },
      { kind: 'UNKNOWN_KIND', inApp: false, email: false },
    ]);
    expect(prefs.map((p) => p.kind)).toEqual(NOTIFICATION_KIND_LIST);
    expect(prefs.find((p) => p.kind === 'AUCTION_OPENING')).toEqual({ kind: 'AUCTION_OPENING', inApp: false, email: true });
    expect(prefs.find((p) => p.kind === 'PENALTY_IMPOSED')).toEqual({ kind: 'PENALTY_IMPOSED', ...NOTIFICATION_KINDS.PENALTY_IMPOSED.defaults });
  });

  it('remind 30, 7 and 1 days before a deadline, each in its own window, never after it', () => {
    expect(DEADLINE_REMINDER_DAYS).toEqual([30, 7, 1]);
    const at = (days: number) => dueReminder(days);
    expect([45, 31].map(at)).toEqual([null, null]);
    expect([30, 20, 8].map(at)).toEqual([30, 30, 30]);
    expect([7, 3, 2].map(at)).toEqual([7, 7, 7]);
    expect([1, 0].map(at)).toEqual([1, 1]);
    expect(at(-1)).toBeNull();
    expect(deadlineDedupeKey(2025, 12, 30)).toBe('deadline:2025:12:30');
  });
});

describe('notification texts', () => {
  it('render a title and a body for every kind in both languages, with the parameters in them', () => {
    for (const kind of NOTIFICATION_KIND_LIST) {
      for (const lang of LANGS) {
        const { title, body } = renderNotification(kind, SAMPLES[kind] as NotificationParams<typeof kind>, lang);
        expect(title.length, `${kind} ${lang}`).toBeGreaterThan(5);
        expect(body.length, `${kind} ${lang}`).toBeGreaterThan(title.length);
        expect(`${title} ${body}`, `${kind} ${lang}`).not.toMatch(/undefined|null|NaN|\[object|\{\w+\}/);
        const { label, description } = notificationKindLabel(kind, lang);
        expect(label.length * description.length, `${kind} ${lang}`).toBeGreaterThan(0);
      }
    }
    expect(renderNotification('DEADLINE_APPROACHING', SAMPLES.DEADLINE_APPROACHING, 'en').title).toBe('Surrender deadline for 2025 in 7 days');
    expect(renderNotification('DEADLINE_APPROACHING', { ...SAMPLES.DEADLINE_APPROACHING, daysLeft: 1 }, 'en').title).toBe('Surrender deadline for 2025 in 1 day');
    expect(renderNotification('DEADLINE_APPROACHING', SAMPLES.DEADLINE_APPROACHING, 'zh').title).toBe('2025 年度清缴还有 7 天截止');
    expect(renderNotification('REPORT_TO_VERIFY', SAMPLES.REPORT_TO_VERIFY, 'en').body).toContain('1,234,567 t');
    expect(renderNotification('REPORT_TO_VERIFY', SAMPLES.REPORT_TO_VERIFY, 'zh').body).toContain('珠江电力');
    expect(renderNotification('PENALTY_IMPOSED', SAMPLES.PENALTY_IMPOSED, 'en').title).toBe('Penalty for 2025: fine of ¥5,400,000.00');
    // Instants read as market time (Beijing): 07:00Z is 15:00.
    expect(renderNotification('AUCTION_OPENING', SAMPLES.AUCTION_OPENING, 'en').body).toContain('2026-11-16 15:00');
    expect(renderNotification('AUCTION_OPENING', SAMPLES.AUCTION_OPENING, 'zh').title).toBe('拍卖开始：2025年度有偿分配');
  });

  it('has nothing English in the Chinese texts (besides names, account numbers and codes)', () => {
    for (const kind of NOTIFICATION_KIND_LIST) {
      const params = SAMPLES[kind] as Record<string, unknown>;
      const { title, body } = renderNotification(kind, params as NotificationParams<typeof kind>, 'zh');
      const { label, description } = notificationKindLabel(kind, 'zh');
      let text = [title, body, label, description].join(' ');
      for (const v of verbatim(params)) if (!(kind === 'AUCTION_OPENING' && v === params.title)) text = text.split(v).join(' ');
      expect(text, kind).not.toMatch(/[a-z]{3,}/);
      expect(text, kind).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('renders an email in the recipient’s language, with an absolute link and why it came', () => {
    const en = renderNotificationEmail('DEADLINE_APPROACHING', SAMPLES.DEADLINE_APPROACHING, '/compliance', 'en', 'https://registry.example.cn/');
    expect(en.subject).toBe('Surrender deadline for 2025 in 7 days');
    expect(en.text).toContain('https://registry.example.cn/compliance');
    expect(en.text).toContain('https://registry.example.cn/notifications');
    const zh = renderNotificationEmail('DEADLINE_APPROACHING', SAMPLES.DEADLINE_APPROACHING, null, 'zh', undefined);
    expect(zh.subject).toBe('2025 年度清缴还有 7 天截止');
    expect(zh.text).toContain('2026-12-31 前完成清缴');
    expect(zh.text).toContain('/notifications');
  });
});
