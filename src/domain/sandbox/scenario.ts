/**
 * The policy sandbox's engine (pure): a recorded compliance year — its covered entities with their
 * installations, verified outputs and emissions, banked allowances and offsets, the rules, budgets
 * and policy in force — recomputed under other rules, with the production rules themselves:
 * `planAllocationLine` (allocation methods, output caps, paid share, pre-allocation share and
 * deductions), `vintageRefusal` and `creditedTonnes` (banking), `offsetCap` (CCER), `shortfall`,
 * `surrenderFineRange` (penalties), `surplusRatio` (scarcity).
 *
 * For each entity the sandbox works out the year's allocation under the scenario and what it could
 * surrender from it: the allocation issued, the banked allowances of earlier vintages as the
 * banking rules count them, and the eligible CCER up to the offset cap. Against the verified
 * emissions that leaves a deficit (to buy) or a surplus (it could sell). The market-wide figures
 * follow: supply against demand, the net demand, the cost of the deficits at the price assumed,
 * the auction's sales and revenue, the entities short and the fines they face if they do not buy.
 *
 * Two rules the sandbox adds, because production has no answer to what they ask:
 * - **A lower cap means less free allocation.** When the scenario lowers a province's budget (with
 *   the national cap, or on its own), every allocation of the province shrinks in the same
 *   proportion: one correction factor, scenario budget ÷ recorded budget. A higher budget gives no
 *   one more than the rules compute (the rest stays in reserve).
 * - **The budget binds.** Production refuses an allocation run beyond the province's budget
 *   (BUDGET_EXCEEDED). When the rules allocate more than the scenario's budget (allocation less
 *   deductions, as production counts the budget's use), the factor is budget ÷ use instead.
 *   The smaller factor applies; each part is rounded down to whole tonnes.
 * - **The auction sells at the market price, above its reserve.** Offered: the auction quantity and
 *   the paid shares. At an assumed price below the reserve price nothing sells (bidders buy on the
 *   market); otherwise it sells up to the entities' deficits, at the assumed price.
 */
import Decimal from 'decimal.js';
import { planAllocationLine, type AllocationMethod, type IndustryRuleData, type InstallationData, type LineProblem } from '@/domain/compliance/allocation';
import { surplusRatio } from '@/domain/analysis/scarcity';
import { surrenderFineRange, type PenaltyRuleVersion } from '@/domain/compliance/penalty';
import { shortfall } from '@/domain/compliance/status';
import { creditedTonnes, offsetCap, vintageRefusal, type BankingPolicy } from '@/domain/compliance/surrender';

// ---------------------------------------------------------------------------------------------
// What a scenario changes
// ---------------------------------------------------------------------------------------------

/** A quantity changed to a number of tonnes, or by a percentage of the recorded one (e.g. "-10"). */
export type Adjustment = { mode: 'ABSOLUTE'; tonnes: number } | { mode: 'PERCENT'; percent: string };

/** A sub-industry's rule as the scenario changes it; absent fields keep the recorded value (null: no output cap). */
export interface RuleChange {
  method?: AllocationMethod;
  benchmark?: string;
  declineFactor?: string;
  outputCapMultiple?: string | null;
  preAllocationShare?: string;
  paidShare?: string;
}

/** The carbon price the scenario's costs are counted at. */
export type PriceAssumption = { kind: 'CLOSE' } | { kind: 'TYPED'; price: string } | { kind: 'FUEL_SWITCH' };

export interface ScenarioChanges {
  /** The national cap (a provincial scenario: its province's budget); every budget moves in proportion. */
  cap?: Adjustment;
  /** One province's budget (after the cap's change). */
  budgets?: Record<string, Adjustment>;
  /** Per sub-industry rule code. */
  rules?: Record<string, RuleChange>;
  /** Offsets: the share of the obligation CCER may cover, and of it at most this share from projects outside the entity's province (null: no limit). */
  offsets?: { share?: string; outsideProvinceShare?: string | null };
  banking?: Partial<BankingPolicy>;
  /** The auction of the year's vintage: tonnes offered besides the paid shares, and its reserve price (null: none). */
  auction?: { quantity?: number; reservePrice?: string | null };
  price?: PriceAssumption;
}

// ---------------------------------------------------------------------------------------------
// The recorded year
// ---------------------------------------------------------------------------------------------

