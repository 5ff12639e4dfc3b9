import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as listRoute } from '@/app/api/v1/me/notifications/route';
import { POST as readRoute } from '@/app/api/v1/me/notifications/read/route';
import { GET as prefsGet, PUT as prefsPut } from '@/app/api/v1/me/notification-preferences/route';
import { createAuction, scheduleAuction } from '@/server/auction/auctions';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { loadActor, type Actor } from '@/server/identity/actor';
import { remindDeadlines } from '@/server/notifications/deadlines';
import { listNotifications, myPreferences, setMyPreferences } from '@/server/notifications/inbox';
import { notify, notifyOrganisations, resolveRecipients } from '@/server/notifications/notify';
import { deliverPendingEmails, EMAIL_MAX_ATTEMPTS } from '@/server/notifications/outbox';
import { issue, setAsideForAuction } from '@/server/registry/movements';
import { controlClock, runDueWork } from '@/server/schedule/dueWork';
import { getClock } from '@/server/trading/market';
import { inTransaction } from '@/server/tx';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { addDays } from '@/domain/trading/calendar';
import { TEST_MARKET_CLOSED_THROUGH, TEST_MARKET_START } from '../../support/clock';
import { call } from '../../support/http';

/**
 * Notifications (issue 13 §7) on real PostgreSQL: written inside the caller's transaction (a rollback
 * leaves none), to the users who hold a permission in the target's scope, as each user's preferences
 * say; the triggers (a report filed → the province's regulators; the surrender deadline 7 days away
 * → the compliance officers, once; a penalty; an auction opening → who may bid); the API; and the
 * email outbox, delivered to an SMTP server running in this process and read back in each
 * recipient's language. The market clock starts where tests/support/clock.ts says (Monday
 * 2026-11-16), so the compliance year 2025's surrender deadline is set 7 days ahead of it.
 */

const YEAR = 2025;
/** The 2025 report and surrender deadlines of these tests: 4 and 7 days after the test clock's Monday. */
const REPORT_BY = addDays(TEST_MARKET_START, 4);
const SURRENDER_BY = addDays(TEST_MARKET_START, 7);
let reg: Registry;
let gdReg2: Actor;
let pearl: Participant; // GD, trader + compliance officer
let lingnan: Participant; // GD, compliant before the deadline
let qingshan: Participant; // HB
let investor: Participant; // GD investor
let tokens: { pearl: string; qingshan: string };

const cycle = (report: string, surrenderBy: string) => {
  const dates = { reportDeadline: new Date(`${report}T00:00:00Z`), surrenderDeadline: new Date(`${surrenderBy}T00:00:00Z`) };
  return db().complianceCycle.upsert({ where: { year: YEAR }, update: dates, create: { year: YEAR, ...dates } });
};
const cover = (p: Participant, province: string) =>
  db().coveredEntity.create({ data: { organisationId: p.organisationId, provinceCode: province, fromYear: YEAR, basis: 'test', addedById: reg.regulators.GD.userId } });
const rowsOf = (userId: number, kind?: string) => db().notification.findMany({ where: { userId, ...(kind ? { kind } : {}) }, orderBy: { id: 'asc' } });
const penalty = { year: YEAR, shortfall: 100, fine: '25000.00', deductionYear: 2026 };

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const u = await db().user.create({
    data: { email: `second-gd-${reg.regulators.GD.userId}@test.cn`, name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'], locale: 'zh' },
  });
  gdReg2 = await loadActor(u.id);
  pearl = await createParticipant(reg, { province: 'GD', name: 'Pearl Power' });
  lingnan = await createParticipant(reg, { province: 'GD', name: 'Lingnan Power', cea: { [YEAR]: 1_000 } });
  qingshan = await createParticipant(reg, { province: 'HB', name: 'Qingshan Steel' });
  investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR', name: 'Green Capital' });
  await db().user.update({ where: { id: qingshan.actor.userId }, data: { locale: 'zh' } });
  tokens = { pearl: await tokenFor(pearl.actor), qingshan: await tokenFor(qingshan.actor) };
  // Reports for 2025 are due by 20 November, the surrender by 23 November: 7 days after the test clock's Monday.
  await cycle(REPORT_BY, SURRENDER_BY);
  delete process.env.SMTP_URL;
}, 120_000);

