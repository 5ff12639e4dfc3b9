import Decimal from 'decimal.js';
import { db, pool } from '@/db/client';
import { seedMarketSetup, HOLIDAY_SET } from '@/db/seedMarket';
import { publishRules } from '@/db/seedAllocation';
import { makeCreditCode } from '@/domain/registry/creditCode';
import { note } from '@/domain/notes';
import { priceTimesTonnes } from '@/domain/money';
import { buyerLock, riskReserveShare, tradeFee } from '@/domain/trading/fees';
import { fromMarketTime, isTradingDay, nextTradingDay } from '@/domain/trading/calendar';
import { renderNote } from '@/i18n/notes';
import { auctionCreateSchema } from '@/schemas/auction';
import { loadActor, type Actor } from '@/server/identity/actor';
import { hashPassword } from '@/server/identity/credentials';
import { ensureSystemAccounts, openLinkedAccounts } from '@/server/registry/accounts';
import { depositCash, setAsideForAuction } from '@/server/registry/movements';
import { distributePlan, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity } from '@/server/compliance/coveredEntities';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { closeComplianceYear } from '@/server/compliance/penalties';
import { setCycle } from '@/server/compliance/policy';
import { closeAuction, createAuction, placeBid, scheduleAuction } from '@/server/auction/auctions';
import { sealAuditLog } from '@/server/audit/audit';
import { createInstrument } from '@/server/trading/instruments';
import { controlClock } from '@/server/schedule/dueWork';
import { inTransaction } from '@/server/tx';
import { randomInt, seededRandom } from './stats';

/**
 * A national market built for `npm run bench:scale`: 31 provinces, N compliance entities (power,
 * cement, steel) and M investors, five compliance cycles (2021–2025; 2021–2024 closed, 2025 before
 * its deadline, 2026 published and pre-allocated), a million trades and twenty auctions.
 *
 * What the registry and the regulators do goes through the real services, on the market clock:
 * coverage, installations, each year's rules, plan and distribution, emission reports filed and
 * verified, the allocation runs of every province (prepared and confirmed by two regulators), cash
 * deposits, surrenders, the closes of the years, the auctions (set-aside, creation, bids, close and
 * settlement), the day ends (every daily bar comes from the real day end).
 *
 * Two things are written in bulk, because a million of them through the order entry would take
 * hours: the organisations with their users and accounts (as the demo seed and the account
 * services write them: organisation, user, registry account opened PENDING → ACTIVE with its status
 * change, trading and cash accounts), and the trades. A bulk trade is exactly what a listing filled
 * by one take writes: the listing (FILLED), its LOCK entry, the settlement entry with its unit and
 * cash postings and fees (the same fee and risk-reserve functions), the trade row, and the audit
 * records `listing.place` and `trade.take`; the holdings and cash balances move by the same
 * amounts. Sellers sell only what they held at the start of the day (T+1), buyers pay with cash they
 * have, prices stay inside the band. `verifyLedger` must pass on the result.
 * Simplifications: no position limits and no large-holder threshold (bulk trades do not check
 * them); the holiday calendar of 2021–2023 has weekends only.
 */

export const PROVINCES: [code: string, name: string, nameZh: string][] = [
  ['BJ', 'Beijing', '北京市'], ['TJ', 'Tianjin', '天津市'], ['HE', 'Hebei', '河北省'], ['SX', 'Shanxi', '山西省'], ['NM', 'Inner Mongolia', '内蒙古自治区'],
  ['LN', 'Liaoning', '辽宁省'], ['JL', 'Jilin', '吉林省'], ['HL', 'Heilongjiang', '黑龙江省'], ['SH', 'Shanghai', '上海市'], ['JS', 'Jiangsu', '江苏省'],
  ['ZJ', 'Zhejiang', '浙江省'], ['AH', 'Anhui', '安徽省'], ['FJ', 'Fujian', '福建省'], ['JX', 'Jiangxi', '江西省'], ['SD', 'Shandong', '山东省'],
  ['HA', 'Henan', '河南省'], ['HB', 'Hubei', '湖北省'], ['HN', 'Hunan', '湖南省'], ['GD', 'Guangdong', '广东省'], ['GX', 'Guangxi', '广西壮族自治区'],
  ['HI', 'Hainan', '海南省'], ['CQ', 'Chongqing', '重庆市'], ['SC', 'Sichuan', '四川省'], ['GZ', 'Guizhou', '贵州省'], ['YN', 'Yunnan', '云南省'],
  ['XZ', 'Tibet', '西藏自治区'], ['SN', 'Shaanxi', '陕西省'], ['GS', 'Gansu', '甘肃省'], ['QH', 'Qinghai', '青海省'], ['NX', 'Ningxia', '宁夏回族自治区'],
  ['XJ', 'Xinjiang', '新疆维吾尔自治区'],
];
/** The province whose allocation run is measured: it holds `bigProvinceInstallations` installations. */
export const BIG_PROVINCE = 'GD';
export const FIRST_YEAR = 2021;
export const LAST_CLOSED_YEAR = 2024;
export const OPEN_YEAR = 2025;
export const START_DAY = '2021-01-04';
export const END_DAY = '2026-11-16';
export const NATION_PASSWORD = 'nation-password-1';

/** Installation kinds: the demo's industry rules (publishRules), with typical outputs and the emission intensity of 2025's benchmark. */
const KINDS = {
  POWER_COAL_300: { industry: 'POWER', unit: [2_000_000, 4_000_000], intensity: 0.8218 },
  POWER_COAL_SUB300: { industry: 'POWER', unit: [900_000, 2_000_000], intensity: 0.8773 },
  POWER_GAS: { industry: 'POWER', unit: [400_000, 1_100_000], intensity: 0.3901 },
  CEMENT_CLINKER: { industry: 'CEMENT', unit: [600_000, 1_600_000], intensity: 0.858 },
  CEMENT_GRINDING: { industry: 'CEMENT', unit: [1_000_000, 2_000_000], intensity: 0.0285 },
  STEEL_LONG: { industry: 'STEEL', unit: [800_000, 2_000_000], intensity: 1.98 },
} as const;
type KindCode = keyof typeof KINDS;

interface PlannedInstallation {
  code: string;
  rule: KindCode;
  output: number;
}

export interface NationEntity {
  organisationId: number;
  userId: number;
  accountId: number;
  cashAccountId: number;
  province: string;
  kind: 'COMPLIANCE_ENTITY' | 'INVESTOR';
  installations: PlannedInstallation[];
  /** Emissions per unit of benchmark allocation: above 1 the entity runs short. */
  intensity: number;
}

