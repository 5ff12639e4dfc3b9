import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { GET as openApiDocument } from '@/app/api/v1/openapi.json/route';
import type { AuctionCreateCommand } from '@/schemas/auction';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { closeAuction, createAuction, placeBid, scheduleAuction } from '@/server/auction/auctions';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { createScenario, runScenarioOf } from '@/server/sandbox/scenarios';
import { loadActor, type Actor } from '@/server/identity/actor';
import { resetRateLimits } from '@/server/identity/rateLimit';
import { cancelVoluntarily, freeze, issue, pledge, requestNonTradeTransfer, setAsideForAuction } from '@/server/registry/movements';
import { controlClock } from '@/server/schedule/dueWork';
import { acceptBlockTrade, proposeBlockTrade } from '@/server/trading/blockTrades';
import { addHoliday } from '@/server/trading/holidays';
import { cancelListing, placeListing } from '@/server/trading/listings';
import { getClock, moveDemoClock } from '@/server/trading/market';
import { take } from '@/server/trading/takes';
import { bootstrapRegistry, createParticipant, TEST_PASSWORD, tokenFor, type Participant, type Registry } from '../../support/fixtures';
import { TEST_MARKET_CLOSED_THROUGH } from '../../support/clock';
import { call } from '../../support/http';
import { listInstrument, openMarket, setSettings, toAfternoon } from '../../support/trading';
import { fingerprint, loadRoutes, tableDigests, urlFor, type LoadedRoute } from './helpers';

/**
 * No GET changes state (ENGINEERING.md, Time: "Reads never write"). A registry with some of
 * everything — trades on the tape, open and cancelled listings, a list-and-cancel alert, large-holder
 * reports, a block trade and a pending block proposal, auctions settled, open (with sealed bids),
 * scheduled and in draft, freezes, pledges, a pending non-trade transfer, a voluntary cancellation,
 * an allocation run, emission reports, a surrender, a holiday — and then EVERY GET operation of the
 * OpenAPI document the app serves, called in-process as every kind of actor (anonymous, an entity's
 * trader and compliance officer, an investor, the provincial regulators of two provinces, the
 * national regulator, the registry operator, the exchange operator), with every path parameter
 * filled from the fixture and every documented query filter tried. The whole database (the named
 * fingerprint of helpers.ts and a digest of every table's content) must be identical before and
 * after, and no answer may be a 5xx.
 *
 * Then time passes without any write: the demo clock is moved (the clock alone, as real time
 * passes between two runs of the scheduler) past an open auction's close, past 15:00 and past a
 * scheduled auction's opening. The reads still change nothing: the auctions keep their status and
 * the day end does not run — that work belongs to the scheduler and to the catch-up before a write.
 * Finally the exchange operator's controlClock runs the due work (proving it was due), and the reads
 * change nothing once more.
 */

let reg: Registry;
let seller: Participant; // GD power plant: entity trader + compliance officer
let buyer: Participant; // GD cement: entity trader + compliance officer
let investor: Participant;
let hubei: Participant;
let day1: string;
let day2: string;
let runId: number;
let scenarioIds: number[];
const auctionIds = {} as Record<'settled' | 'open' | 'scheduled' | 'draft', number>;
const SYMBOLS = ['CEA-2024', 'CEA-2025'];
const YEARS = ['2024', '2025'];
const HOLIDAY = '2027-02-10';

interface Reader {
  kind: string;
  token: string | undefined;
}
let readers: Reader[];
let ops: GetOperation[];

const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const setClock = (day: string, hhmm: string) => controlClock(reg.exchange, { action: 'set', at: at(day, hhmm) });