describe('notify', () => {
  it('writes inside the caller’s transaction: a rollback leaves nothing, a commit leaves one per recipient', async () => {
    await expect(
      inTransaction(async (tx) => {
        expect(await notify(tx, { userIds: [pearl.actor.userId] }, 'PENALTY_IMPOSED', penalty)).toBe(1);
        expect(await tx.notification.count({ where: { userId: pearl.actor.userId } })).toBe(1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db().notification.count()).toBe(0);

    await inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId, pearl.actor.userId, 999_999] }, 'PENALTY_IMPOSED', penalty, { link: '/compliance' }));
    const rows = await rowsOf(pearl.actor.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'PENALTY_IMPOSED', params: penalty, link: '/compliance', readAt: null, inApp: true, email: true, emailStatus: 'SKIPPED' });
    // created_at is market time: the test clock's Monday, 09:00 Beijing.
    expect(rows[0]!.createdAt.toISOString()).toBe(`${TEST_MARKET_START}T01:00:00.000Z`);
    await db().notification.deleteMany();
  });

  it('notifies many organisations at once exactly as one notify per organisation would, each with its own message', async () => {
    const targets = [pearl, qingshan, investor];
    const permissions = ['compliance.surrender', 'compliance.verify'] as const;
    for (const permission of permissions) {
      const one = await inTransaction(async (tx) => {
        for (const [i, t] of targets.entries()) await notify(tx, { permission, organisationId: t.organisationId }, 'PENALTY_IMPOSED', { ...penalty, shortfall: i + 1 });
        const rows = await tx.notification.findMany({ orderBy: [{ userId: 'asc' }, { id: 'asc' }] });
        await tx.notification.deleteMany();
        return rows.map((r) => [r.userId, r.params]);
      });
      const many = await inTransaction(async (tx) => {
        await notifyOrganisations(tx, permission, 'PENALTY_IMPOSED', targets.map((t, i) => ({ organisationId: t.organisationId, params: { ...penalty, shortfall: i + 1 } })));
        const rows = await tx.notification.findMany({ orderBy: [{ userId: 'asc' }, { id: 'asc' }] });
        await tx.notification.deleteMany();
        return rows.map((r) => [r.userId, r.params]);
      });
      expect(many.length).toBeGreaterThan(0);
      expect(many).toEqual(one);
    }
    // With a dedupe key, a second call adds nothing.
    const twice = await inTransaction(async (tx) => {
      const message = [{ organisationId: pearl.organisationId, params: penalty, dedupeKey: 'penalty:test' }];
      const first = await notifyOrganisations(tx, 'compliance.surrender', 'PENALTY_IMPOSED', message, { link: '/compliance' });
      const second = await notifyOrganisations(tx, 'compliance.surrender', 'PENALTY_IMPOSED', message, { link: '/compliance' });
      await tx.notification.deleteMany();
      return [first, second];
    });
    expect(twice).toEqual([1, 0]);
  });

  it('resolves a permission to the users who hold it in the target’s scope', async () => {
    const ids = (r: Parameters<typeof resolveRecipients>[1]) => inTransaction((tx) => resolveRecipients(tx, r));
    const gdRegulators = [reg.regulators.GD.userId, gdReg2.userId].sort((a, b) => a - b);
    expect(await ids({ permission: 'compliance.verify', provinceCode: 'GD', scopes: ['province'] })).toEqual(gdRegulators);
    expect(await ids({ permission: 'compliance.verify', provinceCode: 'GD' })).toEqual([reg.mee.userId, reg.mee2.userId, ...gdRegulators].sort((a, b) => a - b));
    expect(await ids({ permission: 'compliance.verify', organisationId: qingshan.organisationId, scopes: ['province'] })).toEqual([reg.regulators.HB.userId]);
    expect(await ids({ permission: 'compliance.surrender', organisationId: pearl.organisationId })).toEqual([pearl.actor.userId]);
    expect(await ids({ permission: 'compliance.surrender', provinceCode: 'HB' })).toEqual([qingshan.actor.userId]);
    expect(await ids({ permission: 'transfers.decide' })).toEqual([reg.registry.userId, reg.registry2.userId]);
    // Never the requester of a four-eyes request.
    expect(await ids({ permission: 'transfers.decide', except: [reg.registry.userId] })).toEqual([reg.registry2.userId]);
    const bidders = await ids({ permission: 'auctions.bid', organisationKind: 'COMPLIANCE_ENTITY' });
    expect(bidders).toEqual([pearl.actor.userId, lingnan.actor.userId, qingshan.actor.userId]);
    expect(await ids({ permission: 'auctions.bid' })).toContain(investor.actor.userId);
    // A disabled user gets nothing.
    await db().user.update({ where: { id: gdReg2.userId }, data: { disabled: true } });
    expect(await ids({ permission: 'compliance.verify', provinceCode: 'GD', scopes: ['province'] })).toEqual([reg.regulators.GD.userId]);
    expect(await ids({ userIds: [gdReg2.userId, pearl.actor.userId] })).toEqual([pearl.actor.userId]);
    await db().user.update({ where: { id: gdReg2.userId }, data: { disabled: false } });
  });

  it('respects each user’s preferences: both off → no row; email only → a row that is only mailed', async () => {
    expect((await myPreferences(pearl.actor)).preferences.find((p) => p.kind === 'PENALTY_IMPOSED')).toEqual({ kind: 'PENALTY_IMPOSED', inApp: true, email: true, action: false });
    await setMyPreferences(pearl.actor, { preferences: [{ kind: 'PENALTY_IMPOSED', inApp: false, email: false }] });
    await setMyPreferences(qingshan.actor, { preferences: [{ kind: 'PENALTY_IMPOSED', inApp: false, email: true }] });
    const written = await inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId, qingshan.actor.userId, lingnan.actor.userId] }, 'PENALTY_IMPOSED', penalty));
    expect(written).toBe(2);
    expect(await rowsOf(pearl.actor.userId)).toEqual([]);
    expect((await rowsOf(qingshan.actor.userId)).map((r) => [r.inApp, r.email])).toEqual([[false, true]]);
    expect((await rowsOf(lingnan.actor.userId)).map((r) => [r.inApp, r.email])).toEqual([[true, true]]);
    // Only the in-app one is listed and counted.
    expect((await listNotifications(qingshan.actor, {}, 'en')).items).toEqual([]);
    expect((await listNotifications(lingnan.actor, {}, 'en')).unreadCount).toBe(1);
    // The other kinds keep their defaults; setting again replaces.
    await setMyPreferences(pearl.actor, { preferences: [{ kind: 'PENALTY_IMPOSED', inApp: true, email: false }] });
    const prefs = (await myPreferences(pearl.actor)).preferences;
    expect(prefs.find((p) => p.kind === 'PENALTY_IMPOSED')).toMatchObject({ inApp: true, email: false });
    expect(prefs.find((p) => p.kind === 'AUCTION_OPENING')).toMatchObject({ inApp: true, email: false });
    await db().notificationPreference.deleteMany();
    await db().notification.deleteMany();
  });

  it('refuses a link that is not a path of the app, writing nothing', async () => {
    await expect(inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId] }, 'PENALTY_IMPOSED', penalty, { link: 'https://evil.example' }))).rejects.toThrow(/path/);
    await expect(inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId] }, 'PENALTY_IMPOSED', penalty, { link: '//evil.example' }))).rejects.toThrow(/path/);
    expect(await db().notification.count()).toBe(0);
  });
});

