import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { endpoints, openApiDocument, type EndpointName } from '@/server/http/openapi';
import { createAuction } from '@/server/auction/auctions';
import { prepareRun } from '@/server/compliance/allocation';
import { saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { loadActor, type Actor } from '@/server/identity/actor';
import { issue, setAsideForAuction } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { proposeBlockTrade } from '@/server/trading/blockTrades';
import { placeListing } from '@/server/trading/listings';
import { getClock } from '@/server/trading/market';
import type { AuctionCreateCommand } from '@/schemas/auction';
import { POST as scheduleAuction } from '@/app/api/v1/auctions/[id]/schedule/route';
import { POST as cancelAuction } from '@/app/api/v1/auctions/[id]/cancel/route';
import { POST as closeAuction } from '@/app/api/v1/auctions/[id]/close/route';
import { POST as placeBid } from '@/app/api/v1/auctions/[id]/bids/route';
import { PUT as amendBid } from '@/app/api/v1/auctions/[id]/bids/[bidId]/route';
import { POST as withdrawBid } from '@/app/api/v1/auctions/[id]/bids/[bidId]/withdraw/route';
import { DELETE as cancelOrder, PATCH as amendOrder } from '@/app/api/v1/orders/[id]/route';
import { POST as rejectBlock } from '@/app/api/v1/block-trades/[id]/reject/route';
import { DELETE as withdrawBlock } from '@/app/api/v1/block-trades/[id]/route';
import { POST as distribute } from '@/app/api/v1/allocation/[year]/plan/distribute/route';
import { POST as confirmRun } from '@/app/api/v1/allocation/runs/[id]/confirm/route';
import { POST as approve } from '@/app/api/v1/approvals/[id]/approve/route';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { call, type CallOptions } from '../../support/http';
import { cashOf, listInstrument } from '../../support/trading';
import { expectError, expectNothingChanged, key, routeFiles } from './helpers';

/**
 * API.md: every request that moves units or cash (or locks or unlocks them) honours an
 * Idempotency-Key: the same request sent again with the same key answers the first result and
 * moves nothing again; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED. Each
 * such endpoint declares the header in the OpenAPI document (`idempotent: true`).
 */

/**
 * Every endpoint whose handler moves units or cash, or locks or unlocks them. Reviewed against
 * every endpoint of openapi.ts; the others read, or change reference data, statuses or policy
 * without a journal entry (compliance close records penalties and schedules deductions that an
 * allocation run applies; the demo clock's day end is the system's own work, not the caller's).
 */
const MOVING: EndpointName[] = [
  'cancellation', 'issuance', 'distribution', 'auctionSetAside', 'allocation',
  'auctionSchedule', 'auctionCancel', 'auctionClose', 'bidPlace', 'bidAmend', 'bidWithdraw',
  'freeze', 'freezeRelease', 'pledge', 'pledgeRelease', 'transferRequest', 'transferApprove', 'transferReject',
  'cashDeposit', 'listingCreate', 'listingAmend', 'listingCancel', 'take', 'blockPropose', 'blockAccept', 'blockReject', 'blockWithdraw',
  'surrender', 'allocationPlanDistribute', 'allocationRunConfirm',
  // Registry controls: cancelling a delayed transfer unlocks; approving a four-eyes request carries a movement out; a reversal moves once approved.
  'transferCancel', 'approvalApprove', 'reversal',
  // Four-eyes submissions of policy and rule changes: a retry answers the first request instead of asking twice.
  'compliancePolicySet', 'complianceCycleSet', 'allocationPlanSet', 'industryRuleSave',
];

type Handler = Parameters<typeof call>[0];

let reg: Registry;
let bidderA: Participant;
let bidderB: Participant;
let seller: Participant;
let buyer: Participant;
let entity: Participant;
let gd2: Actor;
const t = {} as Record<'a' | 'b' | 'seller' | 'buyer' | 'mee' | 'mee2' | 'exchange' | 'exchange2' | 'gd2', string>;
let DAY: string;
const at = (hhmm: string) => `${DAY}T${hhmm}:00+08:00`;
const setClock = (hhmm: string) => controlClock(reg.exchange, { action: 'set', at: at(hhmm) });

const terms = (over: Partial<AuctionCreateCommand> = {}): AuctionCreateCommand => ({
  title: 'Paid allocation 2025', instrument: 'CEA', vintage: 2025, quantity: 50_000, reservePrice: '50.00',
  opensAt: at('10:30'), closesAt: at('11:00'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null,
  pricing: 'UNIFORM', tieRule: 'PRO_RATA', ...over,
});

const entries = () => db().journalEntry.count();

/**
 * Sends the request with a fresh key, then again with the same key: the same status and body, and
 * nothing at all written the second time. Returns the first answer and the journal entries it posted.
 */
async function sendTwice(handler: Handler, opts: CallOptions, label: string) {
  const headers = { ...(opts.headers ?? {}), 'idempotency-key': key(label) };
  const before = await entries();
  const first = await call(handler, { ...opts, headers });
  expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
  const posted = (await entries()) - before;
  const again = await expectNothingChanged(() => call(handler, { ...opts, headers }));
  expect(again.status).toBe(first.status);
  expect(again.body).toEqual(first.body);
  return { first, posted, headers };
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  DAY = (await getClock()).nextTradingDay;
  bidderA = await createParticipant(reg, { province: 'GD', cash: '10000000.00', name: 'Bidder A' });
  bidderB = await createParticipant(reg, { province: 'HB', cash: '10000000.00', name: 'Bidder B' });
  seller = await createParticipant(reg, { province: 'GD', cea: { 2024: 400_000 }, cash: '10000.00', name: 'Seller Steel' });
  buyer = await createParticipant(reg, { province: 'HB', cash: '50000000.00', name: 'Buyer Power' });
  entity = await createParticipant(reg, { province: 'GD', name: 'Guangzhou Power' });
  await db().organisation.update({ where: { id: entity.organisationId }, data: { industry: 'POWER' } });
  const second = await db().user.create({
    data: { email: 'gd-second-idem@test.cn', name: 'Second GD regulator', passwordHash: TEST_PASSWORD, organisationId: reg.regulators.GD.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  gd2 = await loadActor(second.id);
  await listInstrument(reg, 2024, '50.00');
  await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 200_000, legalBasis: 'paid allocation 2025' });
  await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 200_000, legalBasis: 'paid allocation 2025' });
  t.a = await tokenFor(bidderA.actor);
  t.b = await tokenFor(bidderB.actor);
  t.seller = await tokenFor(seller.actor);
  t.buyer = await tokenFor(buyer.actor);
  t.mee = await tokenFor(reg.mee);
  t.exchange = await tokenFor(reg.exchange);
  t.mee2 = await tokenFor(reg.mee2);
  t.exchange2 = await tokenFor(reg.exchange2);
  t.gd2 = await tokenFor(gd2);
  await setClock('10:00');
});