const auctionTerms = (over: Partial<AuctionCreateCommand>): AuctionCreateCommand => ({
  title: 'Paid allocation 2025, lot', titleZh: '2025年度有偿分配', instrument: 'CEA', vintage: 2025, quantity: 50_000, reservePrice: '50.00',
  opensAt: at(day1, '13:30'), closesAt: at(day1, '13:45'), eligibility: 'COMPLIANCE_ENTITIES', perBidderMax: null, guaranteePercent: null,
  pricing: 'UNIFORM', tieRule: 'PRO_RATA', ...over,
});

const rule = (over: Partial<IndustryRuleCommand> & Pick<IndustryRuleCommand, 'industry' | 'name' | 'method' | 'outputUnit'>): IndustryRuleCommand => ({
  nameZh: '燃煤发电', declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0', ...over,
});

async function secondRegulator(of: Actor): Promise<Actor> {
  const u = await db().user.create({
    data: { email: `second-${of.userId}@test.cn`, name: 'Second regulator', passwordHash: TEST_PASSWORD, organisationId: of.organisationId, roles: ['PROVINCIAL_REGULATOR'] },
  });
  return loadActor(u.id);
}

async function cycle(year: number) {
  const dates = { reportDeadline: new Date('2099-03-31T00:00:00Z'), surrenderDeadline: new Date('2099-12-31T00:00:00Z') };
  await db().complianceCycle.upsert({ where: { year }, update: dates, create: { year, ...dates } });
}