describe('triggers', () => {
  it('a filed emission report → the provincial regulators of the entity’s province, in their language', async () => {
    const report = await fileReport(pearl.actor, YEAR, { lines: [{ source: 'Boiler 1', gas: 'CO2', quantity: '500' }], outputs: {} });
    for (const r of [reg.regulators.GD, gdReg2]) expect((await rowsOf(r.userId, 'REPORT_TO_VERIFY')).map((n) => n.params)).toEqual([
      { reportId: report.id, year: YEAR, organisation: 'Pearl Power', organisationZh: expect.any(String), reportedCo2e: 500, refiled: false },
    ]);
    expect(await rowsOf(reg.regulators.HB.userId)).toEqual([]);
    expect(await rowsOf(reg.mee.userId)).toEqual([]);
    // Verifying it settles it for every regulator: read, nobody need act any more.
    await verifyReport(reg.regulators.GD, YEAR, report.id, { decision: 'CONFIRM' });
    expect((await rowsOf(gdReg2.userId, 'REPORT_TO_VERIFY'))[0]!.readAt).toEqual(new Date(`${TEST_MARKET_START}T01:00:00.000Z`));
    const en = await listNotifications(reg.regulators.GD, {}, 'en');
    expect(en.items[0]).toMatchObject({ kind: 'REPORT_TO_VERIFY', title: 'Emission report 2025 to verify: Pearl Power', link: '/compliance/reports', readAt: expect.any(String) });
    expect(en.unreadCount).toBe(0);
    const zh = await listNotifications(gdReg2, {}, 'zh');
    expect(zh.items[0]!.title).toMatch(/^待核查：.+ 2025 年度排放报告$/);
  });

  it('the surrender deadline 7 days away → each covered entity’s compliance officers once, not those who surrendered in full', async () => {
    // Lingnan Power surrendered its verified obligation in full; Pearl Power and Qingshan Steel did not.
    const report = await fileReport(lingnan.actor, YEAR, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '1000' }], outputs: {} });
    await verifyReport(reg.regulators.GD, YEAR, report.id, { decision: 'CONFIRM' });
    await surrender(lingnan.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 1_000 }] });
    for (const [p, province] of [[pearl, 'GD'], [lingnan, 'GD'], [qingshan, 'HB']] as const) await cover(p, province);

    // The due work (with the cycles read in its one statement) writes them; the step alone then finds them sent.
    expect((await runDueWork()).deadlineReminders).toBe(2);
    expect(await remindDeadlines(TEST_MARKET_START)).toBe(0);
    expect((await runDueWork()).deadlineReminders).toBe(0);
    const reminders = await db().notification.findMany({ where: { kind: 'DEADLINE_APPROACHING' }, orderBy: { userId: 'asc' } });
    expect(reminders.map((r) => [r.userId, r.dedupeKey, r.params])).toEqual([
      [pearl.actor.userId, `deadline:${YEAR}:${pearl.organisationId}:7`, { year: YEAR, deadline: SURRENDER_BY, daysLeft: 7 }],
      [qingshan.actor.userId, `deadline:${YEAR}:${qingshan.organisationId}:7`, { year: YEAR, deadline: SURRENDER_BY, daysLeft: 7 }],
    ].sort((a, b) => Number(a[0]) - Number(b[0])));
    // 8 days before is the 30-day reminder's window, 2 days before the 7-day one's (sent already), the day itself the 1-day one's.
    expect(await remindDeadlines(addDays(TEST_MARKET_START, -1))).toBe(2);
    expect(await remindDeadlines(addDays(TEST_MARKET_START, 5))).toBe(0);
    expect(await remindDeadlines(SURRENDER_BY)).toBe(2);
    expect(await remindDeadlines(addDays(TEST_MARKET_START, 8))).toBe(0);
    const zh = await listNotifications(qingshan.actor, {}, 'zh');
    expect(zh.items.map((i) => i.title)).toEqual(['2025 年度清缴今日截止', '2025 年度清缴还有 8 天截止', '2025 年度清缴还有 7 天截止']);
  });

  it('a penalty when the year is closed → the entity’s compliance officers', async () => {
    await cycle(`${TEST_MARKET_START.slice(0, 4)}-03-31`, TEST_MARKET_CLOSED_THROUGH);
    await closeComplianceYear(reg.regulators.GD, YEAR);
    const rows = await rowsOf(pearl.actor.userId, 'PENALTY_IMPOSED');
    expect(rows.map((r) => [r.params, r.link])).toEqual([[{ year: YEAR, shortfall: 500, fine: expect.stringMatching(/^\d+\.\d{2}$/), deductionYear: 2026 }, '/compliance']]);
    expect(await rowsOf(lingnan.actor.userId, 'PENALTY_IMPOSED')).toEqual([]);
    // Closing again imposes nothing new and notifies nobody again.
    await closeComplianceYear(reg.regulators.GD, YEAR);
    expect(await rowsOf(pearl.actor.userId, 'PENALTY_IMPOSED')).toHaveLength(1);
  });

  it('an auction opening at its time → the traders who may bid (covered entities only here), once', async () => {
    const day = (await getClock()).nextTradingDay;
    await issue(reg.mee, { instrument: 'CEA', vintage: YEAR, quantity: 10_000, legalBasis: 'paid allocation 2025' });
    await setAsideForAuction(reg.mee, { vintage: YEAR, quantity: 10_000, legalBasis: 'paid allocation 2025' });
    const a = await createAuction(reg.mee, {
      title: 'Paid allocation 2025, lot 1', titleZh: '2025年度有偿分配 第1批', instrument: 'CEA', vintage: YEAR, quantity: 10_000, reservePrice: '50.00',
      opensAt: `${day}T10:30:00+08:00`, closesAt: `${day}T11:30:00+08:00`, eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null, pricing: 'UNIFORM', tieRule: 'PRO_RATA',
    });
    await scheduleAuction(reg.mee, a.id);
    expect(await db().notification.count({ where: { kind: 'AUCTION_OPENING' } })).toBe(0);
    await controlClock(reg.exchange, { action: 'set', at: `${day}T10:30:00+08:00` });
    await runDueWork();
    const rows = await db().notification.findMany({ where: { kind: 'AUCTION_OPENING' }, orderBy: { userId: 'asc' } });
    expect(rows.map((r) => r.userId)).toEqual([pearl.actor.userId, lingnan.actor.userId, qingshan.actor.userId]);
    expect(rows[0]).toMatchObject({ link: `/auctions/${a.id}`, email: false, emailStatus: 'SKIPPED' });
    const zh = await listNotifications(qingshan.actor, { limit: 1 }, 'zh');
    expect(zh.items[0]!.title).toBe('拍卖开始：2025年度有偿分配 第1批');
    expect(zh.items[0]!.body).toContain(`${day} 11:30`);
  });
});

