import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as health } from '@/app/api/v1/health/route';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { amendBid, createAuction, openAuction, placeBid, scheduleAuction, withdrawBid } from '@/server/auction/auctions';
import { saveIndustryRule } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { applyForAccount, changeAccountStatus, updateOrganisation } from '@/server/registry/accounts';
import {
  allocate, cancelVoluntarily, decideNonTradeTransfer, depositCash, distributeToProvince, freeze, issue, pledge, releasePledge,
  requestNonTradeTransfer, setAsideForAuction, unfreeze,
} from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { controlClock } from '@/server/schedule/dueWork';
import { acceptBlockTrade, closeBlockProposal, proposeBlockTrade } from '@/server/trading/blockTrades';
import { amendListing, cancelListing, placeListing } from '@/server/trading/listings';
import { getClock } from '@/server/trading/market';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, type Participant, type Registry } from '../../support/fixtures';
import { call } from '../../support/http';
import { DomainError } from '@/server/errors';
import { listInstrument, openMarket, toAfternoon } from '../../support/trading';

/**
 * No write use case needs a second pooled connection while it holds its transaction
 * (ENGINEERING.md: inside a transaction every read goes through that transaction's connection;
 * ten parallel surrenders once took the whole platform down for 30 s).
 *
 * For every write use case, pool size + 5 calls run IN PARALLEL by the same actor, contending for
 * the same rows: the pool is exhausted, and transactions queue on the rows' locks while holding
 * their connection. If one of them read through `db()` (another pooled connection) while holding
 * its locks, the pool would deadlock until Prisma's transaction timeout (30 s). So each use case has
 * a deadline well under it (15 s), every call must settle by then as a success or a DomainError —
 * never a timeout, a pool-wait error (P2028) or any other error — at least one must succeed where
 * success is possible, a read issued during the burst must answer, and afterwards the ledger still
 * verifies and the health check answers.
 */

/** The Prisma client's pool (src/db/client.ts: `max: Number(process.env.DB_POOL_SIZE ?? 10)`). */
const POOL = Number(process.env.DB_POOL_SIZE ?? 10);
/** Calls per use case: more than the pool holds. */
const N = POOL + 5;
/** Per use case, well under Prisma's 30 s transaction timeout (src/server/tx.ts). */
const DEADLINE_MS = 15_000;
const TEST_TIMEOUT_MS = 120_000;

let reg: Registry;
/** The compliance year: the calendar year before the market clock's (the clock follows today's date). */
let YEAR: number;
/** The market clock's trading day when the file starts (for the auction window). */
let DAY: string;

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const clock = await getClock();
  DAY = clock.tradingDay;
  YEAR = Number(DAY.slice(0, 4)) - 1;
});

const TIMEOUT = 'TIMEOUT';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Burst {
  /** Per call: 'OK', the DomainError's code, 'TIMEOUT', or 'UNEXPECTED: …' (any other error). */
  codes: string[];
}

/**
 * Launches `N` calls of one use case at once (`make(i)` for i = 0…N−1) and a plain read during the
 * burst; waits for them up to the deadline. If some did not settle, waits (bounded) for the
 * stragglers before failing, so that the next use case starts with a free pool.
 */
async function burst(make: (i: number) => Promise<unknown>): Promise<Burst> {
  const calls = Array.from({ length: N }, (_, i) => make(i));
  // A GET-like read while every connection may be taken: it must get one within the deadline.
  const read = sleep(20).then(() => db().$queryRaw<{ one: number }[]>`SELECT 1::int AS one`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), DEADLINE_MS);
  });
  const settle = (p: Promise<unknown>) => Promise.race([p.then(() => 'OK', outcomeOf), deadline]);
  const [codes, readCode] = await Promise.all([Promise.all(calls.map(settle)), settle(read)]);
  clearTimeout(timer);
  if (codes.includes(TIMEOUT) || readCode === TIMEOUT) {
    await Promise.race([Promise.allSettled([...calls, read]), sleep(45_000)]);
  }
  expect(readCode, `a read during the burst answers within the deadline (calls: ${JSON.stringify(count(codes))})`).toBe('OK');
  return { codes };
}