beforeAll(async () => {
  reg = await bootstrapRegistry();
  const clock = await getClock();
  day1 = clock.tradingDay;
  day2 = clock.nextTradingDay;
  const gd2 = await secondRegulator(reg.regulators.GD);

  // Surveillance fires on small numbers: two cancellations a day, holdings above 1,000 t.
  await setSettings({ listAndCancelThreshold: 2, largeHolderThreshold: 1_000n });
  seller = await createParticipant(reg, { province: 'GD', name: 'Pearl Power', cea: { 2024: 400_000 }, ccer: { 2023: 5_000 }, cash: '100000.00' });
  buyer = await createParticipant(reg, { province: 'GD', name: 'Lingnan Cement', cash: '30000000.00' });
  investor = await createParticipant(reg, { province: 'GD', kind: 'INVESTOR', name: 'Green Capital', cash: '1000000.00' });
  hubei = await createParticipant(reg, { province: 'HB', name: 'Qingshan Steel', cea: { 2024: 10_000 }, cash: '1000.00' });
  await db().organisation.update({ where: { id: seller.organisationId }, data: { industry: 'POWER' } });
  await cycle(2024);
  await cycle(2025);
  await listInstrument(reg, 2024, '50.00');
  await listInstrument(reg, 2025, '50.00');
  await addHoliday(reg.exchange, { date: HOLIDAY, name: 'Spring Festival', nameZh: '春节' });

  // ---- morning: listings, takes, a list-and-cancel alert, large-holder reports ----
  await openMarket(reg);
  const sell = await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 2_000 });
  await take(buyer.actor, { listingId: sell.id, quantity: 1_500 });
  await placeListing(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.50', quantity: 1_000 });
  await placeListing(investor.actor, { symbol: 'CEA-2024', side: 'BUY', price: '49.00', quantity: 100 });
  for (const price of ['48.00', '48.50']) {
    const l = await placeListing(buyer.actor, { symbol: 'CEA-2024', side: 'BUY', price, quantity: 10 });
    await cancelListing(buyer.actor, BigInt(l.id));
  }

  // ---- afternoon: block trades, auctions ----
  await toAfternoon(reg);
  const block = await proposeBlockTrade(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '50.00', quantity: 100_000, counterpartyAccountId: buyer.accountId });
  await acceptBlockTrade(buyer.actor, block.id);
  await proposeBlockTrade(seller.actor, { symbol: 'CEA-2024', side: 'SELL', price: '51.00', quantity: 100_000, counterpartyAccountId: buyer.accountId });

  await issue(reg.mee, { instrument: 'CEA', vintage: 2025, quantity: 300_000, legalBasis: 'paid allocation 2025' });
  await setAsideForAuction(reg.mee, { vintage: 2025, quantity: 300_000, legalBasis: 'paid allocation 2025' });
  auctionIds.settled = (await createAuction(reg.mee, auctionTerms({ title: 'Paid allocation 2025, lot 1' }))).id;
  await scheduleAuction(reg.exchange, auctionIds.settled);
  await setClock(day1, '13:30');
  await placeBid(seller.actor, auctionIds.settled, { price: '55.00', quantity: 20_000 });
  await placeBid(buyer.actor, auctionIds.settled, { price: '52.00', quantity: 40_000 });
  await setClock(day1, '13:45');
  expect((await closeAuction(reg.exchange, auctionIds.settled)).status).toBe('SETTLED');

  auctionIds.open = (await createAuction(reg.mee, auctionTerms({ title: 'Paid allocation 2025, lot 2', opensAt: at(day1, '14:00'), closesAt: at(day1, '14:50') }))).id;
  await scheduleAuction(reg.exchange, auctionIds.open);
  auctionIds.scheduled = (await createAuction(reg.mee, auctionTerms({ title: 'Paid allocation 2025, lot 3', opensAt: at(day2, '10:30'), closesAt: at(day2, '11:30') }))).id;
  await scheduleAuction(reg.exchange, auctionIds.scheduled);
  auctionIds.draft = (await createAuction(reg.mee, auctionTerms({ title: 'Paid allocation 2025, lot 4', quantity: 10_000, opensAt: at(day2, '13:30'), closesAt: at(day2, '14:00') }))).id;
  await setClock(day1, '14:05');
  await placeBid(seller.actor, auctionIds.open, { price: '53.00', quantity: 5_000 });
  await placeBid(buyer.actor, auctionIds.open, { price: '54.00', quantity: 8_000 });

  // ---- registry: freeze, pledge, a pending non-trade transfer, a voluntary cancellation ----
  await freeze(reg.registry, { accountId: seller.accountId, instrument: 'CEA', vintage: 2024, quantity: 100, authority: 'Guangzhou Intermediate Court', orderReference: 'GZ-2026-1', reason: 'asset preservation order' });
  await pledge(reg.registry, { accountId: seller.accountId, instrument: 'CEA', vintage: 2024, quantity: 200, pledgee: 'Bank of Guangzhou', securedAmount: '9000.00', contractReference: 'PL-2026-7' });
  await requestNonTradeTransfer(seller.actor, { toAccountId: hubei.accountId, instrument: 'CEA', vintage: 2024, quantity: 300, kind: 'DONATION', reason: 'donation to a sister plant', documentsRef: 'DOC-2026-3' });
  await cancelVoluntarily(seller.actor, { instrument: 'CEA', vintage: 2024, quantity: 10, reason: 'offset our annual meeting' });

  // ---- allocation: plan, rule, installation, covered list, a confirmed pre-allocation run ----
  await saveIndustryRule(reg.mee, 2025, 'POWER_COAL', rule({ industry: 'POWER', name: 'Coal power', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', outputCapMultiple: '1' }));
  await setAllocationPlan(reg.mee, 2025, { nationalCap: 10_000_000, budgets: [{ provinceCode: 'GD', budget: 5_000_000 }, { provinceCode: 'HB', budget: 2_000_000 }] });
  await distributePlan(reg.mee, 2025);
  await saveInstallation(reg.regulators.GD, { organisationId: seller.organisationId, code: 'PP-U1', name: 'Unit 1', ruleCode: 'POWER_COAL', designCapacity: '1200000', baseEmissions: [], active: true });
  await addCoveredEntity(reg.regulators.GD, { organisationId: seller.organisationId, fromYear: 2024, basisYear: 2023, annualEmissions: 900_000 });

  // ---- compliance: reports filed and verified, a surrender ----
  const r2024 = await fileReport(seller.actor, 2024, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '900000' }], outputs: { 'PP-U1': '1000000' } });
  await verifyReport(reg.regulators.GD, 2024, r2024.id, { decision: 'CONFIRM' });
  const run = await prepareRun(reg.regulators.GD, 2025, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
  runId = run.id;
  await confirmRun(gd2, runId);
  const r2025 = await fileReport(seller.actor, 2025, { lines: [{ source: 'Boiler', gas: 'CO2', quantity: '100000' }, { source: 'Coal yard', gas: 'CH4', quantity: '10' }], outputs: {} });
  await verifyReport(reg.regulators.GD, 2025, r2025.id, { decision: 'CORRECT', verifiedEmissions: 120_000, note: 'Coal consumption understated' });
  await fileReport(buyer.actor, 2025, { lines: [{ source: 'Kiln', gas: 'CO2', quantity: '30000' }], outputs: {} });
  await surrender(seller.actor, 2025, { items: [{ instrument: 'CEA', vintage: 2024, quantity: 50_000 }] });
  // 2024's deadline passed and Guangdong closed it: the close preview, the penalties and the public report have something to read.
  await db().complianceCycle.update({ where: { year: 2024 }, data: { reportDeadline: new Date('2025-03-31T00:00:00Z'), surrenderDeadline: new Date(`${TEST_MARKET_CLOSED_THROUGH}T00:00:00Z`) } });
  await closeComplianceYear(reg.regulators.GD, 2024);

  // ---- the policy sandbox: a scenario that ran, and one that has not ----
  const ranScenario = await createScenario(reg.regulators.GD, { name: 'Cap −10 %', year: 2025, changes: { cap: { mode: 'PERCENT', percent: '-10' } } });
  await runScenarioOf(reg.regulators.GD, ranScenario.id);
  scenarioIds = [ranScenario.id, (await createScenario(reg.mee, { name: 'Not run yet', year: 2025, changes: {} })).id];
  await setClock(day1, '14:10');

  // Tokens are issued before the first fingerprint (issuing one is a write).
  const token = (a: Actor) => tokenFor(a);
  readers = [
    { kind: 'anonymous', token: undefined },
    { kind: 'entity (trader + compliance officer)', token: await token(seller.actor) },
    { kind: 'entity of the other province', token: await token(hubei.actor) },
    { kind: 'investor', token: await token(investor.actor) },
    { kind: 'provincial regulator (GD)', token: await token(reg.regulators.GD) },
    { kind: 'provincial regulator (HB)', token: await token(reg.regulators.HB) },
    { kind: 'national regulator', token: await token(reg.mee) },
    { kind: 'registry operator', token: await token(reg.registry) },
    { kind: 'exchange operator', token: await token(reg.exchange) },
  ];
  ops = await getOperations();
}, 180_000);