export interface NationOptions {
  entities: number;
  investors: number;
  trades: number;
  auctions: number;
  bigProvinceInstallations: number;
  seed: number;
  /** Stop once this compliance year is closed (a smaller build, e.g. to time one close of many entities). */
  stopAfterClosing?: number;
  /** Concurrent service calls while building (the services are safe under concurrency). */
  concurrency: number;
  say: (line: string) => void;
}

export interface NationActors {
  mee: Actor;
  exchange: Actor;
  registry: Actor;
  regulators: Map<string, Actor>;
  secondRegulators: Map<string, Actor>;
}

export interface BuildStep {
  step: string;
  seconds: number;
  detail?: string;
}

export interface Nation {
  actors: NationActors;
  entities: NationEntity[];
  steps: BuildStep[];
  /** Seconds each national year close took (entities closed). */
  closes: { year: number; seconds: number; entities: number }[];
  trades: number;
  auctions: number;
  /** The allocation runs of the big province: preparing (the preview) and confirming. */
  allocationRuns: { year: number; kind: string; province: string; installations: number; lines: number; prepareSeconds: number; confirmSeconds: number }[];
  /** Logins per role for the page timings (password NATION_PASSWORD). */
  logins: { role: string; email: string }[];
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const clockAt = (day: string, minute: number) => fromMarketTime({ date: day, minute }).toISOString();

export async function buildNation(opts: NationOptions): Promise<Nation> {
  const { say } = opts;
  const random = seededRandom(opts.seed);
  const steps: BuildStep[] = [];
  const timed = async <T>(step: string, work: () => Promise<T>, detail?: (r: T) => string): Promise<T> => {
    const t0 = performance.now();
    const r = await work();
    const seconds = (performance.now() - t0) / 1000;
    steps.push({ step, seconds, detail: detail?.(r) });
    say(`${step}: ${seconds.toFixed(1)} s${detail ? ` (${detail(r)})` : ''}`);
    return r;
  };

  // --- the registry opens ------------------------------------------------------------------
  const { actors, entities, logins } = await timed('organisations, users and accounts (bulk)', () => openRegistry(opts, random), (r) => `${r.entities.length} participants`);
  const { mee, exchange } = actors;
  const complianceEntities = entities.filter((e) => e.kind === 'COMPLIANCE_ENTITY');
  const bigInstallations = complianceEntities.filter((e) => e.province === BIG_PROVINCE).reduce((s, e) => s + e.installations.length, 0);
  const regulatorOf = (e: NationEntity) => actors.regulators.get(e.province)!;
  let clockDay = START_DAY;
  const setClock = async (day: string, minute = 9 * 60 + 30) => {
    await controlClock(exchange, { action: 'set', at: clockAt(day, minute) });
    clockDay = day;
  };

  await timed('cash deposits (services)', () => inParallel(entities, opts.concurrency, async (e, i) => {
    await depositCash(exchange, { accountId: e.accountId, amount: e.kind === 'INVESTOR' ? '200000000.00' : '100000000.00', reference: `Bank transfer NATION-${i + 1}` });
  }), () => `${entities.length} deposits`);

  // --- the years ---------------------------------------------------------------------------
  const outputOf = (i: PlannedInstallation, year: number) => Math.round(i.output * (1 + 0.02 * Math.sin(year * 7 + i.output)));
  const emissionsOf = (e: NationEntity, year: number) => Math.round(e.installations.reduce((s, i) => s + outputOf(i, year) * KINDS[i.rule].intensity, 0) * e.intensity);
  /** Budgets: what the benchmarks would allocate, with room; the cap leaves a national reserve for the auctions. */
  const publishYear = async (year: number) => {
    await setCycle(mee, year, { reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31` });
    await publishRules(mee, year);
    const budgets = PROVINCES.map(([code]) => ({
      provinceCode: code,
      budget: Math.max(1_000_000, Math.round(complianceEntities.filter((e) => e.province === code).reduce((s, e) => s + e.installations.reduce((t, i) => t + outputOf(i, year) * KINDS[i.rule].intensity, 0), 0) * 1.3)),
    }));
    const total = budgets.reduce((s, b) => s + b.budget, 0);
    await setAllocationPlan(mee, year, { nationalCap: Math.round(total * 1.05), budgets });
    await distributePlan(mee, year);
  };
  const allocationRuns: Nation['allocationRuns'] = [];
  const runs = async (year: number, kind: 'PRE_ALLOCATION' | 'TRUE_UP') => {
    await inParallel(PROVINCES, Math.min(2, opts.concurrency), async ([code]) => {
      const t0 = performance.now();
      const run = await prepareRun(actors.regulators.get(code)!, year, { provinceCode: code, kind });
      const t1 = performance.now();
      await confirmRun(actors.secondRegulators.get(code)!, run.id);
      if (code === BIG_PROVINCE) {
        allocationRuns.push({ year, kind, province: code, installations: bigInstallations, lines: run.lines.length, prepareSeconds: (t1 - t0) / 1000, confirmSeconds: (performance.now() - t1) / 1000 });
      }
    });
  };
  const reports = async (year: number) => {
    const users = new Map<number, Actor>();
    const userOf = async (e: NationEntity) => users.get(e.userId) ?? (users.set(e.userId, await loadActor(e.userId)), users.get(e.userId)!);
    await inParallel(complianceEntities, opts.concurrency, async (e) => {
      const r = await fileReport(await userOf(e), year, {
        lines: [{ source: 'Fuel combustion and process emissions', gas: 'CO2', quantity: String(emissionsOf(e, year)) }],
        outputs: Object.fromEntries(e.installations.map((i) => [i.code, String(outputOf(i, year))])),
      });
      await verifyReport(regulatorOf(e), year, r.id, { decision: 'CONFIRM' });
    });
  };
  const surrenders = async (year: number) => {
    const users = new Map<number, Actor>();
    const held = await holdingsOf(complianceEntities.map((e) => e.accountId));
    await inParallel(complianceEntities, opts.concurrency, async (e) => {
      // Most entities surrender in full from what they hold (oldest vintages first); one in ten is short.
      let left = emissionsOf(e, year);
      const items: { instrument: 'CEA'; vintage: number; quantity: number }[] = [];
      for (let v = FIRST_YEAR; v <= year && left > 0; v++) {
        const q = Math.min(left, Number(held.get(`${e.accountId}|${v}`) ?? 0n));
        if (q > 0) items.push({ instrument: 'CEA', vintage: v, quantity: q });
        left -= q;
      }
      if (items.length === 0) return;
      const actor = users.get(e.userId) ?? (users.set(e.userId, await loadActor(e.userId)), users.get(e.userId)!);
      await surrender(actor, year, { items });
    });
  };
  const closes: Nation['closes'] = [];
  const closeYear = async (year: number) => {
    const t0 = performance.now();
    const closing = await closeComplianceYear(mee, year);
    const seconds = (performance.now() - t0) / 1000;
    closes.push({ year, seconds, entities: complianceEntities.length });
    say(`closed ${year} for ${complianceEntities.length} entities in ${seconds.toFixed(1)} s (${JSON.stringify(closing).length} bytes of answer)`);
  };

  await timed(`year ${FIRST_YEAR} published`, () => publishYear(FIRST_YEAR));
  await timed('installations and covered-entity list (services)', () => inParallel(complianceEntities, opts.concurrency, async (e) => {
    for (const i of e.installations) {
      await saveInstallation(regulatorOf(e), {
        organisationId: e.organisationId, code: i.code, name: `${i.rule} ${i.code}`, ruleCode: i.rule, designCapacity: String(Math.round(i.output * 1.25)),
        baseEmissions: [], historicalIntensity: i.rule === 'CEMENT_GRINDING' ? '0.0285' : undefined, active: true,
      });
    }
    const emissions = Math.round(e.installations.reduce((s, i) => s + i.output * KINDS[i.rule].intensity, 0) * e.intensity);
    await addCoveredEntity(regulatorOf(e), { organisationId: e.organisationId, fromYear: FIRST_YEAR, basisYear: FIRST_YEAR - 1, annualEmissions: Math.max(emissions, 26_000) });
  }), () => `${complianceEntities.length} entities, ${complianceEntities.reduce((s, e) => s + e.installations.length, 0)} installations`);

  const market = new BulkMarket(entities, random, say);
  let auctionsHeld = 0;
  const auctionDays = new Set<string>();


  // Trading days from the first January after the first year; compliance events in January and December.
  const totalDays = countTradingDays(`${FIRST_YEAR + 1}-01-04`, END_DAY);
  const perDay = Math.ceil(opts.trades / totalDays);
  const auctionsPerYear = Math.ceil(opts.auctions / (2026 - FIRST_YEAR));
  for (let year = FIRST_YEAR + 1; year <= 2026; year++) {
    for (let n = 0; n < auctionsPerYear && auctionDays.size < opts.auctions; n++) auctionDays.add(onTradingDay(`${year}-${String(3 + n * 2).padStart(2, '0')}-10`));
  }

  let day = onTradingDay(`${FIRST_YEAR + 1}-01-04`);
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await market.trade(pending, perDay);
    pending = [];
  };
  while (day <= END_DAY) {
    const year = Number(day.slice(0, 4));
    const isFirstJanuary = day === onTradingDay(`${year}-01-04`);
    const isSurrenderDay = day === onTradingDay(`${year}-12-01`);
    const isAuctionDay = auctionDays.has(day);
    if (isFirstJanuary || isSurrenderDay || isAuctionDay || pending.length >= 21) {
      await flush();
      if (day > clockDay) await timed(`clock to ${day} (day ends of the days before)`, () => setClock(day));
    }
    if (isFirstJanuary) {
      await timed(`${year - 1} reports filed and verified (services)`, () => reports(year - 1), () => `${complianceEntities.length} reports`);
      await timed(`${year - 1} true-up runs, 31 provinces`, () => runs(year - 1, 'TRUE_UP'));
      if (year - 1 === FIRST_YEAR) await createInstrument(exchange, { instrument: 'CEA', vintage: FIRST_YEAR, referencePrice: '50.00' });
      if (year - 2 >= FIRST_YEAR) await timed(`${year - 2} closed (national)`, () => closeYear(year - 2));
      if (opts.stopAfterClosing === year - 2) break;
      await timed(`year ${year} published`, () => publishYear(year));
      await timed(`${year} pre-allocation runs, 31 provinces`, () => runs(year, 'PRE_ALLOCATION'));
      await createInstrument(exchange, { instrument: 'CEA', vintage: year, referencePrice: market.lastClose(`CEA-${year - 1}`) });
      market.symbols = [`CEA-${year}`, `CEA-${year - 1}`];
    }
    if (isSurrenderDay) await timed(`${year - 1} surrenders (services)`, () => surrenders(year - 1));
    if (isAuctionDay) {
      await timed(`auction ${auctionsHeld + 1} (services)`, () => holdAuction(actors, complianceEntities, year, market.lastClose(`CEA-${year}`), day, random, opts.concurrency, 60));
      auctionsHeld += 1;
      clockDay = day;
    }
    pending.push(day);
    day = nextTradingDay(day, HOLIDAY_SET);
  }
  await flush();
  if (opts.stopAfterClosing === undefined) await timed('clock to the last day', () => setClock(END_DAY, 10 * 60));
  await timed('audit records sealed', () => sealAuditLog(), (n) => `${n} records`);

  return { actors, entities, steps, closes, allocationRuns, trades: market.tradeCount, auctions: auctionsHeld, logins };
}

/** The nation of an earlier run, read back from its database (bench:scale with BENCH_REUSE): actors, participants, logins. */
export async function loadNation(): Promise<Pick<Nation, 'actors' | 'entities' | 'logins'>> {
  const { rows } = await pool().query<{ organisation_id: number; user_id: number; account_id: number; cash_account_id: number; province: string; kind: 'COMPLIANCE_ENTITY' | 'INVESTOR'; email: string }>(
    `SELECT o.id AS organisation_id, (SELECT min(u.id) FROM app_user u WHERE u.organisation_id = o.id) AS user_id, a.id AS account_id, c.id AS cash_account_id,
            o.province_code AS province, o.kind::text AS kind, (SELECT min(u.email) FROM app_user u WHERE u.organisation_id = o.id) AS email
       FROM organisation o JOIN registry_account a ON a.organisation_id = o.id JOIN trading_account t ON t.registry_account_id = a.id
       JOIN cash_account c ON c.trading_account_id = t.id
      WHERE o.kind IN ('COMPLIANCE_ENTITY', 'INVESTOR') ORDER BY o.id`);
  const entities: NationEntity[] = rows.map((r) => ({
    organisationId: r.organisation_id, userId: r.user_id, accountId: r.account_id, cashAccountId: r.cash_account_id, province: r.province, kind: r.kind, installations: [], intensity: 1,
  }));
  const { rows: users } = await pool().query<{ id: number; email: string }>(`SELECT id, email FROM app_user WHERE email LIKE '%@nation.test'`);
  const userId = new Map(users.map((u) => [u.email, u.id]));
  const actors = await actorsOf(userId);
  return { actors, entities, logins: loginsOf(rows.filter((r) => r.kind === 'COMPLIANCE_ENTITY' && r.province === BIG_PROVINCE)[0]!.email, rows.find((r) => r.kind === 'INVESTOR')!.email) };
}

/** The national regulator, the operators and every province's two regulators, by their e-mails. */
async function actorsOf(userId: Map<string, number>): Promise<NationActors> {
  const actor = async (email: string) => loadActor(userId.get(email)!);
  const actors: NationActors = {
    mee: await actor('mee@nation.test'), exchange: await actor('exchange@nation.test'), registry: await actor('registry@nation.test'),
    regulators: new Map(), secondRegulators: new Map(),
  };
  for (const [code] of PROVINCES) {
    actors.regulators.set(code, await actor(`${code.toLowerCase()}.regulator@nation.test`));
    actors.secondRegulators.set(code, await actor(`${code.toLowerCase()}.regulator2@nation.test`));
  }
  return actors;
}

/** One login per role: the national regulator, the big province's regulator, the operators, an entity of the big province, an investor. */
function loginsOf(entityEmail: string, investorEmail: string): Nation['logins'] {
  return [
    { role: 'NATIONAL_REGULATOR', email: 'mee@nation.test' },
    { role: 'PROVINCIAL_REGULATOR', email: `${BIG_PROVINCE.toLowerCase()}.regulator@nation.test` },
    { role: 'REGISTRY_OPERATOR', email: 'registry@nation.test' },
    { role: 'EXCHANGE_OPERATOR', email: 'exchange@nation.test' },
    { role: 'COMPLIANCE_ENTITY', email: entityEmail },
    { role: 'INVESTOR', email: investorEmail },
  ];
}

/** An auction of the year's paid allocation: set aside, created, scheduled, bid by `bidders` entities (services), closed and settled. */
export async function holdAuction(
  actors: NationActors, entities: NationEntity[], year: number, close: string, day: string, random: () => number, concurrency: number, bidders: number, bidsEach = 1,
): Promise<{ bids: number; closeSeconds: number }> {
  const quantity = bidders * bidsEach * 5_000;
  await setAsideForAuction(actors.mee, { vintage: year, quantity, legalBasis: `${year} paid allocation: share of the national reserve offered by auction` });
  const reserve = new Decimal(close).times(0.9).toDecimalPlaces(2).toFixed(2);
  const at = (minute: number) => clockAt(day, minute).replace('Z', '+00:00');
  const a = await createAuction(actors.mee, auctionCreateSchema.parse({
    title: `CEA-${year} paid allocation ${day}`, titleZh: `${year}年度配额有偿分配（${day}）`, instrument: 'CEA', vintage: year, quantity, reservePrice: reserve,
    opensAt: at(10 * 60), closesAt: at(11 * 60), guaranteePercent: '0.10',
  }));
  await scheduleAuction(actors.mee, a.id);
  await controlClock(actors.exchange, { action: 'set', at: clockAt(day, 10 * 60 + 1) });
  const chosen = [...entities].sort(() => random() - 0.5).slice(0, bidders);
  const jobs = chosen.flatMap((e) => Array.from({ length: bidsEach }, () => e));
  const users = new Map<number, Actor>();
  await inParallel(jobs, concurrency, async (e) => {
    const actor = users.get(e.userId) ?? (users.set(e.userId, await loadActor(e.userId)), users.get(e.userId)!);
    const price = new Decimal(close).times(0.91 + random() * 0.2).toDecimalPlaces(2).toFixed(2);
    await placeBid(actor, a.id, { price, quantity: randomInt(random, 10, 80) * 100 });
  });
  await controlClock(actors.exchange, { action: 'set', at: clockAt(day, 11 * 60 + 1) });
  const t0 = performance.now();
  await closeAuction(actors.exchange, a.id);
  return { bids: jobs.length, closeSeconds: (performance.now() - t0) / 1000 };
}

function onTradingDay(d: string): string {
  return isTradingDay(d, HOLIDAY_SET) ? d : nextTradingDay(d, HOLIDAY_SET);
}

function countTradingDays(from: string, to: string): number {
  let n = 0;
  for (let d = onTradingDay(from); d <= to; d = nextTradingDay(d, HOLIDAY_SET)) n++;
  return n;
}

async function holdingsOf(accountIds: number[]): Promise<Map<string, bigint>> {
  const { rows } = await pool().query<{ account_id: number; vintage: number; available: string }>(
    `SELECT account_id, vintage, available::text FROM holding WHERE instrument = 'CEA' AND account_id = ANY($1::int[])`, [accountIds]);
  return new Map(rows.map((r) => [`${r.account_id}|${r.vintage}`, BigInt(r.available)]));
}

// --- organisations, users and accounts ---------------------------------------------------------

async function openRegistry(opts: NationOptions, random: () => number): Promise<{ actors: NationActors; entities: NationEntity[]; logins: Nation['logins'] }> {
  const existing = await db().organisation.count();
  if (existing > 0) throw new Error(`The benchmark database already holds ${existing} organisations: give it a fresh, empty database.`);
  await seedMarketSetup(START_DAY);
  // Bulk trades do not check position limits or report large holders: neither is set.
  await db().marketSettings.update({ where: { id: 1 }, data: { entityPositionLimit: null, investorPositionLimit: null, largeHolderThreshold: null } });
  await db().province.createMany({ data: PROVINCES.map(([code, name, nameZh]) => ({ code, name, nameZh })), skipDuplicates: true });
  await inTransaction((tx) => ensureSystemAccounts(tx));
  const passwordHash = await hashPassword(NATION_PASSWORD);

  // Where the entities are: the big province holds `bigProvinceInstallations` installations, the others share the rest.
  const plans: { province: string; kind: 'COMPLIANCE_ENTITY' | 'INVESTOR'; industry: string | null; installations: PlannedInstallation[]; intensity: number }[] = [];
  const others = PROVINCES.map(([c]) => c).filter((c) => c !== BIG_PROVINCE);
  let bigInstallations = 0;
  for (let i = 0; i < opts.entities; i++) {
    const big = bigInstallations < opts.bigProvinceInstallations;
    const province = big ? BIG_PROVINCE : others[i % others.length]!;
    const r = random();
    const rules: KindCode[] = r < 0.55
      ? (random() < 0.25 ? ['POWER_COAL_300', 'POWER_GAS'] : [random() < 0.75 ? 'POWER_COAL_300' : random() < 0.6 ? 'POWER_COAL_SUB300' : 'POWER_GAS'])
      : r < 0.8 ? (random() < 0.3 ? ['CEMENT_CLINKER', 'CEMENT_GRINDING'] : ['CEMENT_CLINKER']) : ['STEEL_LONG'];
    const kept = big ? rules.slice(0, opts.bigProvinceInstallations - bigInstallations) : rules;
    if (big) bigInstallations += kept.length;
    plans.push({
      province, kind: 'COMPLIANCE_ENTITY', industry: KINDS[kept[0]!].industry,
      installations: kept.map((rule, n) => ({ code: `N${i + 1}-${n + 1}`, rule, output: Math.round(KINDS[rule].unit[0] + random() * (KINDS[rule].unit[1] - KINDS[rule].unit[0])) })),
      intensity: 0.9 + random() * 0.2,
    });
  }
  for (let i = 0; i < opts.investors; i++) plans.push({ province: PROVINCES[i % PROVINCES.length]![0], kind: 'INVESTOR', industry: null, installations: [], intensity: 1 });

  // Organisations: the regulators (two people each), the operators, then the participants.
  const orgs: { name: string; nameZh: string; kind: string; province: string | null; industry: string | null; users: { email: string; roles: string[] }[] }[] = [
    { name: 'Ministry of Ecology and Environment', nameZh: '生态环境部', kind: 'REGULATOR', province: null, industry: null, users: [{ email: 'mee@nation.test', roles: ['NATIONAL_REGULATOR'] }, { email: 'mee2@nation.test', roles: ['NATIONAL_REGULATOR'] }] },
    { name: 'National Carbon Emission Registry', nameZh: '全国碳排放权注册登记机构', kind: 'REGISTRY_OPERATOR', province: null, industry: null, users: [{ email: 'registry@nation.test', roles: ['REGISTRY_OPERATOR'] }] },
    { name: 'National Carbon Trading Exchange', nameZh: '全国碳排放权交易机构', kind: 'EXCHANGE_OPERATOR', province: null, industry: null, users: [{ email: 'exchange@nation.test', roles: ['EXCHANGE_OPERATOR'] }] },
    ...PROVINCES.map(([code, name, nameZh]) => ({
      name: `${name} Department of Ecology and Environment`, nameZh: `${nameZh}生态环境厅`, kind: 'REGULATOR', province: code, industry: null,
      users: [{ email: `${code.toLowerCase()}.regulator@nation.test`, roles: ['PROVINCIAL_REGULATOR'] }, { email: `${code.toLowerCase()}.regulator2@nation.test`, roles: ['PROVINCIAL_REGULATOR'] }],
    })),
    ...plans.map((p, i) => ({
      name: `${p.kind === 'INVESTOR' ? 'Investor' : 'Entity'} ${i + 1} Co., Ltd.`, nameZh: `${p.kind === 'INVESTOR' ? '投资机构' : '控排企业'}${i + 1}有限公司`,
      kind: p.kind, province: p.province, industry: p.industry,
      users: [{ email: `${p.kind === 'INVESTOR' ? 'investor' : 'entity'}${i + 1}@nation.test`, roles: p.kind === 'INVESTOR' ? ['INVESTOR'] : ['ENTITY_TRADER', 'COMPLIANCE_OFFICER'] }],
    })),
  ];
  const client = pool();
  const { rows: orgRows } = await client.query<{ id: number }>(
    `INSERT INTO organisation (name, name_zh, credit_code, kind, province_code, industry)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::"OrganisationKind"[], $5::text[], $6::text[]) ORDER BY 1 RETURNING id`,
    [orgs.map((o) => o.name), orgs.map((o) => o.nameZh), orgs.map((_, i) => makeCreditCode(`91110000${String(i + 1).padStart(9, '0')}`)), orgs.map((o) => o.kind), orgs.map((o) => o.province), orgs.map((o) => o.industry)],
  );
  // unnest keeps the order of its arrays; the ids come back in insertion order.
  const { rows: orgIds } = await client.query<{ id: number; name: string }>(`SELECT id, name FROM organisation ORDER BY id`);
  if (orgIds.length !== orgs.length || orgRows.length !== orgs.length) throw new Error('organisations were not all written');
  const idByName = new Map(orgIds.map((o) => [o.name, o.id]));
  const users = orgs.flatMap((o) => o.users.map((u) => ({ ...u, organisationId: idByName.get(o.name)!, name: o.name })));
  await client.query(
    `INSERT INTO app_user (email, name, password_hash, organisation_id, roles)
     SELECT email, name, $3, org, string_to_array(roles, ',')::"Role"[] FROM unnest($1::text[], $2::text[], $4::int[], $5::text[]) AS u(email, name, org, roles)`,
    [users.map((u) => u.email), users.map((u) => u.name), passwordHash, users.map((u) => u.organisationId), users.map((u) => u.roles.join(','))],
  );
  const { rows: userRows } = await client.query<{ id: number; email: string }>(`SELECT id, email FROM app_user`);
  const userId = new Map(userRows.map((u) => [u.email, u.id]));
  const participants = orgs.slice(3 + PROVINCES.length);
  const { rows: creditRows } = await client.query<{ id: number; credit_code: string; name: string }>(
    `SELECT id, credit_code, name FROM organisation WHERE kind IN ('COMPLIANCE_ENTITY', 'INVESTOR') ORDER BY id`);
  await client.query(
    `INSERT INTO registry_account (number, type, status, name, organisation_id)
     SELECT 'RA-' || code, 'PARTICIPANT', 'ACTIVE', name, id FROM unnest($1::int[], $2::text[], $3::text[]) AS o(id, code, name)`,
    [creditRows.map((r) => r.id), creditRows.map((r) => r.credit_code), creditRows.map((r) => r.name)],
  );
  await client.query(`INSERT INTO account_status_change (account_id, from_status, to_status, reason)
                      SELECT id, 'PENDING', 'ACTIVE', 'Application documents verified' FROM registry_account WHERE type = 'PARTICIPANT'`);
  const { rows: accounts } = await client.query<{ id: number; number: string; organisation_id: number }>(
    `SELECT id, number, organisation_id FROM registry_account WHERE type = 'PARTICIPANT' ORDER BY id`);
  await inParallel(accounts, 4, async (a) => inTransaction((tx) => openLinkedAccounts(tx, a.id, a.number)));
  const { rows: cashRows } = await client.query<{ registry_account_id: number; cash_id: number }>(
    `SELECT t.registry_account_id, c.id AS cash_id FROM trading_account t JOIN cash_account c ON c.trading_account_id = t.id`);
  const cashOf = new Map(cashRows.map((r) => [r.registry_account_id, r.cash_id]));
  const accountOfOrg = new Map(accounts.map((a) => [a.organisation_id, a.id]));

  const entities: NationEntity[] = participants.map((o, i) => {
    const organisationId = idByName.get(o.name)!;
    const accountId = accountOfOrg.get(organisationId)!;
    const p = plans[i]!;
    return { organisationId, userId: userId.get(o.users[0]!.email)!, accountId, cashAccountId: cashOf.get(accountId)!, province: p.province, kind: p.kind, installations: p.installations, intensity: p.intensity };
  });
  const actors = await actorsOf(userId);
  const firstEntity = entities.findIndex((e) => e.kind === 'COMPLIANCE_ENTITY' && e.province === BIG_PROVINCE);
  const firstInvestor = entities.findIndex((e) => e.kind === 'INVESTOR');
  const logins = loginsOf(`entity${firstEntity + 1}@nation.test`, `investor${firstInvestor + 1}@nation.test`);
  return { actors, entities, logins };
}

// --- bulk trades -------------------------------------------------------------------------------

export interface Settings {
  feeRate: Decimal;
  reserveShare: Decimal;
  feeAccount: number;
  reserveAccount: number;
}

/**
 * Trades written in bulk, each exactly what a listing filled by one take writes (see the top of this
 * file). It keeps each participant's available units and cash as it goes, read again from the
 * database before each batch of days (the services changed them in between).
 */
class BulkMarket {
  symbols: string[] = [];
  tradeCount = 0;
  private readonly close = new Map<string, Decimal>();

  constructor(private readonly participants: NationEntity[], private readonly random: () => number, private readonly say: (line: string) => void) {}

  lastClose(symbol: string): string {
    return (this.close.get(symbol) ?? new Decimal('50.00')).toFixed(2);
  }

  async trade(days: string[], perDay: number): Promise<void> {
    if (this.symbols.length === 0) return;
    const client = pool();
    const t0 = performance.now();
    const { rows: s } = await client.query<{ fee_rate: string; risk_reserve_share: string; fees: number; risk: number }>(
      `SELECT s.fee_rate::text, s.risk_reserve_share::text,
              (SELECT id FROM cash_account WHERE type = 'EXCHANGE_FEES') AS fees, (SELECT id FROM cash_account WHERE type = 'RISK_RESERVE') AS risk
         FROM market_settings s WHERE id = 1`);
    const settings: Settings = { feeRate: new Decimal(s[0]!.fee_rate), reserveShare: new Decimal(s[0]!.risk_reserve_share), feeAccount: s[0]!.fees, reserveAccount: s[0]!.risk };
    const { rows: inst } = await client.query<{ symbol: string; vintage: number; previous_close: string | null; reference_price: string | null }>(
      `SELECT symbol, vintage, previous_close::text, reference_price::text FROM trading_instrument WHERE symbol = ANY($1::text[])`, [this.symbols]);
    for (const i of inst) this.close.set(i.symbol, new Decimal(i.previous_close ?? i.reference_price ?? '50.00'));
    const vintageOf = new Map(inst.map((i) => [i.symbol, i.vintage]));
    const units = await holdingsOf(this.participants.map((p) => p.accountId));
    const { rows: cashRows } = await client.query<{ id: number; available: string }>(
      `SELECT id, available::text FROM cash_account WHERE id = ANY($1::int[])`, [this.participants.map((p) => p.cashAccountId)]);
    const cash = new Map(cashRows.map((r) => [r.id, new Decimal(r.available)]));
    const sellers = this.participants.filter((p) => p.kind === 'COMPLIANCE_ENTITY');

    const w = new BulkWriter();
    for (const day of days) {
      const boughtToday = new Set<string>();
      for (const symbol of this.symbols) {
        const vintage = vintageOf.get(symbol)!;
        const previous = this.close.get(symbol)!;
        // The day's price: a step of up to ±1.5 % from the previous close, trades within ±0.3 % of it (inside the ±10 % band).
        const centre = previous.times(1 + (this.random() - 0.48) * 0.03);
        const count = symbol === this.symbols[0] ? Math.round(perDay * 0.7) : perDay - Math.round(perDay * 0.7);
        let value = new Decimal(0);
        let volume = 0n;
        for (let n = 0; n < count; n++) {
          const seller = pick(sellers, this.random, (p) => {
            const k = `${p.accountId}|${vintage}`;
            return !boughtToday.has(k) && (units.get(k) ?? 0n) >= 1_500n;
          });
          if (!seller) continue;
          const quantity = BigInt(randomInt(this.random, 1, 15) * 100);
          const price = centre.times(1 + (this.random() - 0.5) * 0.006).toDecimalPlaces(2);
          const amount = priceTimesTonnes(price, quantity);
          const need = buyerLock(price, quantity, settings.feeRate);
          const buyer = pick(this.participants, this.random, (p) => p !== seller && (cash.get(p.cashAccountId) ?? new Decimal(0)).gte(need));
          if (!buyer) continue;
          const minute = 9 * 60 + 30 + Math.floor((n / count) * 120);
          w.add({ day, minute, symbol, vintage, seller, buyer, price, quantity, amount, listingSide: this.random() < 0.5 ? 'SELL' : 'BUY', settings });
          const fees = tradeFee(price, quantity, settings.feeRate);
          units.set(`${seller.accountId}|${vintage}`, units.get(`${seller.accountId}|${vintage}`)! - quantity);
          units.set(`${buyer.accountId}|${vintage}`, (units.get(`${buyer.accountId}|${vintage}`) ?? 0n) + quantity);
          boughtToday.add(`${buyer.accountId}|${vintage}`);
          cash.set(buyer.cashAccountId, cash.get(buyer.cashAccountId)!.minus(amount).minus(fees));
          cash.set(seller.cashAccountId, cash.get(seller.cashAccountId)!.plus(amount).minus(fees));
          value = value.plus(amount);
          volume += quantity;
        }
        // What the day end will find: the day's volume-weighted price.
        if (volume > 0n) this.close.set(symbol, value.div(volume.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
      }
    }
    const written = await w.write();
    this.tradeCount += written;
    this.say(`${written} trades of ${days[0]}…${days[days.length - 1]} written in ${((performance.now() - t0) / 1000).toFixed(1)} s (${this.tradeCount} so far)`);
  }
}

function pick<T>(items: readonly T[], random: () => number, ok: (item: T) => boolean): T | undefined {
  for (let tries = 0; tries < 20; tries++) {
    const item = items[Math.floor(random() * items.length)]!;
    if (ok(item)) return item;
  }
  return undefined;
}

/** Who is on one side of a bulk trade. */
export type BulkParty = Pick<NationEntity, 'organisationId' | 'userId' | 'accountId' | 'cashAccountId'>;

export interface BulkTrade {
  day: string;
  minute: number;
  symbol: string;
  vintage: number;
  seller: BulkParty;
  buyer: BulkParty;
  price: Decimal;
  quantity: bigint;
  amount: Decimal;
  listingSide: 'SELL' | 'BUY';
  settings: Settings;
}

/**
 * Collects bulk trades and writes them with a few statements per 5,000 trades (columns as arrays).
 * tests/integration/bench/bulkTrades.test.ts checks that a bulk trade writes what the services write.
 */
export class BulkWriter {
  private readonly trades: BulkTrade[] = [];

  add(t: BulkTrade): void {
    this.trades.push(t);
  }

  async write(): Promise<number> {
    for (let i = 0; i < this.trades.length; i += 5_000) await this.writeChunk(this.trades.slice(i, i + 5_000));
    return this.trades.length;
  }

  private async writeChunk(chunk: BulkTrade[]): Promise<void> {
    const n = chunk.length;
    const client = await pool().connect();
    try {
      await client.query('BEGIN');
      // The table lock the ids' writer holds before it takes them, as a single INSERT would: a ledger checkpoint's boundary waits for it.
      await client.query('LOCK TABLE journal_entry IN ROW EXCLUSIVE MODE');
      const reserve = async (seq: string, count: number) => {
        const { rows } = await client.query<{ last: string }>(`SELECT setval($1, nextval($1) + $2 - 1)::text AS last`, [seq, count]);
        return BigInt(rows[0]!.last) - BigInt(count) + 1n;
      };
      const firstEntry = await reserve('journal_entry_id_seq', 2 * n);
      const firstListing = await reserve('listing_id_seq', n);
      const firstTrade = await reserve('trade_id_seq', n);

      const e = { id: [] as string[], type: [] as string[], memo: [] as string[], memoNote: [] as string[], basis: [] as (string | null)[], basisNote: [] as (string | null)[], ref: [] as (string | null)[], actor: [] as number[], at: [] as string[] };
      const u = { entry: [] as string[], account: [] as number[], vintage: [] as number[], bucket: [] as string[], qty: [] as string[] };
      const c = { entry: [] as string[], account: [] as number[], bucket: [] as string[], amount: [] as string[] };
      const l = { id: [] as string[], symbol: [] as string[], side: [] as string[], account: [] as number[], cash: [] as number[], user: [] as number[], price: [] as string[], qty: [] as string[], day: [] as string[], at: [] as string[] };
      const t = { id: [] as string[], symbol: [] as string[], listing: [] as string[], buyer: [] as number[], seller: [] as number[], side: [] as string[], price: [] as string[], qty: [] as string[], amount: [] as string[], bfee: [] as string[], sfee: [] as string[], day: [] as string[], entry: [] as string[], at: [] as string[] };
      const a = { actor: [] as number[], org: [] as number[], action: [] as string[], type: [] as string[], target: [] as string[], after: [] as string[] };
      const basis = note('BASIS_TRADE_SETTLEMENT', {});
      const basisText = renderNote(basis, 'en');
      const basisNote = JSON.stringify(basis);

      chunk.forEach((x, i) => {
        const lockId = (firstEntry + BigInt(2 * i)).toString();
        const settleId = (firstEntry + BigInt(2 * i + 1)).toString();
        const listingId = (firstListing + BigInt(i)).toString();
        const tradeId = (firstTrade + BigInt(i)).toString();
        const lister = x.listingSide === 'SELL' ? x.seller : x.buyer;
        const taker = x.listingSide === 'SELL' ? x.buyer : x.seller;
        const listedAt = fromMarketTime({ date: x.day, minute: x.minute }).toISOString();
        const takenAt = new Date(Date.parse(listedAt) + 20_000).toISOString();
        const fee = tradeFee(x.price, x.quantity, x.settings.feeRate);
        const lockedCash = x.listingSide === 'BUY' ? buyerLock(x.price, x.quantity, x.settings.feeRate) : new Decimal(0);
        const q = x.quantity.toString();
        const priceText = x.price.toFixed(2);

        // The listing's lock.
        const lockNote = note(x.listingSide === 'SELL' ? 'SELL_LISTING_LOCK' : 'BUY_LISTING_LOCK', { quantity: Number(x.quantity), symbol: x.symbol, price: priceText });
        e.id.push(lockId); e.type.push('LOCK'); e.memo.push(renderNote(lockNote, 'en')); e.memoNote.push(JSON.stringify(lockNote)); e.basis.push(null); e.basisNote.push(null); e.ref.push(null); e.actor.push(lister.userId); e.at.push(listedAt);
        if (x.listingSide === 'SELL') {
          u.entry.push(lockId, lockId); u.account.push(x.seller.accountId, x.seller.accountId); u.vintage.push(x.vintage, x.vintage); u.bucket.push('AVAILABLE', 'LOCKED'); u.qty.push(`-${q}`, q);
        } else {
          c.entry.push(lockId, lockId); c.account.push(x.buyer.cashAccountId, x.buyer.cashAccountId); c.bucket.push('AVAILABLE', 'LOCKED'); c.amount.push(lockedCash.neg().toFixed(2), lockedCash.toFixed(2));
        }
        l.id.push(listingId); l.symbol.push(x.symbol); l.side.push(x.listingSide); l.account.push(lister.accountId); l.cash.push(lister.cashAccountId); l.user.push(lister.userId);
        l.price.push(priceText); l.qty.push(q); l.day.push(x.day); l.at.push(listedAt);
        const listingView = {
          id: listingId, symbol: x.symbol, side: x.listingSide, price: priceText, quantity: Number(x.quantity), remaining: Number(x.quantity), filled: 0,
          lockedCash: lockedCash.toFixed(2), status: 'OPEN', tradingDay: x.day, createdAt: listedAt,
        };
        a.actor.push(lister.userId); a.org.push(lister.organisationId); a.action.push('listing.place'); a.type.push('listing'); a.target.push(listingId); a.after.push(JSON.stringify(listingView));

        // The take's settlement: units from the seller (locked if it listed), cash from the buyer (locked if it listed), fees.
        const takeNote = note('TAKE', { quantity: Number(x.quantity), symbol: x.symbol, fills: 1 });
        e.id.push(settleId); e.type.push('TRADE_SETTLEMENT'); e.memo.push(renderNote(takeNote, 'en')); e.memoNote.push(JSON.stringify(takeNote)); e.basis.push(basisText); e.basisNote.push(basisNote); e.ref.push(x.symbol); e.actor.push(taker.userId); e.at.push(takenAt);
        u.entry.push(settleId, settleId); u.account.push(x.seller.accountId, x.buyer.accountId); u.vintage.push(x.vintage, x.vintage);
        u.bucket.push(x.listingSide === 'SELL' ? 'LOCKED' : 'AVAILABLE', 'AVAILABLE'); u.qty.push(`-${q}`, q);
        const fees = fee.times(2);
        const reserveCash = riskReserveShare(fees, x.settings.reserveShare);
        const legs: [number, string, Decimal][] = [
          [x.buyer.cashAccountId, x.listingSide === 'BUY' ? 'LOCKED' : 'AVAILABLE', x.amount.plus(fee).neg()],
          [x.seller.cashAccountId, 'AVAILABLE', x.amount.minus(fee)],
          [x.settings.feeAccount, 'AVAILABLE', fees.minus(reserveCash)],
          [x.settings.reserveAccount, 'AVAILABLE', reserveCash],
        ];
        // As the ledger does, a leg of nothing is not written.
        for (const [account, bucket, amount] of legs.filter(([, , v]) => !v.isZero())) {
          c.entry.push(settleId); c.account.push(account); c.bucket.push(bucket); c.amount.push(amount.toFixed(2));
        }
        const takerSide = x.listingSide === 'SELL' ? 'BUY' : 'SELL';
        t.id.push(tradeId); t.symbol.push(x.symbol); t.listing.push(listingId); t.buyer.push(x.buyer.accountId); t.seller.push(x.seller.accountId); t.side.push(takerSide);
        t.price.push(priceText); t.qty.push(q); t.amount.push(x.amount.toFixed(2)); t.bfee.push(fee.toFixed(2)); t.sfee.push(fee.toFixed(2)); t.day.push(x.day); t.entry.push(settleId); t.at.push(takenAt);
        const takeView = {
          symbol: x.symbol, side: takerSide, requested: Number(x.quantity), filled: Number(x.quantity), averagePrice: priceText, amount: x.amount.toFixed(2), fees: fee.toFixed(2), entryId: settleId,
          trades: [{ id: tradeId, listingId, price: priceText, quantity: Number(x.quantity), amount: x.amount.toFixed(2), fee: fee.toFixed(2) }],
        };
        a.actor.push(taker.userId); a.org.push(taker.organisationId); a.action.push('trade.take'); a.type.push('journal_entry'); a.target.push(settleId); a.after.push(JSON.stringify(takeView));
      });

      await client.query(
        `INSERT INTO journal_entry (id, type, memo, memo_note, legal_basis, legal_basis_note, reference, actor_user_id, created_at)
         SELECT * FROM unnest($1::bigint[], $2::"MovementType"[], $3::text[], $4::jsonb[], $5::text[], $6::jsonb[], $7::text[], $8::int[], $9::timestamptz[])`,
        [e.id, e.type, e.memo, e.memoNote, e.basis, e.basisNote, e.ref, e.actor, e.at]);
      await client.query(
        `INSERT INTO unit_posting (entry_id, account_id, instrument, vintage, bucket, quantity)
         SELECT entry, account, 'CEA', vintage, bucket, qty FROM unnest($1::bigint[], $2::int[], $3::int[], $4::"Bucket"[], $5::bigint[]) AS p(entry, account, vintage, bucket, qty)`,
        [u.entry, u.account, u.vintage, u.bucket, u.qty]);
      await client.query(
        `INSERT INTO cash_posting (entry_id, cash_account_id, bucket, amount)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::"CashBucket"[], $4::numeric[])`,
        [c.entry, c.account, c.bucket, c.amount]);
      await client.query(
        `INSERT INTO listing (id, symbol, side, account_id, cash_account_id, user_id, price, quantity, remaining, locked_cash, status, trading_day, created_at)
         SELECT id, symbol, side, account, cash, usr, price, qty, 0, 0, 'FILLED', day, at
           FROM unnest($1::bigint[], $2::text[], $3::"OrderSide"[], $4::int[], $5::int[], $6::int[], $7::numeric[], $8::bigint[], $9::date[], $10::timestamptz[])
             AS x(id, symbol, side, account, cash, usr, price, qty, day, at)`,
        [l.id, l.symbol, l.side, l.account, l.cash, l.user, l.price, l.qty, l.day, l.at]);
      await client.query(
        `INSERT INTO trade (id, symbol, kind, listing_id, buyer_account_id, seller_account_id, aggressor_side, price, quantity, amount, buyer_fee, seller_fee, trading_day, entry_id, executed_at)
         SELECT id, symbol, 'LISTED', listing, buyer, seller, side, price, qty, amount, bfee, sfee, day, entry, at
           FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::"OrderSide"[], $7::numeric[], $8::bigint[], $9::numeric[], $10::numeric[], $11::numeric[], $12::date[], $13::bigint[], $14::timestamptz[])
             AS x(id, symbol, listing, buyer, seller, side, price, qty, amount, bfee, sfee, day, entry, at)`,
        [t.id, t.symbol, t.listing, t.buyer, t.seller, t.side, t.price, t.qty, t.amount, t.bfee, t.sfee, t.day, t.entry, t.at]);
      await client.query(
        `INSERT INTO audit_log (actor_user_id, actor_org_id, action, target_type, target_id, after)
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
        [a.actor, a.org, a.action, a.type, a.target, a.after]);
      // The balances move by the postings' net (a listing filled by one take leaves nothing locked).
      // (An INSERT … ON CONFLICT would check the proposed row, negative for a seller, before it finds the conflict.)
      await client.query(
        `WITH d AS (
           SELECT account_id, vintage, coalesce(sum(quantity) FILTER (WHERE bucket = 'AVAILABLE'), 0) AS available, coalesce(sum(quantity) FILTER (WHERE bucket = 'LOCKED'), 0) AS locked
             FROM unnest($1::int[], $2::int[], $3::"Bucket"[], $4::bigint[]) AS p(account_id, vintage, bucket, quantity)
            GROUP BY account_id, vintage),
         updated AS (
           UPDATE holding h SET available = h.available + d.available, locked = h.locked + d.locked
             FROM d WHERE h.account_id = d.account_id AND h.instrument = 'CEA' AND h.vintage = d.vintage
           RETURNING h.account_id, h.vintage)
         INSERT INTO holding (account_id, instrument, vintage, available, locked)
         SELECT d.account_id, 'CEA', d.vintage, d.available, d.locked FROM d
          WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.account_id = d.account_id AND u.vintage = d.vintage)`,
        [u.account, u.vintage, u.bucket, u.qty]);
      await client.query(
        `UPDATE cash_account c SET available = c.available + d.available, locked = c.locked + d.locked
           FROM (SELECT account, coalesce(sum(amount) FILTER (WHERE bucket = 'AVAILABLE'), 0) AS available, coalesce(sum(amount) FILTER (WHERE bucket = 'LOCKED'), 0) AS locked
                   FROM unnest($1::int[], $2::"CashBucket"[], $3::numeric[]) AS p(account, bucket, amount) GROUP BY account) d
          WHERE c.id = d.account`,
        [c.account, c.bucket, c.amount]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    } finally {
      client.release();
    }
  }
}

