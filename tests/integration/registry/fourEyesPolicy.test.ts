import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { addDays } from '@/domain/trading/calendar';
import { approvalSubmittedSchema } from '@/schemas/controls';
import type { AuctionCreateCommand } from '@/schemas/auction';
import { POST as closeAuction } from '@/app/api/v1/auctions/[id]/close/route';
import { PUT as putRule } from '@/app/api/v1/allocation/[year]/rules/[code]/route';
import { POST as confirmRunRoute } from '@/app/api/v1/allocation/runs/[id]/confirm/route';
import { createAuction, placeBid, scheduleAuction } from '@/server/auction/auctions';
import { prepareRun } from '@/server/compliance/allocation';
import { distributePlan, listIndustryRules, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { loadActor, type Actor } from '@/server/identity/actor';
import { decideApproval } from '@/server/registry/approvals';
import { issue, setAsideForAuction } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { getClock } from '@/server/trading/market';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { expectRefused } from '../../support/trading';
import { approvedBy, expectError, expectNothingChanged } from '../http/helpers';

/**
 * Four eyes on policy, rules, allocation runs and auction settlement (issue 13 §5), on a real
 * database through the real routes. A submission is checked at once by rehearsing the service
 * that will carry it out (its refusals come back and nothing is left behind), waits as a request
 * without moving or changing anything, is never decided by its requester, and is carried out
 * once by a second person of the rule. An allocation run's preview is its own request: it
 * expires as the rule says. The clock starts on the next trading day and only moves forward.
 */
let reg: Registry;
let bidder: Participant;
let entity: Participant;
let gd2: Actor;
const t = {} as Record<'mee' | 'mee2' | 'exchange' | 'exchange2' | 'gd2', string>;
let DAY: string;
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00+08:00`;
const setClock = (when: string) => controlClock(reg.exchange, { action: 'set', at: when });

const terms = (over: Partial<AuctionCreateCommand> = {}): AuctionCreateCommand => ({
  title: 'Paid allocation 2025', instrument: 'CEA', vintage: 2025, quantity: 50_000, reservePrice: '50.00',
  opensAt: at('10:30'), closesAt: at('11:00'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null,
  pricing: 'UNIFORM', tieRule: 'PRO_RATA', ...over,
});

beforeAll(async () => {
  reg = await bootstrapRegistry();
  DAY = (await getClock()).nextTradingDay;
  bidder = await createParticipant(reg, { province: 'GD', cash: '10000000.00', name: 'Bidder' });
  entity = await createParticipant(reg, { province: 'GD', name: 'Guangzhou Power' });
  await db().organisation.update({ where: { id: entity.organisationId }, data: { industry: 'POWER' } });
  const second = await db().user.create({
    data: { email: 'gd-second-4eyes@test.cn', name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  gd2 = await loadActor(second.id);
  t.mee = await tokenFor(reg.mee);
  t.mee2 = await tokenFor(reg.mee2);
  t.exchange = await tokenFor(reg.exchange);
  t.exchange2 = await tokenFor(reg.exchange2);
  t.gd2 = await tokenFor(gd2);
  await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 50_000, legalBasis: 'paid allocation 2025' });
  await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 50_000, legalBasis: 'paid allocation 2025' });
  await setClock(at('10:00'));
});

describe('auction settlement: asked by one exchange operator, approved by another', () => {
  let id: number;

  it('is refused while the window is open, leaving nothing behind', async () => {
    id = (await createAuction(reg.mee, terms())).id;
    await scheduleAuction(reg.mee, id);
    await setClock(at('10:30'));
    await placeBid(bidder.actor, id, { price: '55.00', quantity: 10_000 });
    await expectNothingChanged(() => expectError(closeAuction, { params: { id: String(id) }, token: t.exchange }, 409, 'WINDOW_OPEN'));
  });

  it('after the window: the request waits; nothing is cleared, moved or published until approved', async () => {
    await setClock(at('11:05'));
    const entries = await db().journalEntry.count();
    const asked = await call(closeAuction, { params: { id: String(id) }, token: t.exchange });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const { approvalId } = approvalSubmittedSchema.parse(asked.body);
    // The rehearsal settled the auction inside a savepoint and rolled it back.
    expect(await db().journalEntry.count()).toBe(entries);
    expect(await db().auction.findUniqueOrThrow({ where: { id } })).toMatchObject({ settledAt: null, settlementEntryId: null, clearingPrice: null });
    expect(await db().auctionBid.findFirstOrThrow({ where: { auctionId: id } })).toMatchObject({ status: 'ACTIVE', wonQuantity: null });
    expect(await db().auditLog.count({ where: { action: 'auction.settle', targetId: String(id) } })).toBe(0);

    await expectNothingChanged(async () => {
      // One settlement request waits at a time; its requester never approves it; a regulator does not even see it.
      await expectError(closeAuction, { params: { id: String(id) }, token: t.exchange }, 409, 'APPROVAL_ALREADY_REQUESTED');
      await expectRefused(decideApproval(reg.exchange, approvalId, 'approve', 'mine'), 'APPROVAL_NOT_ALLOWED', 403);
      await expectRefused(decideApproval(reg.mee, approvalId, 'approve', 'not mine'), 'NOT_FOUND', 404);
    });

    const settled = await approvedBy(asked, t.exchange2);
    expect(settled).toMatchObject({ status: 'SETTLED', result: { quantitySold: 10_000, clearingPrice: '50.00' } });
    expect(await db().journalEntry.count({ where: { reference: `AUCTION-${id}`, type: 'AUCTION_SETTLEMENT' } })).toBe(1);
    // Carried out as the requester; the approval is the second person's record.
    const settle = await db().auditLog.findFirstOrThrow({ where: { action: 'auction.settle', targetId: String(id) } });
    expect(settle.actorUserId).toBe(reg.exchange.userId);
    const approval = await db().auditLog.findFirstOrThrow({ where: { action: 'approval.approve', targetId: String(approvalId) } });
    expect(approval.actorUserId).toBe(reg.exchange2.userId);
    await expectRefused(decideApproval(reg.exchange2, approvalId, 'approve', 'again'), 'APPROVAL_CLOSED', 409);
  });
});

describe('an industry rule: the rehearsal refuses what the service refuses', () => {
  const rule = { industry: 'POWER', name: 'Coal power', nameZh: '燃煤发电', method: 'HISTORICAL_EMISSIONS', outputUnit: 'MWh', declineFactor: '0.3', adjustmentFactors: [], preAllocationShare: '1', paidShare: '0' };

  it('waits without changing the rules, and is carried out by a second national regulator', async () => {
    const asked = await call(putRule, { method: 'PUT', params: { year: '2026', code: 'POWER_HIST' }, body: rule, token: t.mee });
    expect(await listIndustryRules(reg.mee, 2026)).toEqual([]);
    expect(await approvedBy(asked, t.mee2)).toMatchObject({ code: 'POWER_HIST', declineFactor: '0.3' });
    expect((await listIndustryRules(reg.mee, 2026)).map((r) => r.code)).toEqual(['POWER_HIST']);
  });

  it('once a run of the year is confirmed, a change is refused when asked (409 RULES_IN_USE) and nothing is stored', async () => {
    await setAllocationPlan(reg.mee, 2026, { nationalCap: 1_000_000, budgets: [{ provinceCode: 'GD', budget: 500_000 }] });
    await distributePlan(reg.mee, 2026);
    await saveInstallation(reg.regulators.GD, { organisationId: entity.organisationId, code: 'GZ-U1', name: 'Unit 1', ruleCode: 'POWER_HIST', baseEmissions: [100_000], active: true });
    await addCoveredEntity(reg.regulators.GD, { organisationId: entity.organisationId, fromYear: 2026, basisYear: 2025, annualEmissions: 100_000 });
    const run = await prepareRun(reg.regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    expect((await call(confirmRunRoute, { params: { id: String(run.id) }, token: t.gd2 })).status).toBe(200);
    await expectNothingChanged(() => expectError(putRule, { method: 'PUT', params: { year: '2026', code: 'POWER_HIST' }, body: { ...rule, declineFactor: '0.5' }, token: t.mee }, 409, 'RULES_IN_USE'));
  });
});

describe('an allocation run: the preview is the request, and it expires', () => {
  it('a preview older than the rule’s expiry cannot be confirmed (409 RUN_EXPIRED); prepared again, it can', async () => {
    await saveIndustryRule(reg.mee, 2027, 'POWER_HIST', { industry: 'POWER', name: 'Coal power', nameZh: '燃煤发电', method: 'HISTORICAL_EMISSIONS', outputUnit: 'MWh', declineFactor: '0.3', adjustmentFactors: [], preAllocationShare: '1', paidShare: '0' });
    await setAllocationPlan(reg.mee, 2027, { nationalCap: 1_000_000, budgets: [{ provinceCode: 'GD', budget: 500_000 }] });
    await distributePlan(reg.mee, 2027);
    const stale = await prepareRun(reg.regulators.GD, 2027, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    // Seven days and a bit later (the rule: 7 × 24 h).
    await setClock(at('11:30', addDays(DAY, 8)));
    await expectNothingChanged(() => expectError(confirmRunRoute, { params: { id: String(stale.id) }, token: t.gd2 }, 409, 'RUN_EXPIRED'));
    const fresh = await prepareRun(reg.regulators.GD, 2027, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    expect((await call(confirmRunRoute, { params: { id: String(fresh.id) }, token: t.gd2 })).status).toBe(200);
  });
});