describe('every endpoint that moves units or cash honours the Idempotency-Key', () => {
  it('declares it (idempotent: true, the header in the OpenAPI document), and only those endpoints do', () => {
    const declared = (Object.entries(endpoints) as [EndpointName, { idempotent?: boolean }][]).filter(([, e]) => e.idempotent).map(([n]) => n);
    expect([...declared].sort()).toEqual([...MOVING].sort());
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    for (const name of MOVING) {
      const e = endpoints[name];
      const op = doc.paths[e.path]![e.method.toLowerCase()]!;
      expect(op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'), name).toBe(true);
    }
  });

  it('passes the key from each such route to its use case', () => {
    const files = routeFiles();
    for (const name of MOVING) {
      const e = endpoints[name];
      const file = files.find((f) => f.apiPath === e.path);
      expect(file, name).toBeDefined();
      const source = readFileSync(file!.file, 'utf8');
      const line = source.split('\n').find((l) => l.startsWith(`export const ${e.method} = apiRoute(endpoints.${name},`));
      expect(line, `${name}: ${e.method} in ${file!.file}`).toBeDefined();
      expect(line, name).toMatch(/idempotencyKey \}\)/);
    }
  });
});

describe('auctions', () => {
  let id: number;
  let bidA: number;
  let bidB: number;
  const auctionLocked = async () => {
    const rows = await db().$queryRaw<{ locked: bigint }[]>`
      SELECT h.locked FROM holding h JOIN registry_account a ON a.id = h.account_id
       WHERE a.type = 'AUCTION' AND h.instrument = 'CEA' AND h.vintage = 2025`;
    return Number(rows[0]?.locked ?? 0n);
  };

  it('schedules once: its units are locked once', async () => {
    id = (await createAuction(reg.mee, terms())).id;
    const { posted } = await sendTwice(scheduleAuction, { params: { id: String(id) }, token: t.mee }, 'schedule');
    expect(posted).toBe(1);
    expect(await auctionLocked()).toBe(50_000);
  });

  it('five concurrent bids with one key make one bid and lock one guarantee, all answering the same', async () => {
    await setClock('10:30');
    const headers = { 'idempotency-key': key('bid') };
    const body = { price: '55.00', quantity: 10_000 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(placeBid, { params: { id: String(id) }, body, token: t.a, headers })));
    for (const r of answers) {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toEqual(answers[0]!.body);
    }
    bidA = (answers[0]!.body as { id: number }).id;
    expect(await db().auctionBid.count({ where: { auctionId: id, organisationId: bidderA.organisationId } })).toBe(1);
    expect(await cashOf(bidderA.accountId)).toEqual({ available: '9450000.00', locked: '550000.00' });
    expect(await db().journalEntry.count({ where: { reference: `AUCTION-${id}`, type: 'LOCK' } })).toBe(2); // the schedule and one guarantee

    // Sent again later: the same answer, nothing moved; another bid under the same key is refused.
    await expectNothingChanged(async () => {
      const again = await call(placeBid, { params: { id: String(id) }, body, token: t.a, headers });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(answers[0]!.body);
      await expectError(placeBid, { params: { id: String(id) }, body: { ...body, quantity: 10_001 }, token: t.a, headers }, 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  it('a bid sent twice in a row, amended twice, withdrawn twice: each moves once', async () => {
    const placed = await sendTwice(placeBid, { params: { id: String(id) }, body: { price: '52.00', quantity: 5_000 }, token: t.b }, 'bid');
    expect(placed.first.status).toBe(201);
    expect(placed.posted).toBe(1);
    bidB = (placed.first.body as { id: number }).id;
    expect(await cashOf(bidderB.accountId)).toEqual({ available: '9740000.00', locked: '260000.00' });

    const ids = { id: String(id), bidId: String(bidB) };
    const amended = await sendTwice(amendBid, { method: 'PUT', params: ids, body: { price: '53.00', quantity: 6_000 }, token: t.b }, 'amend');
    expect(amended.posted).toBe(1);
    expect(amended.first.body).toMatchObject({ price: '53.00', quantity: 6_000, guarantee: '318000.00' });
    expect(await cashOf(bidderB.accountId)).toEqual({ available: '9682000.00', locked: '318000.00' });

    const withdrawn = await sendTwice(withdrawBid, { params: ids, token: t.b }, 'withdraw');
    expect(withdrawn.posted).toBe(1);
    expect(withdrawn.first.body).toMatchObject({ status: 'WITHDRAWN' });
    expect(await cashOf(bidderB.accountId)).toEqual({ available: '10000000.00', locked: '0.00' });
    // Without a key, a second withdrawal is refused as before.
    await expectError(withdrawBid, { params: ids, token: t.b }, 409, 'BID_NOT_ACTIVE');
  });

  it('closes once: one settlement request, approved once, one settlement', async () => {
    await setClock('11:00');
    const asked = await sendTwice(closeAuction, { params: { id: String(id) }, token: t.exchange }, 'close');
    expect(asked.first.status).toBe(202);
    expect(asked.posted).toBe(0);
    expect(await db().approvalRequest.count({ where: { action: 'auction.settlement', targetId: String(id) } })).toBe(1);
    const approvalId = String((asked.first.body as { approvalId: number }).approvalId);
    const { first, posted } = await sendTwice(approve, { params: { id: approvalId }, body: { note: 'Bids checked' }, token: t.exchange2 }, 'close-approve');
    expect(first.body).toMatchObject({ status: 'APPROVED', result: { status: 'SETTLED' } });
    expect(posted).toBe(1);
    expect(await db().journalEntry.count({ where: { reference: `AUCTION-${id}`, type: 'AUCTION_SETTLEMENT' } })).toBe(1);
    // Undersubscribed: the uniform price is the reserve, 10,000 t × 50.00.
    expect(await cashOf(bidderA.accountId)).toEqual({ available: '9500000.00', locked: '0.00' });
    expect(await db().auctionBid.findUniqueOrThrow({ where: { id: bidA } })).toMatchObject({ status: 'WON' });
  });

  it('cancels once: its units are unlocked once', async () => {
    const other = (await createAuction(reg.mee, terms({ opensAt: at('14:00'), closesAt: at('14:30') }))).id;
    await sendTwice(scheduleAuction, { params: { id: String(other) }, token: t.mee }, 'schedule');
    expect(await auctionLocked()).toBe(50_000);
    const { first, posted } = await sendTwice(cancelAuction, { params: { id: String(other) }, body: { reason: 'lot withdrawn' }, token: t.mee }, 'cancel');
    expect(first.body).toMatchObject({ status: 'CANCELLED' });
    expect(posted).toBe(1);
    expect(await auctionLocked()).toBe(0);
  });
});

describe('listings and block proposals', () => {
  it('amends and cancels a listing once each', async () => {
    await setClock('11:10');
    const listing = await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 1_000 });
    const ids = { id: String(listing.id) };
    const amended = await sendTwice(amendOrder, { method: 'PATCH', params: ids, body: { quantity: 600 }, token: t.seller }, 'amend-listing');
    expect(amended.posted).toBe(1);
    expect(amended.first.body).toMatchObject({ remaining: 600 });
    const cancelled = await sendTwice(cancelOrder, { method: 'DELETE', params: ids, token: t.seller }, 'cancel-listing');
    expect(cancelled.posted).toBe(1);
    expect(cancelled.first.body).toMatchObject({ status: 'CANCELLED' });
    const rows = await db().$queryRaw<{ locked: bigint }[]>`SELECT locked FROM holding WHERE account_id = ${seller.accountId} AND instrument = 'CEA' AND vintage = 2024`;
    expect(Number(rows[0]!.locked)).toBe(0);
  });

  it('rejects and withdraws a block proposal once each', async () => {
    await setClock('13:30');
    const proposal = { symbol: 'CEA-2024', side: 'SELL' as const, price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId };
    const toReject = await proposeBlockTrade(seller.actor, proposal);
    const rejected = await sendTwice(rejectBlock, { params: { id: String(toReject.id) }, token: t.buyer }, 'reject');
    expect(rejected.posted).toBe(1);
    expect(rejected.first.body).toMatchObject({ status: 'REJECTED' });
    const toWithdraw = await proposeBlockTrade(seller.actor, proposal);
    const withdrawn = await sendTwice(withdrawBlock, { method: 'DELETE', params: { id: String(toWithdraw.id) }, token: t.seller }, 'withdraw-block');
    expect(withdrawn.posted).toBe(1);
    expect(withdrawn.first.body).toMatchObject({ status: 'CANCELLED' });
  });
});

describe('allocation', () => {
  it('distributes a plan and confirms a run once each', async () => {
    await saveIndustryRule(reg.mee, 2026, 'POWER_HIST', {
      industry: 'POWER', name: 'Coal power (historical)', nameZh: '燃煤发电', method: 'HISTORICAL_EMISSIONS', outputUnit: 'MWh',
      declineFactor: '0.3', adjustmentFactors: [], preAllocationShare: '1', paidShare: '0',
    });
    await setAllocationPlan(reg.mee, 2026, { nationalCap: 1_000_000, budgets: [{ provinceCode: 'GD', budget: 500_000 }] });
    const asked = await sendTwice(distribute, { params: { year: '2026' }, token: t.mee }, 'distribute');
    expect(asked.posted).toBe(0);
    const distributed = await sendTwice(approve, { params: { id: String((asked.first.body as { approvalId: number }).approvalId) }, body: { note: 'Plan checked' }, token: t.mee2 }, 'distribute-approve');
    expect(distributed.posted).toBe(2); // the issuance and one province
    await saveInstallation(reg.regulators.GD, { organisationId: entity.organisationId, code: 'GZ-U1', name: 'Unit 1', ruleCode: 'POWER_HIST', baseEmissions: [100_000], active: true });
    await addCoveredEntity(reg.regulators.GD, { organisationId: entity.organisationId, fromYear: 2026, basisYear: 2025, annualEmissions: 100_000 });
    const run = await prepareRun(reg.regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
    const confirmed = await sendTwice(confirmRun, { params: { id: String(run.id) }, token: t.gd2 }, 'confirm');
    expect(confirmed.first.body).toMatchObject({ status: 'CONFIRMED' });
    expect(confirmed.posted).toBe(1);
    expect(await db().journalEntry.count({ where: { reference: `allocation-run:${run.id}` } })).toBe(1);
  });
});