export interface RecordedEntity {
  organisationId: number;
  name: string;
  nameZh: string;
  provinceCode: string;
  industry: string | null;
  installations: InstallationData[];
  /** The year's verified output per installation (undefined: none verified). */
  outputs: Record<string, string> | undefined;
  /** Last year's output per installation: what the year's pre-allocation is computed on. */
  previousOutputs: Record<string, string> | undefined;
  /** The year's verified emissions, the obligation (null: not verified). */
  verifiedEmissions: number | null;
  /** Last year's unpaid shortfall deducted from (or due against) this year's allocation. */
  deductionDue: number;
  /** CEA of earlier vintages held when the year's cycle began (after the previous surrender deadline). */
  banked: { vintage: number; quantity: number }[];
  /** Eligible CCER held then (not from projects of covered entities), by the project's province. */
  ccer: { inProvince: number; outsideProvince: number };
  /** What actually happened: tonnes issued for the year by confirmed runs (net), and surrendered for it (credited). */
  recordedIssued: number;
  recordedSurrendered: number;
}

export interface RecordedYear {
  year: number;
  /** null: every province (a national scenario). */
  provinceCode: string | null;
  nationalCap: number | null;
  budgets: Record<string, number>;
  rules: IndustryRuleData[];
  offsetShare: string;
  outsideProvinceShare: string | null;
  banking: BankingPolicy;
  penaltyRule: PenaltyRuleVersion;
  /** Tonnes of the year's vintage offered at auction (settled auctions) and the latest reserve price. */
  auction: { quantity: number; reservePrice: string | null };
  /** Prices to assume: the latest close of the market, and the latest fuel-switch price. */
  prices: { close: string | null; fuelSwitch: string | null };
  entities: RecordedEntity[];
}

// ---------------------------------------------------------------------------------------------
// The result
// ---------------------------------------------------------------------------------------------

export interface EntityOutcome {
  organisationId: number;
  name: string;
  nameZh: string;
  provinceCode: string;
  industry: string | null;
  size: SizeBand;
  verifiedEmissions: number | null;
  /** Computed by the rules (before the paid share), after the budget's correction. */
  allocation: number;
  paid: number;
  preAllocated: number;
  deduction: number;
  /** Issued for the year: the free allocation less the deduction. */
  issued: number;
  /** Banked allowances as the banking rules count them. */
  banked: number;
  offsets: number;
  /** issued + banked + offsets − verified emissions: < 0 a deficit, > 0 a surplus. */
  position: number;
  deficit: number;
  surplus: number;
  /** The deficit at the price assumed (CNY). */
  cost: string;
  /** The fine's range if the deficit is not bought (CNY). */
  fineMin: string;
  fineMax: string;
  recordedIssued: number;
  recordedSurrendered: number;
  /** Why the rules allocate nothing to it (problem codes). */
  problems: LineProblem[];
}

export type SizeBand = 'UNDER_100K' | 'FROM_100K' | 'FROM_1M' | 'FROM_5M' | 'NOT_VERIFIED';
export const SIZE_BANDS: readonly SizeBand[] = ['UNDER_100K', 'FROM_100K', 'FROM_1M', 'FROM_5M', 'NOT_VERIFIED'];

/** An entity's size by its verified emissions. */
export function sizeBand(verifiedEmissions: number | null): SizeBand {
  if (verifiedEmissions === null) return 'NOT_VERIFIED';
  return verifiedEmissions >= 5_000_000 ? 'FROM_5M' : verifiedEmissions >= 1_000_000 ? 'FROM_1M' : verifiedEmissions >= 100_000 ? 'FROM_100K' : 'UNDER_100K';
}

/** Sums of a group of entities (a province, an industry, a size band, or all). */
export interface Totals {
  entities: number;
  verifiedEmissions: number;
  allocation: number;
  issued: number;
  paid: number;
  banked: number;
  offsets: number;
  deficit: number;
  surplus: number;
  /** Entities with a deficit. */
  short: number;
  cost: string;
  fineMin: string;
  fineMax: string;
  recordedIssued: number;
  recordedSurrendered: number;
}