beforeEach(() => resetRateLimits());

// ---------------------------------------------------------------------------------------------
// The GET operations of the served OpenAPI document, with concrete requests for each
// ---------------------------------------------------------------------------------------------

interface DocParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: { enum?: unknown[]; type?: string | string[] };
}
interface GetOperation {
  path: string;
  operationId: string;
  parameters: DocParameter[];
  route: LoadedRoute;
}

async function getOperations(): Promise<GetOperation[]> {
  const res = await call(openApiDocument, { path: '/api/v1/openapi.json' });
  expect(res.status).toBe(200);
  const paths = res.body.paths as Record<string, { get?: { operationId: string; parameters?: DocParameter[] } }>;
  const routes = (await loadRoutes()).filter((r) => r.method === 'GET');
  const ops: GetOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!item.get) continue;
    const route = routes.find((r) => r.apiPath === path);
    if (!route) throw new Error(`GET ${path} is in the OpenAPI document but no route file exports GET for it`);
    ops.push({ path, operationId: item.get.operationId, parameters: item.get.parameters ?? [], route });
  }
  // Every GET handler is in the document, so none escapes this test.
  expect(routes.map((r) => r.apiPath).sort()).toEqual(ops.map((o) => o.path).sort());
  return ops;
}

/** The real values a path parameter takes in this fixture; a new kind of parameter must be added here. */
function pathValues(path: string, name: string): string[] {
  if (name === 'id' && path.startsWith('/api/v1/accounts/')) return [seller.accountId, investor.accountId, hubei.accountId].map(String);
  if (name === 'id' && path.startsWith('/api/v1/auctions/')) return Object.values(auctionIds).map(String);
  if (name === 'id' && path.startsWith('/api/v1/allocation/runs/')) return [String(runId)];
  if (name === 'id' && path.startsWith('/api/v1/sandbox/')) return scenarioIds.map(String);
  if (name === 'symbol') return SYMBOLS;
  if (name === 'year') return YEARS;
  if (name === 'organisationId') return [String(seller.organisationId)];
  if (name === 'code') return ['POWER_COAL'];
  if (name === 'date') return [HOLIDAY];
  throw new Error(`GET ${path}: the test does not know which real values to give the path parameter {${name}} — add them to pathValues()`);
}