/** A DomainError's code; anything else as 'UNEXPECTED: <error> <Prisma code>: <its last line>' (short enough to read in a failure). */
function outcomeOf(e: unknown): string {
  if (e instanceof DomainError) return e.code;
  const err = e as { name?: string; code?: string; message?: string };
  const lastLine = String(err?.message ?? e).trim().split('\n').filter(Boolean).at(-1)?.trim() ?? '';
  return `UNEXPECTED: ${err?.name ?? 'Error'}${typeof err?.code === 'string' ? ` ${err.code}` : ''}: ${lastLine.slice(0, 200)}`;
}

const count = (codes: string[]) => codes.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {});
/** Anything but a success or a DomainError's code (a timeout, a pool-wait error, a bug). */
const notDomain = (codes: string[]) => codes.filter((c) => c === TIMEOUT || c.startsWith('UNEXPECTED'));

/**
 * Every call settled cleanly; `ok` successes exactly (a number) or at least one (`'some'`); then the
 * ledger verifies and the health check answers.
 */
async function expectSettled(codes: string[], ok: number | 'some'): Promise<void> {
  expect(notDomain(codes), `outcomes: ${JSON.stringify(count(codes))}`).toEqual([]);
  const successes = codes.filter((c) => c === 'OK').length;
  if (ok === 'some') expect(successes, `outcomes: ${JSON.stringify(count(codes))}`).toBeGreaterThan(0);
  else expect(successes, `outcomes: ${JSON.stringify(count(codes))}`).toBe(ok);
  await expectPlatformAnswers();
}

async function expectPlatformAnswers(): Promise<void> {
  const report = await verifyLedger();
  expect({ ok: report.ok, holdings: report.holdingMismatches, cash: report.cashMismatches }).toEqual({ ok: true, holdings: [], cash: [] });
  // The health check gives the database 2 s: a pool still held by stuck transactions answers 503.
  expect(await call(health, { path: '/api/v1/health' })).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });
  expect(await db().$queryRaw<{ one: number }[]>`SELECT 1::int AS one`).toEqual([{ one: 1 }]);
}

/** One use case, one `it`: a failure names it. */
const racing = (name: string, fn: () => Promise<void>) => it(name, fn, TEST_TIMEOUT_MS);