export interface MarketOutcome {
  /** The price the costs are counted at (null: none known, costs are zero). */
  price: string | null;
  priceKind: PriceAssumption['kind'];
  /** The national cap (a provincial scenario: its province's budget) under the scenario. */
  cap: number | null;
  /** Per province: the scenario's budget, the budget's use by the rules, and the correction factor applied (1: none). */
  budgets: { provinceCode: string; budget: number | null; use: number; correction: string }[];
  /** Allowances the covered entities could surrender (issued + banked + offsets) and the auction's sales, against the verified emissions. */
  supply: number;
  demand: number;
  /** supply ÷ demand, 4 decimals (above 1 the market is long). */
  scarcityRatio: string | null;
  /** Deficits less surpluses: what the covered sector as a whole must buy (< 0: it has allowances to spare). */
  netDemand: number;
  auction: { offered: number; reservePrice: string | null; sold: number; revenue: string };
}

export interface ScenarioOutcome {
  market: MarketOutcome;
  totals: Totals;
  byProvince: (Totals & { key: string })[];
  byIndustry: (Totals & { key: string })[];
  bySize: (Totals & { key: SizeBand })[];
  entities: EntityOutcome[];
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const money = (d: Decimal.Value) => new D(d).toFixed(2);
const floor = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();

/** A recorded quantity under an adjustment: whole tonnes, rounded half-up, never below zero. */
export function adjusted(recorded: number, change: Adjustment | undefined): number {
  if (!change) return recorded;
  if (change.mode === 'ABSOLUTE') return Math.max(0, change.tonnes);
  return Math.max(0, new D(recorded).times(new D(100).plus(change.percent)).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
}

/** The recorded rules with the scenario's changes. */
export function changedRules(rules: IndustryRuleData[], changes: Record<string, RuleChange> | undefined): Map<string, IndustryRuleData> {
  return new Map(rules.map((r) => {
    const c = changes?.[r.code];
    if (!c) return [r.code, r];
    const { outputCapMultiple, ...rest } = c;
    const next: IndustryRuleData = { ...r, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    if (outputCapMultiple === null) delete next.outputCapMultiple;
    else if (outputCapMultiple !== undefined) next.outputCapMultiple = outputCapMultiple;
    return [r.code, next];
  }));
}

/** The price the scenario assumes: today's close, a typed price, or the fuel-switch price. */
export function assumedPrice(recorded: RecordedYear, assumption: PriceAssumption = { kind: 'CLOSE' }): string | null {
  const p = assumption.kind === 'TYPED' ? assumption.price : assumption.kind === 'FUEL_SWITCH' ? recorded.prices.fuelSwitch : recorded.prices.close;
  return p === null ? null : money(D.max(0, p));
}

/** The scenario's budget per province: the recorded one moved with the cap, then by its own change. */
function scenarioBudgets(recorded: RecordedYear, changes: ScenarioChanges): { cap: number | null; budgets: Map<string, number> } {
  const capBase = recorded.provinceCode === null ? recorded.nationalCap : (recorded.budgets[recorded.provinceCode] ?? null);
  const cap = capBase === null ? null : adjusted(capBase, changes.cap);
  const scale = capBase && cap !== null ? new D(cap).div(capBase) : new D(1);
  const budgets = new Map(Object.entries(recorded.budgets).map(([p, b]) => {
    const moved = changes.cap ? new D(b).times(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() : b;
    return [p, adjusted(moved, changes.budgets?.[p])];
  }));
  return { cap, budgets };
}

const ZERO_TOTALS: Totals = {
  entities: 0, verifiedEmissions: 0, allocation: 0, issued: 0, paid: 0, banked: 0, offsets: 0, deficit: 0, surplus: 0, short: 0,
  cost: '0.00', fineMin: '0.00', fineMax: '0.00', recordedIssued: 0, recordedSurrendered: 0,
};

function totalsOf(rows: EntityOutcome[]): Totals {
  const t = { ...ZERO_TOTALS };
  let cost = new D(0);
  let fineMin = new D(0);
  let fineMax = new D(0);
  for (const e of rows) {
    t.entities += 1;
    t.verifiedEmissions += e.verifiedEmissions ?? 0;
    t.allocation += e.allocation;
    t.issued += e.issued;
    t.paid += e.paid;
    t.banked += e.banked;
    t.offsets += e.offsets;
    t.deficit += e.deficit;
    t.surplus += e.surplus;
    if (e.deficit > 0) {
      t.short += 1;
      cost = cost.plus(e.cost);
      fineMin = fineMin.plus(e.fineMin);
      fineMax = fineMax.plus(e.fineMax);
    }
    t.recordedIssued += e.recordedIssued;
    t.recordedSurrendered += e.recordedSurrendered;
  }
  return { ...t, cost: money(cost), fineMin: money(fineMin), fineMax: money(fineMax) };
}

function groupBy<K extends string>(rows: EntityOutcome[], keyOf: (e: EntityOutcome) => K, order: (a: K, b: K) => number): (Totals & { key: K })[] {
  const groups = new Map<K, EntityOutcome[]>();
  for (const e of rows) {
    const key = keyOf(e);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.entries()].sort(([a], [b]) => order(a, b)).map(([key, g]) => ({ key, ...totalsOf(g) }));
}

/** Banked allowances as the banking rules count them for the year (earlier phases may not count; a carry-over discount). */
export function bankedCredit(banked: RecordedEntity['banked'], year: number, policy: BankingPolicy): number {
  return banked.reduce((s, b) => s + (vintageRefusal(b.vintage, year, policy) ? 0 : creditedTonnes(b.quantity, b.vintage, year, policy)), 0);
}

/** Eligible CCER an entity may surrender for an obligation: up to the offset cap, of which projects outside its province up to their own cap. */
export function usableOffsets(ccer: RecordedEntity['ccer'], obligation: number, share: string, outsideShare: string | null): number {
  const outside = outsideShare === null ? ccer.outsideProvince : Math.min(ccer.outsideProvince, offsetCap(obligation, outsideShare));
  return Math.min(offsetCap(obligation, share), ccer.inProvince + outside);
}

/** The recorded year under the scenario's changes (no changes: the policy in force). Deterministic. */
export function runScenario(recorded: RecordedYear, changes: ScenarioChanges = {}): ScenarioOutcome {
  const rules = changedRules(recorded.rules, changes.rules);
  const banking: BankingPolicy = { ...recorded.banking, ...changes.banking };
  const offsetShare = changes.offsets?.share ?? recorded.offsetShare;
  const outsideShare = changes.offsets && 'outsideProvinceShare' in changes.offsets ? (changes.offsets.outsideProvinceShare ?? null) : recorded.outsideProvinceShare;
  const price = assumedPrice(recorded, changes.price);
  const { cap, budgets } = scenarioBudgets(recorded, changes);
  const entities = [...recorded.entities].sort((a, b) => a.organisationId - b.organisationId);

  // The rules' allocation of each entity (the year's true-up on verified output), and its pre-allocation.
  const planned = entities.map((e) => {
    const line = { installations: e.installations, rules, previouslyIssued: 0, previouslyDeducted: 0, previouslyPaid: 0, deductionDue: e.deductionDue };
    const plan = planAllocationLine({ ...line, kind: 'TRUE_UP', outputs: e.outputs });
    const pre = planAllocationLine({ ...line, kind: 'PRE_ALLOCATION', outputs: e.previousOutputs });
    return { e, plan, preAllocated: pre.problems.length ? 0 : pre.quantity };
  });

  // What the rules use of each province's budget, as production counts it (a line with a problem moves nothing).
  const useOf = new Map<string, number>();
  for (const { e, plan } of planned) useOf.set(e.provinceCode, (useOf.get(e.provinceCode) ?? 0) + (plan.problems.length ? 0 : plan.allocation - plan.deduction));
  // The correction factor of each province, as a fraction (multiplied before dividing, so that a
  // part the budget covers exactly stays whole): the lower budget against the recorded one, or the
  // budget against what the rules use of it, whichever is smaller; none when neither is below 1.
  const bindingOf = new Map([...useOf].flatMap(([p, use]) => {
    const budget = budgets.get(p);
    const recordedBudget = recorded.budgets[p];
    if (budget === undefined) return [];
    const candidates = [{ budget, use }, ...(recordedBudget ? [{ budget, use: recordedBudget }] : [])].filter((f) => f.budget < f.use);
    if (candidates.length === 0) return [];
    return [[p, candidates.reduce((a, b) => (new D(a.budget).div(a.use).lte(new D(b.budget).div(b.use)) ? a : b))] as const];
  }));

  const outcomes: EntityOutcome[] = planned.map(({ e, plan, preAllocated }) => {
    const binding = bindingOf.get(e.provinceCode);
    const scaled = (tonnes: number) => (binding ? floor(new D(tonnes).times(binding.budget).div(binding.use)) : tonnes);
    const allocation = scaled(plan.allocation);
    const paid = scaled(plan.paid);
    const free = scaled(plan.entitlement);
    const deduction = plan.problems.length ? 0 : Math.min(plan.deduction, free);
    const issued = plan.problems.length ? 0 : free - deduction;
    const banked = bankedCredit(e.banked, recorded.year, banking);
    const obligation = e.verifiedEmissions;
    const offsets = obligation === null ? 0 : usableOffsets(e.ccer, obligation, offsetShare, outsideShare);
    const position = obligation === null ? 0 : issued + banked + offsets - obligation;
    const deficit = obligation === null ? 0 : shortfall(obligation, issued + banked + offsets);
    const fine = deficit > 0 && price !== null ? surrenderFineRange(recorded.penaltyRule, deficit, price) : null;
    return {
      organisationId: e.organisationId, name: e.name, nameZh: e.nameZh, provinceCode: e.provinceCode, industry: e.industry, size: sizeBand(obligation),
      verifiedEmissions: obligation, allocation: plan.problems.length ? 0 : allocation, paid: plan.problems.length ? 0 : paid,
      preAllocated: scaled(preAllocated), deduction, issued, banked, offsets, position,
      deficit, surplus: Math.max(0, position), cost: money(price === null ? 0 : new D(deficit).times(price)),
      fineMin: fine?.min ?? '0.00', fineMax: fine?.max ?? '0.00',
      recordedIssued: e.recordedIssued, recordedSurrendered: e.recordedSurrendered, problems: plan.problems,
    };
  });

  const totals = totalsOf(outcomes);
  const offered = (changes.auction?.quantity ?? recorded.auction.quantity) + totals.paid;
  const reservePrice = changes.auction && 'reservePrice' in changes.auction ? (changes.auction.reservePrice ?? null) : recorded.auction.reservePrice;
  const clearing = price !== null && (reservePrice === null || new D(price).gte(reservePrice)) ? price : null;
  const sold = clearing === null ? 0 : Math.min(offered, totals.deficit);
  const supply = totals.issued + totals.banked + totals.offsets + sold;
  const demand = totals.verifiedEmissions;

  return {
    market: {
      price, priceKind: changes.price?.kind ?? 'CLOSE', cap,
      budgets: [...useOf.keys()].sort().map((p) => {
        const binding = bindingOf.get(p);
        return { provinceCode: p, budget: budgets.get(p) ?? null, use: useOf.get(p)!, correction: binding ? new D(binding.budget).div(binding.use).toDecimalPlaces(6, Decimal.ROUND_DOWN).toFixed(6) : '1.000000' };
      }),
      supply, demand, scarcityRatio: surplusRatio(supply, 0, demand), netDemand: totals.deficit - totals.surplus,
      auction: { offered, reservePrice, sold, revenue: money(clearing === null ? 0 : new D(sold).times(clearing)) },
    },
    totals,
    byProvince: groupBy(outcomes, (e) => e.provinceCode, (a, b) => a.localeCompare(b)),
    byIndustry: groupBy(outcomes, (e) => e.industry ?? 'OTHER', (a, b) => a.localeCompare(b)),
    bySize: groupBy(outcomes, (e) => e.size, (a, b) => SIZE_BANDS.indexOf(a) - SIZE_BANDS.indexOf(b)),
    entities: outcomes,
  };
}

/** A scenario's result beside the policy in force (at the same price assumption), entity by entity. */
export interface ScenarioResult {
  scenario: Omit<ScenarioOutcome, 'entities'>;
  baseline: Omit<ScenarioOutcome, 'entities'>;
  entities: (EntityOutcome & { baselineIssued: number; baselineDeficit: number; baselineCost: string })[];
}

/**
 * Replays the recorded year under the scenario and under the policy in force. The baseline assumes
 * the scenario's price too, so that what differs is the policy's doing.
 */
export function replay(recorded: RecordedYear, changes: ScenarioChanges): ScenarioResult {
  const { entities, ...scenario } = runScenario(recorded, changes);
  const { entities: base, ...baseline } = runScenario(recorded, changes.price ? { price: changes.price } : {});
  const baseOf = new Map(base.map((e) => [e.organisationId, e]));
  return {
    scenario, baseline,
    entities: entities.map((e) => {
      const b = baseOf.get(e.organisationId)!;
      return { ...e, baselineIssued: b.issued, baselineDeficit: b.deficit, baselineCost: b.cost };
    }),
  };
}