/** Values to try for a query parameter (besides every value of an enum); [] = leave it out. */
function queryValues(path: string, p: DocParameter): string[] {
  if (p.schema.enum) return p.schema.enum.map(String);
  switch (p.name) {
    case 'cursor':
      return []; // followed from a first page's nextCursor instead
    case 'limit':
      return ['1'];
    case 'year':
      return ['2025'];
    case 'organisationId':
      return [String(seller.organisationId), String(hubei.organisationId)];
    case 'province':
      return ['GD', 'HB'];
    case 'symbol':
      return ['CEA-2024'];
    case 'day':
      return [day1];
    case 'from':
      return path.includes('/holidays') ? [day1] : ['2026-01-01'];
    case 'to':
      return ['2027-12-31'];
    case 'vintage':
      return ['2024'];
    case 'coalPrice':
      return ['800.00'];
    case 'gasPrice':
      return ['3.20'];
    case 'action':
      return ['movement.', 'auction.'];
    case 'levels':
      return ['20'];
    case 'days':
      return ['730'];
    default:
      if (p.required) throw new Error(`GET ${path}: the test does not know a value for the required query parameter ${p.name} — add it to queryValues()`);
      return [];
  }
}

interface Request {
  url: string;
  params: Record<string, string> | undefined;
}