describe('the pool under test', () => {
  racing(`holds ${POOL} connections: ${N} parallel reads share them`, async () => {
    const pids = await Promise.all(Array.from({ length: N }, () => db().$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid, pg_sleep(0.3)::text`));
    expect(new Set(pids.map((r) => r[0]!.pid)).size).toBe(POOL);
  });
});

describe(`registry: ${N} parallel calls of one use case by one actor`, () => {
  racing('cancelVoluntarily', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const { codes } = await burst((i) => cancelVoluntarily(holder.actor, { instrument: 'CEA', vintage: 2024, quantity: 100, reason: `pool ${i}` }));
    await expectSettled(codes, 10);
  });

  racing('requestNonTradeTransfer', async () => {
    const from = await createParticipant(reg, { cea: { 2024: 1000 } });
    const to = await createParticipant(reg);
    const { codes } = await burst((i) =>
      requestNonTradeTransfer(from.actor, { toAccountId: to.accountId, instrument: 'CEA', vintage: 2024, quantity: 100, kind: 'DONATION', reason: `pool ${i}`, documentsRef: 'DOC-1' }));
    await expectSettled(codes, 10);
  });

  for (const decision of ['approve', 'reject'] as const) {
    racing(`decideNonTradeTransfer (${decision}, one request)`, async () => {
      const from = await createParticipant(reg, { cea: { 2024: 1000 } });
      const to = await createParticipant(reg);
      const { requestId } = await requestNonTradeTransfer(from.actor, { toAccountId: to.accountId, instrument: 'CEA', vintage: 2024, quantity: 400, kind: 'DONATION', reason: 'gift', documentsRef: 'DOC-2' });
      const { codes } = await burst((i) => decideNonTradeTransfer(reg.registry, requestId, decision, `decision ${i}`));
      await expectSettled(codes, 1);
    });
  }

  racing('freeze', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const { codes } = await burst((i) =>
      freeze(reg.registry, { accountId: holder.accountId, instrument: 'CEA', vintage: 2024, quantity: 100, authority: 'Court', orderReference: `F-${i}`, reason: 'court order' }));
    await expectSettled(codes, 10);
  });

  racing('pledge', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const { codes } = await burst((i) =>
      pledge(reg.registry, { accountId: holder.accountId, instrument: 'CEA', vintage: 2024, quantity: 100, pledgee: 'Bank of Test', securedAmount: '1000.00', contractReference: `P-${i}` }));
    await expectSettled(codes, 10);
  });

  racing('unfreeze (one freeze)', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const { freezeId } = await freeze(reg.registry, { accountId: holder.accountId, instrument: 'CEA', vintage: 2024, quantity: 500, authority: 'Court', orderReference: 'F-X', reason: 'court order' });
    const { codes } = await burst((i) => unfreeze(reg.registry, freezeId, `lifted ${i}`));
    await expectSettled(codes, 1);
  });

  racing('releasePledge (one pledge)', async () => {
    const holder = await createParticipant(reg, { cea: { 2024: 1000 } });
    const { pledgeId } = await pledge(reg.registry, { accountId: holder.accountId, instrument: 'CEA', vintage: 2024, quantity: 500, pledgee: 'Bank of Test', securedAmount: '1000.00', contractReference: 'P-X' });
    const { codes } = await burst((i) => releasePledge(reg.registry, pledgeId, `repaid ${i}`));
    await expectSettled(codes, 1);
  });

  racing('depositCash (one account)', async () => {
    const holder = await createParticipant(reg);
    const { codes } = await burst((i) => depositCash(reg.exchange, { accountId: holder.accountId, amount: '100.00', reference: `DEP-${i}` }));
    await expectSettled(codes, N);
  });

  racing('applyForAccount (one credit code)', async () => {
    const creditCode = makeCreditCode('91440100888880001');
    const { codes } = await burst(() => applyForAccount(reg.registry, { name: 'Pool Cement Co.', nameZh: '连接池水泥', creditCode, kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' }));
    await expectSettled(codes, 1);
  });


  racing('changeAccountStatus (approve one application)', async () => {
    const app = await applyForAccount(reg.registry, { name: 'Pool Steel Co.', nameZh: '连接池钢铁', creditCode: makeCreditCode('91440100888880002'), kind: 'COMPLIANCE_ENTITY', provinceCode: 'GD' });
    const { codes } = await burst((i) => changeAccountStatus(reg.registry, app.accountId, { action: 'approve', reason: `documents checked ${i}` }));
    await expectSettled(codes, 1);
  });

  racing('updateOrganisation (one organisation)', async () => {
    const holder = await createParticipant(reg);
    const { codes } = await burst((i) => updateOrganisation(reg.registry, holder.organisationId, { address: `No. ${i} Pool Road`, reason: 'moved' }));
    await expectSettled(codes, 'some');
  });

  racing('issue', async () => {
    const { codes } = await burst((i) => issue(reg.mee, { instrument: 'CEA', vintage: 2024, quantity: 1000, legalBasis: `pool issuance ${i}` }));
    await expectSettled(codes, N);
  });

  racing('distributeToProvince', async () => {
    const { codes } = await burst((i) => distributeToProvince(reg.mee, { provinceCode: 'GD', vintage: 2024, quantity: 100, legalBasis: `pool distribution ${i}` }));
    await expectSettled(codes, N);
  });

  racing('allocate (one account)', async () => {
    const holder = await createParticipant(reg);
    const { codes } = await burst((i) => allocate(reg.regulators.GD, { accountId: holder.accountId, instrument: 'CEA', vintage: 2024, quantity: 10, legalBasis: `pool allocation ${i}` }));
    await expectSettled(codes, N);
  });

  racing('setAsideForAuction', async () => {
    const { codes } = await burst((i) => setAsideForAuction(reg.mee, { vintage: 2024, quantity: 10, legalBasis: `pool set-aside ${i}` }));
    await expectSettled(codes, N);
  });
});

describe(`compliance: ${N} parallel calls of one use case by one actor`, () => {
  let entity: Participant;

  beforeAll(async () => {
    const data = { reportDeadline: new Date('2099-03-31T00:00:00Z'), surrenderDeadline: new Date('2099-12-31T00:00:00Z') };
    await db().complianceCycle.upsert({ where: { year: YEAR }, update: data, create: { year: YEAR, ...data } });
    entity = await createParticipant(reg, { province: 'GD', cea: { [YEAR]: 1000 } });
  });

  racing('fileReport (one entity and year)', async () => {
    const { codes } = await burst((i) => fileReport(entity.actor, YEAR, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: String(10_000 + i) }], outputs: {} }));
    await expectSettled(codes, 'some');
  });


  racing('verifyReport (one report)', async () => {
    const report = await db().emissionReport.findUniqueOrThrow({ where: { organisationId_year: { organisationId: entity.organisationId, year: YEAR } } });
    const { codes } = await burst(() => verifyReport(reg.regulators.GD, YEAR, report.id, { decision: 'CONFIRM' }));
    await expectSettled(codes, 1);
  });

  racing('surrender', async () => {
    const { codes } = await burst(() => surrender(entity.actor, YEAR, { items: [{ instrument: 'CEA', vintage: YEAR, quantity: 100 }] }));
    await expectSettled(codes, 10);
  });

  racing('addCoveredEntity (one organisation)', async () => {
    await saveIndustryRule(reg.mee, YEAR, 'POOL_HIST', {
      industry: 'POOL', name: 'Pool industry (historical emissions)', nameZh: '连接池行业', method: 'HISTORICAL_EMISSIONS', outputUnit: 't',
      declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0',
    });
    const covered = await createParticipant(reg, { province: 'GD' });
    await db().organisation.update({ where: { id: covered.organisationId }, data: { industry: 'POOL' } });
    const { codes } = await burst(() => addCoveredEntity(reg.regulators.GD, { organisationId: covered.organisationId, fromYear: YEAR, basisYear: YEAR - 1, annualEmissions: 900_000 }));
    await expectSettled(codes, 1);
  });
});

describe(`auctions: ${N} parallel calls of one use case by one actor`, () => {
  let auctionId: number;
  const CASH = '10000000.00';

  beforeAll(async () => {
    await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 100_000, legalBasis: 'paid allocation' });
    await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 100_000, legalBasis: 'paid allocation' });
    const draft = await createAuction(reg.mee, {
      title: 'Pool auction', instrument: 'CEA', vintage: 2025, quantity: 100_000, reservePrice: '50.00',
      opensAt: `${DAY}T09:10:00+08:00`, closesAt: `${DAY}T14:50:00+08:00`, eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: 10_000, guaranteePercent: null,
      pricing: 'UNIFORM', tieRule: 'PRO_RATA',
    });
    auctionId = draft.id;
    await scheduleAuction(reg.exchange, auctionId);
    expect((await openAuction(reg.exchange, auctionId)).status).toBe('OPEN');
  });

  racing('placeBid (over the per-bidder maximum)', async () => {
    const bidder = await createParticipant(reg, { cash: CASH });
    const { codes } = await burst((i) => placeBid(bidder.actor, auctionId, { price: (55 + i / 100).toFixed(2), quantity: 1000 }));
    await expectSettled(codes, 10);
  });

  racing('amendBid (one bid)', async () => {
    const bidder = await createParticipant(reg, { cash: CASH });
    const bid = await placeBid(bidder.actor, auctionId, { price: '55.00', quantity: 1000 });
    const { codes } = await burst((i) => amendBid(bidder.actor, auctionId, bid.id, { price: (56 + i / 100).toFixed(2), quantity: 1000 + i }));
    await expectSettled(codes, N);
  });

  racing('withdrawBid (one bid)', async () => {
    const bidder = await createParticipant(reg, { cash: CASH });
    const bid = await placeBid(bidder.actor, auctionId, { price: '55.00', quantity: 1000 });
    const { codes } = await burst(() => withdrawBid(bidder.actor, auctionId, bid.id));
    await expectSettled(codes, 1);
  });
});

describe(`trading: ${N} parallel calls of one use case by one actor`, () => {
  /** Each use case trades its own instrument (a vintage of its own), so earlier books do not interfere. */
  let nextVintage = 2010;
  const freshSymbol = async () => listInstrument(reg, nextVintage++, '50.00');
  const vintageOf = (symbol: string) => Number(symbol.slice(4));

  beforeAll(async () => {
    await openMarket(reg);
  });

  racing('placeListing (sell, more than held)', async () => {
    const symbol = await freshSymbol();
    const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1000 } });
    const { codes } = await burst(() => placeListing(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 100 }));
    await expectSettled(codes, 10);
  });

  racing('placeListing (buy, more than the cash)', async () => {
    const symbol = await freshSymbol();
    // One buy of 100 t at 50.00 locks 5,000.00 plus the fee: the cash covers ten, not eleven.
    const buyer = await createParticipant(reg, { cash: '50500.00' });
    const { codes } = await burst(() => placeListing(buyer.actor, { symbol, side: 'BUY', price: '50.00', quantity: 100 }));
    await expectSettled(codes, 10);
  });

  racing('amendListing (one listing)', async () => {
    const symbol = await freshSymbol();
    const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1000 } });
    const listing = await placeListing(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 1000 });
    const { codes } = await burst((i) => amendListing(seller.actor, BigInt(listing.id), { quantity: 950 - 10 * i }));
    await expectSettled(codes, 'some');
  });

  racing('cancelListing (one listing)', async () => {
    const symbol = await freshSymbol();
    const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1000 } });
    const listing = await placeListing(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 1000 });
    const { codes } = await burst(() => cancelListing(seller.actor, BigInt(listing.id)));
    await expectSettled(codes, 1);
  });

  racing('take (one listing)', async () => {
    const symbol = await freshSymbol();
    const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1000 } });
    const buyer = await createParticipant(reg, { cash: '1000000.00' });
    const listing = await placeListing(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 1000 });
    const { codes } = await burst(() => take(buyer.actor, { listingId: listing.id, quantity: 100 }));
    await expectSettled(codes, 10);
  });

  racing('take (limit sweep)', async () => {
    const symbol = await freshSymbol();
    const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1000 } });
    const buyer = await createParticipant(reg, { cash: '1000000.00' });
    for (const price of ['50.00', '50.10', '50.20', '50.30']) await placeListing(seller.actor, { symbol, side: 'SELL', price, quantity: 250 });
    const { codes } = await burst(() => take(buyer.actor, { symbol, side: 'BUY', limitPrice: '50.30', quantity: 100 }));
    await expectSettled(codes, 10);
  });

  describe('block trades (afternoon session)', () => {
    beforeAll(async () => {
      await toAfternoon(reg);
    });

    racing('proposeBlockTrade (more than held)', async () => {
      const symbol = await freshSymbol();
      const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 1_000_000 } });
      const { codes } = await burst(() => proposeBlockTrade(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 100_000 }));
      await expectSettled(codes, 10);
    });

    racing('acceptBlockTrade (one proposal)', async () => {
      const symbol = await freshSymbol();
      const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 100_000 } });
      const buyer = await createParticipant(reg, { cash: '6000000.00' });
      const proposal = await proposeBlockTrade(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId });
      const { codes } = await burst(() => acceptBlockTrade(buyer.actor, proposal.id));
      await expectSettled(codes, 1);
    });

    for (const how of ['reject', 'withdraw'] as const) {
      racing(`closeBlockProposal (${how}, one proposal)`, async () => {
        const symbol = await freshSymbol();
        const seller = await createParticipant(reg, { cea: { [vintageOf(symbol)]: 100_000 } });
        const buyer = await createParticipant(reg, { cash: '100.00' });
        const proposal = await proposeBlockTrade(seller.actor, { symbol, side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId });
        const { codes } = await burst(() => closeBlockProposal(how === 'reject' ? buyer.actor : seller.actor, proposal.id, how));
        await expectSettled(codes, 1);
      });
    }
  });
});

describe(`the demo clock: ${N} parallel moves by the exchange operator`, () => {
  racing('controlClock (close the open session)', async () => {
    expect((await getClock()).listedOpen).toBe(true);
    const { codes } = await burst(() => controlClock(reg.exchange, { action: 'close-session' }));
    await expectSettled(codes, 1);
  });

  racing('controlClock (next trading day: day ends and auction windows run)', async () => {
    const before = await getClock();
    const { codes } = await burst(() => controlClock(reg.exchange, { action: 'next-trading-day' }));
    await expectSettled(codes, N);
    const after = await getClock();
    expect(after.tradingDay > before.tradingDay).toBe(true);
    // Every day end ran once, through the last trading day the clock left.
    expect(after.closedThrough !== null && after.closedThrough >= before.tradingDay).toBe(true);
  });
});