describe('the API', () => {
  it('GET /api/v1/me/notifications pages the caller’s own, newest first, in the Accept-Language language; unread=true filters', async () => {
    const first = await call(listRoute, { path: '/api/v1/me/notifications?limit=2', token: tokens.qingshan, headers: { 'accept-language': 'zh-CN' } });
    expect(first.status).toBe(200);
    const all = await db().notification.findMany({ where: { userId: qingshan.actor.userId, inApp: true }, orderBy: { id: 'desc' } });
    expect(first.body.items.map((i: { id: number }) => i.id)).toEqual(all.slice(0, 2).map((r) => r.id));
    expect(first.body.items[0].title).toMatch(/[\u4e00-\u9fff]/);
    expect(first.body.unreadCount).toBe(all.length);
    expect(first.body.nextCursor).toBe(String(all[1]!.id));
    const second = await call(listRoute, { path: `/api/v1/me/notifications?limit=2&cursor=${first.body.nextCursor}`, token: tokens.qingshan });
    expect(second.body.items.map((i: { id: number }) => i.id)).toEqual(all.slice(2, 4).map((r) => r.id));
    expect(second.body.items[0].title).toMatch(/^[\x20-\x7e]+$/);
    expect(second.body.items[0]).toMatchObject({ createdAt: expect.stringMatching(/Z$/), readAt: null, params: expect.any(Object) });
  });

  it('POST /api/v1/me/notifications/read marks the caller’s own (ids of others change nothing), or all', async () => {
    const mine = await db().notification.findMany({ where: { userId: qingshan.actor.userId, inApp: true }, orderBy: { id: 'asc' } });
    const others = await db().notification.findFirstOrThrow({ where: { userId: pearl.actor.userId } });
    const res = await call(readRoute, { path: '/api/v1/me/notifications/read', token: tokens.qingshan, body: { ids: [mine[0]!.id, others.id] } });
    expect(res).toMatchObject({ status: 200, body: { marked: 1, unreadCount: mine.length - 1 } });
    expect((await db().notification.findUniqueOrThrow({ where: { id: others.id } })).readAt).toBeNull();
    const read = await db().notification.findUniqueOrThrow({ where: { id: mine[0]!.id } });
    expect(read.readAt).not.toBeNull();
    const unread = await call(listRoute, { path: '/api/v1/me/notifications?unread=true', token: tokens.qingshan });
    expect(unread.body.items.map((i: { id: number }) => i.id)).not.toContain(mine[0]!.id);
    // Again: nothing more to mark.
    expect((await call(readRoute, { token: tokens.qingshan, body: { ids: [mine[0]!.id] } })).body.marked).toBe(0);
    const bad = await call(readRoute, { token: tokens.qingshan, body: { ids: [1], all: true } });
    expect([bad.status, Object.keys(bad.body.error.fields)]).toEqual([400, ['ids']]);
    const allRead = await call(readRoute, { token: tokens.qingshan, body: { all: true } });
    expect(allRead.body).toEqual({ marked: mine.length - 1, unreadCount: 0 });
    expect((await call(listRoute, { path: '/api/v1/me/notifications?unread=true', token: tokens.qingshan })).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
  });

  it('GET|PUT /api/v1/me/notification-preferences reads and sets the caller’s preferences per kind', async () => {
    const before = await call(prefsGet, { token: tokens.pearl });
    expect(before.body.preferences).toHaveLength(8);
    const put = await call(prefsPut, { method: 'PUT', token: tokens.pearl, body: { preferences: [{ kind: 'AUCTION_OPENING', inApp: false, email: true }] } });
    expect(put.status).toBe(200);
    expect(put.body.preferences.find((p: { kind: string }) => p.kind === 'AUCTION_OPENING')).toEqual({ kind: 'AUCTION_OPENING', inApp: false, email: true, action: false });
    const dup = await call(prefsPut, { method: 'PUT', token: tokens.pearl, body: { preferences: [{ kind: 'AUCTION_OPENING', inApp: false, email: true }, { kind: 'AUCTION_OPENING', inApp: true, email: true }] } });
    expect(dup.status).toBe(400);
    const unknown = await call(prefsPut, { method: 'PUT', token: tokens.pearl, body: { preferences: [{ kind: 'GIFT', inApp: false, email: true }] } });
    expect(unknown.status).toBe(400);
    await db().notificationPreference.deleteMany();
  });
});

describe('the email outbox', () => {
  const mails: { to: string; subject: string; text: string }[] = [];
  let server: SMTPServer;
  let url: string;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bounce')) {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        } else callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (m) => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: m.subject ?? '', text: m.text ?? '' });
            callback();
          },
          (e: Error) => callback(e),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await new Promise<void>((resolve) => server.close(resolve));
  });

  it('mails each pending notification after the commit, in the recipient’s language, once', async () => {
    process.env.SMTP_URL = url;
    await db().notification.deleteMany();
    await inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId, qingshan.actor.userId] }, 'DEADLINE_APPROACHING', { year: YEAR, deadline: SURRENDER_BY, daysLeft: 7 }, { link: '/compliance' }));
    expect((await db().notification.findMany()).map((r) => r.emailStatus)).toEqual(['PENDING', 'PENDING']);
    const report = (await runDueWork()).emails;
    expect(report).toEqual({ sent: 2, retried: 0, failed: 0, skipped: 0 });
    const byTo = Object.fromEntries(mails.map((m) => [m.to, m]));
    expect(byTo[pearl.actor.email]).toMatchObject({ subject: 'Surrender deadline for 2025 in 7 days' });
    expect(byTo[pearl.actor.email]!.text).toContain(`must be surrendered by ${SURRENDER_BY}`);
    expect(byTo[pearl.actor.email]!.text).toContain('/compliance');
    expect(byTo[qingshan.actor.email]).toMatchObject({ subject: '2025 年度清缴还有 7 天截止' });
    expect(byTo[qingshan.actor.email]!.text).toContain(`${SURRENDER_BY} 前完成清缴`);
    const rows = await db().notification.findMany();
    expect(rows.map((r) => [r.emailStatus, r.emailAttempts, r.emailSentAt !== null])).toEqual([['SENT', 1, true], ['SENT', 1, true]]);
    // Nothing is mailed twice.
    expect(await deliverPendingEmails()).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(mails).toHaveLength(2);
  });

  it('retries a refused send a few times, then marks it FAILED, never throwing into the caller', async () => {
    process.env.SMTP_URL = url;
    await db().user.update({ where: { id: lingnan.actor.userId }, data: { email: `bounce-${lingnan.actor.userId}@test.cn` } });
    await inTransaction((tx) => notify(tx, { userIds: [lingnan.actor.userId] }, 'PENALTY_IMPOSED', penalty));
    const id = (await db().notification.findFirstOrThrow({ where: { userId: lingnan.actor.userId, emailStatus: 'PENDING' } })).id;
    for (let attempt = 1; attempt < EMAIL_MAX_ATTEMPTS; attempt += 1) {
      expect(await deliverPendingEmails()).toMatchObject({ sent: 0, retried: 1 });
      const row = await db().notification.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ emailStatus: 'PENDING', emailAttempts: attempt, emailError: expect.stringMatching(/Mailbox unavailable|550/) });
      // Not before its retry time …
      expect(await deliverPendingEmails()).toEqual({ sent: 0, retried: 0, failed: 0, skipped: 0 });
      // … which the test brings forward.
      await db().notification.update({ where: { id }, data: { emailNextAt: new Date(Date.now() - 1000) } });
    }
    expect(await deliverPendingEmails()).toMatchObject({ failed: 1 });
    expect(await db().notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailStatus: 'FAILED', emailAttempts: EMAIL_MAX_ATTEMPTS, emailSentAt: null });
    // A mail server out of reach: the write that runs the due work still succeeds.
    process.env.SMTP_URL = 'smtp://127.0.0.1:1';
    await inTransaction((tx) => notify(tx, { userIds: [pearl.actor.userId] }, 'PENALTY_IMPOSED', penalty));
    expect((await runDueWork()).emails).toMatchObject({ sent: 0, retried: 1 });
  });

  it('without SMTP_URL marks emails SKIPPED: at once, and those pending from before', async () => {
    delete process.env.SMTP_URL;
    await inTransaction((tx) => notify(tx, { userIds: [qingshan.actor.userId] }, 'PENALTY_IMPOSED', penalty, { dedupeKey: 'no-smtp' }));
    expect((await db().notification.findFirstOrThrow({ where: { dedupeKey: 'no-smtp' } })).emailStatus).toBe('SKIPPED');
    expect(await db().notification.count({ where: { emailStatus: 'PENDING' } })).toBe(1); // the unreachable server's
    expect((await deliverPendingEmails()).skipped).toBe(1);
    expect(await db().notification.count({ where: { emailStatus: 'PENDING' } })).toBe(0);
  });
});