/** Every concrete request of an operation: each combination of path values × (required query only, and each optional filter in turn). */
function requestsOf(op: GetOperation): Request[] {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  let combos: Record<string, string>[] = [{}];
  for (const p of pathParams) combos = combos.flatMap((c) => pathValues(op.path, p.name).map((v) => ({ ...c, [p.name]: v })));

  const query = op.parameters.filter((p) => p.in === 'query');
  const required = query.filter((p) => p.required);
  let base: Record<string, string>[] = [{}];
  for (const p of required) base = base.flatMap((b) => queryValues(op.path, p).map((v) => ({ ...b, [p.name]: v })));
  const variants: Record<string, string>[] = [...base];
  for (const p of query.filter((x) => !x.required)) {
    for (const v of queryValues(op.path, p)) variants.push({ ...base[0], [p.name]: v });
  }

  const out: Request[] = [];
  for (const params of combos) {
    for (const q of variants) {
      const search = new URLSearchParams(q).toString();
      out.push({ url: urlFor(op.path, params, search), params: Object.keys(params).length ? params : undefined });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading everything, and checking that nothing was written
// ---------------------------------------------------------------------------------------------

async function snapshot() {
  return { fingerprint: await fingerprint(), tables: await tableDigests() };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

function differences(before: Snapshot, after: Snapshot): string[] {
  const keys = (a: Record<string, string>, b: Record<string, string>) => [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return [
    ...keys(before.fingerprint, after.fingerprint).filter((k) => before.fingerprint[k] !== after.fingerprint[k])
      .map((k) => `fingerprint.${k}: ${before.fingerprint[k]} → ${after.fingerprint[k]}`),
    ...keys(before.tables, after.tables).filter((k) => before.tables[k] !== after.tables[k]).map((k) => `table ${k} changed`),
  ];
}

interface ReadReport {
  calls: number;
  /** 5xx answers, and 400s (a request this test built wrong reads nothing, so it proves nothing). */
  failures: string[];
  /** Operations that changed the database, with what changed. */
  writers: string[];
  /** Operations no actor got a 200 from (the read path itself was never exercised). */
  neverAnswered: string[];
  statuses: Record<string, Record<string, number[]>>;
}

/** Requests refused as invalid by design: a regulator's balance sheet must name the entity (`organisationId`). */
function expectedInvalid(url: string, readerKind: string): boolean {
  return url.startsWith('/api/v1/balance-sheet') && !url.includes('organisationId=') && readerKind.includes('regulator');
}

async function readEverything(ops: GetOperation[]): Promise<ReadReport> {
  const report: ReadReport = { calls: 0, failures: [], writers: [], neverAnswered: [], statuses: {} };
  let before = await snapshot();
  for (const op of ops) {
    let answered = false;
    const statuses: Record<string, Set<number>> = {};
    const send = async (reader: Reader, url: string, params: Request['params'], lang: string) => {
      await resetRateLimits();
      report.calls += 1;
      const res = await call(op.route.handler, { method: 'GET', path: url, params, token: reader.token, headers: { 'accept-language': lang } });
      (statuses[reader.kind] ??= new Set()).add(res.status);
      if (res.status >= 500 || (res.status === 400 && !expectedInvalid(url, reader.kind))) {
        report.failures.push(`GET ${url} as ${reader.kind} (${lang}) → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      if (res.status === 200) answered = true;
      return res;
    };
    for (const [r, reader] of readers.entries()) {
      for (const [i, req] of requestsOf(op).entries()) {
        // Answers in both languages, alternately (messages and labels are rendered per language).
        const lang = (i + r) % 2 ? 'zh-CN' : 'en';
        const first = await send(reader, req.url, req.params, lang);
        // Refused at sign-in, before anything else runs: the other filters would be refused alike.
        if (first.status === 401 && reader.token === undefined) break;
        // One page further, with the cursor the first page handed out.
        const cursor = first.status === 200 && first.body && typeof first.body === 'object' ? (first.body as { nextCursor?: unknown }).nextCursor : undefined;
        if (typeof cursor === 'string' && cursor) {
          const u = new URL(req.url, 'http://localhost');
          u.searchParams.set('cursor', cursor);
          await send(reader, `${u.pathname}${u.search}`, req.params, lang);
        }
      }
    }
    report.statuses[op.path] = Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, [...v].sort()]));
    if (!answered) report.neverAnswered.push(`GET ${op.path}`);
    const after = await snapshot();
    const changed = differences(before, after);
    if (changed.length) {
      report.writers.push(`GET ${op.path} (${op.operationId}) wrote: ${changed.join('; ')}`);
      before = after;
    }
  }
  return report;
}

async function expectReadsChangeNothing(ops: GetOperation[], when: string): Promise<ReadReport> {
  const start = await snapshot();
  const report = await readEverything(ops);
  const end = await snapshot();
  expect(report.calls, when).toBeGreaterThan(ops.length * readers.length);
  expect(report.writers, `GET operations that changed the database (${when})`).toEqual([]);
  expect(report.failures, `5xx answers, or requests this test built wrong (${when})`).toEqual([]);
  expect(report.neverAnswered, `GET operations that answered 200 to no actor (${when})`).toEqual([]);
  expect(differences(start, end), `the database after all the reads (${when})`).toEqual([]);
  return report;
}

const auctionStatus = async (id: number) => (await db().auction.findUniqueOrThrow({ where: { id } })).status;
const closedThrough = async () => {
  const [row] = await db().$queryRaw<{ d: string | null }[]>`SELECT closed_through::text AS d FROM market_clock WHERE id = 1`;
  return row?.d ?? null;
};
const openListings = () => db().listing.count({ where: { status: 'OPEN' } });

describe('No GET changes state', () => {
  let day0: string | null;

  it('the fixture has content for the list endpoints, and the document has every GET route', async () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
    expect({
      trades: await db().trade.count() >= 2,
      openListings: (await openListings()) >= 2,
      alerts: await db().surveillanceAlert.count() >= 1,
      largeHolders: await db().largeHolderReport.count() >= 1,
      pendingBlocks: await db().blockProposal.count({ where: { status: 'PENDING' } }),
      auctions: Object.fromEntries(await Promise.all(Object.entries(auctionIds).map(async ([k, id]) => [k, await auctionStatus(id)]))),
      bids: await db().auctionBid.count() >= 4,
      reports: await db().emissionReport.count(),
      surrenders: await db().surrender.count(),
      runs: await db().allocationRun.count({ where: { status: 'CONFIRMED' } }),
      transfers: await db().nonTradeTransfer.count({ where: { status: 'PENDING' } }),
      freezes: await db().freeze.count(),
      pledges: await db().pledge.count(),
    }).toEqual({
      trades: true, openListings: true, alerts: true, largeHolders: true, pendingBlocks: 1,
      auctions: { settled: 'SETTLED', open: 'OPEN', scheduled: 'SCHEDULED', draft: 'DRAFT' },
      bids: true, reports: 3, surrenders: 1, runs: 1, transfers: 1, freezes: 1, pledges: 1,
    });
    day0 = await closedThrough();
    expect(day0).not.toBe(day1);
  });

  it('every GET, as every kind of actor, changes nothing (market open, an auction taking bids)', async () => {
    await expectReadsChangeNothing(ops, `${day1} 14:10, afternoon session`);
  }, 600_000);

  it('after the clock moved past an auction close, 15:00 and an auction opening with no write since, reads change nothing and leave that work to the scheduler', async () => {
    // The clock alone moves, as real time passes between two runs of the scheduler.
    await moveDemoClock(reg.exchange, { action: 'set', at: at(day2, '10:45') });
    const due = async () => ({
      open: await auctionStatus(auctionIds.open), scheduled: await auctionStatus(auctionIds.scheduled), closedThrough: await closedThrough(), openListings: await openListings(),
    });
    const pending = await due();
    expect(pending).toMatchObject({ open: 'OPEN', scheduled: 'SCHEDULED', closedThrough: day0 });
    expect(pending.openListings).toBeGreaterThan(0);

    await expectReadsChangeNothing(ops, `${day2} 10:45 on the clock, the ${day1} day end and two auction windows due`);
    expect(await due(), 'reads ran the due work (auction windows or the day end)').toEqual(pending);

    // The due work was real: the exchange operator's clock control runs it.
    await controlClock(reg.exchange, { action: 'set', at: at(day2, '10:46') });
    expect(await due()).toEqual({ open: 'CLOSED', scheduled: 'OPEN', closedThrough: day1, openListings: 0 });
  }, 600_000);

  it('after controlClock moved past 15:00 and an auction window (the due work done), reads still change nothing', async () => {
    await controlClock(reg.exchange, { action: 'set', at: at(day2, '15:30') });
    expect({ scheduled: await auctionStatus(auctionIds.scheduled), closedThrough: await closedThrough() }).toEqual({ scheduled: 'CLOSED', closedThrough: day2 });
    await expectReadsChangeNothing(ops, `${day2} 15:30, after the day end`);
  }, 600_000);
});
