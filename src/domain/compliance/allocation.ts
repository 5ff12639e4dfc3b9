/**
 * Free allocation (配额分配) formulas, as pure functions that return the result AND the calculation
 * (inputs, formula, result), so that an entity can check what it was given.
 *
 * - Benchmark method (基准线法): counted output × benchmark (tCO2 per unit) × adjustment factors.
 * - Historical emissions (历史法): average emissions of the base period × decline factor.
 * - Historical intensity (历史强度法): counted output × historical intensity × decline factor.
 *
 * Output counted for allocation is capped (产量限值) at a multiple of design capacity: output above
 * the cap earns no free allowances. Allocations are whole tonnes, rounded half-up once, at the end.
 */
import Decimal from 'decimal.js';
import { problem, type Problem } from '@/domain/problems';
import type { AllocationInput } from '@/domain/problems/compliance';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type AllocationMethod = 'BENCHMARK' | 'HISTORICAL_EMISSIONS' | 'HISTORICAL_INTENSITY';

/** One sub-industry's method and parameters (editable data, per year). */
export interface AllocationRule {
  method: AllocationMethod;
  /** tCO2 per unit of output (benchmark method). */
  benchmark?: string;
  /** Annual decline factor, e.g. "0.98". */
  declineFactor?: string;
  /** Other adjustment factors multiplied in (benchmark method), e.g. a load or cooling factor. */
  adjustmentFactors?: string[];
  /** Output cap as a multiple of design capacity (e.g. "1.0" power, "1.3" cement, "1.1" steel); absent: no cap. */
  outputCapMultiple?: string;
}

export interface AllocationInputs {
  /** Output in the rule's unit (MWh, t clinker, t crude steel...). */
  output?: string;
  designCapacity?: string;
  /** Base-period annual emissions (historical emissions method). */
  baseEmissions?: string[];
  /** tCO2 per unit of output in the base period (historical intensity method). */
  historicalIntensity?: string;
}

export interface Calculation {
  method: AllocationMethod;
  inputs: Record<string, string>;
  formula: string;
  /** The unrounded value, for checking. */
  exact: string;
  /** Whole tonnes, rounded half-up. */
  result: number;
}

/** An input the method needs is missing, not a non-negative number, or a share above 1. */
export class AllocationInputError extends Error {
  constructor(
    readonly input: AllocationInput,
    readonly reason: 'MISSING' | 'NEGATIVE' | 'ABOVE_ONE',
  ) {
    super(`${input}: ${reason}`);
  }
}

const need = (value: string | undefined, input: AllocationInput): Decimal => {
  if (value === undefined || value === '') throw new AllocationInputError(input, 'MISSING');
  let d: Decimal;
  try {
    d = new D(value);
  } catch {
    throw new AllocationInputError(input, 'NEGATIVE');
  }
  if (!d.isFinite() || d.isNegative()) throw new AllocationInputError(input, 'NEGATIVE');
  return d;
};

/** Output counted for allocation: the actual output, capped at the multiple of design capacity. */
export function countedOutput(output: string, designCapacity: string | undefined, capMultiple: string | undefined): { counted: Decimal; capped: boolean; cap: Decimal | null } {
  const o = need(output, 'output');
  if (capMultiple === undefined) return { counted: o, capped: false, cap: null };
  // A rule with an output cap needs the design capacity: without it the cap would silently not apply.
  const cap = need(designCapacity, 'designCapacity').times(need(capMultiple, 'outputCapMultiple'));
  return o.gt(cap) ? { counted: cap, capped: true, cap } : { counted: o, capped: false, cap };
}

const wholeTonnes = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** The free allocation of one entity (or unit) under its sub-industry's rule. */
export function allocate(rule: AllocationRule, inputs: AllocationInputs): Calculation {
  const decline = rule.declineFactor !== undefined ? need(rule.declineFactor, 'declineFactor') : new D(1);
  switch (rule.method) {
    case 'BENCHMARK': {
      const { counted, capped, cap } = countedOutput(inputs.output ?? '', inputs.designCapacity, rule.outputCapMultiple);
      const benchmark = need(rule.benchmark, 'benchmark');
      const factors = (rule.adjustmentFactors ?? []).map((f) => need(f, 'adjustmentFactor'));
      const exact = factors.reduce((v, f) => v.times(f), counted.times(benchmark).times(decline));
      return {
        method: rule.method,
        inputs: {
          output: inputs.output!, ...(cap ? { outputCap: cap.toString(), countedOutput: counted.toString() } : {}),
          benchmark: benchmark.toString(), declineFactor: decline.toString(), ...(factors.length ? { adjustmentFactors: factors.join(' × ') } : {}),
        },
        formula: `${capped ? 'min(output, cap)' : 'output'} × benchmark × decline factor${factors.length ? ' × adjustment factors' : ''}`,
        exact: exact.toString(),
        result: wholeTonnes(exact),
      };
    }
    case 'HISTORICAL_EMISSIONS': {
      const base = (inputs.baseEmissions ?? []).map((e) => need(e, 'baseEmissions'));
      if (base.length === 0) throw new AllocationInputError('baseEmissions', 'MISSING');
      const sum = base.reduce((s, e) => s.plus(e), new D(0));
      const average = sum.div(base.length);
      // Divide last: sum × decline / n is exact whenever the true value is (e.g. x.5), so rounding happens once.
      const exact = sum.times(decline).div(base.length);
      return {
        method: rule.method,
        inputs: { baseEmissions: base.join(', '), baseAverage: average.toString(), declineFactor: decline.toString() },
        formula: 'average(base-period emissions) × decline factor',
        exact: exact.toString(),
        result: wholeTonnes(exact),
      };
    }
    case 'HISTORICAL_INTENSITY': {
      const { counted, capped, cap } = countedOutput(inputs.output ?? '', inputs.designCapacity, rule.outputCapMultiple);
      const intensity = need(inputs.historicalIntensity, 'historicalIntensity');
      const exact = counted.times(intensity).times(decline);
      return {
        method: rule.method,
        inputs: { output: inputs.output!, ...(cap ? { outputCap: cap.toString(), countedOutput: counted.toString() } : {}), historicalIntensity: intensity.toString(), declineFactor: decline.toString() },
        formula: `${capped ? 'min(output, cap)' : 'output'} × historical intensity × decline factor`,
        exact: exact.toString(),
        result: wholeTonnes(exact),
      };
    }
  }
}

/** Pre-allocation (预发配额): a share (e.g. 70 %) of the allocation computed on last year's output. */
export function preAllocation(onPreviousYear: Calculation, share: string): { quantity: number; formula: string } {
  const s = need(share, 'preAllocationShare');
  if (s.gt(1)) throw new AllocationInputError('preAllocationShare', 'ABOVE_ONE');
  return { quantity: wholeTonnes(new D(onPreviousYear.result).times(s)), formula: `${onPreviousYear.result} × ${s.toString()}` };
}

/**
 * True-up (核定): the verified allocation (on the verified output) less what was pre-allocated and
 * any deduction of last year's unpaid shortfall; positive: issue the difference, negative: take it back.
 */
export function trueUp(verified: Calculation, preAllocated: number, deduction = 0): { verifiedAllocation: number; difference: number; formula: string } {
  const difference = verified.result - preAllocated - deduction;
  return {
    verifiedAllocation: verified.result,
    difference,
    formula: `${verified.result} − ${preAllocated} pre-allocated${deduction ? ` − ${deduction} deducted (last year's shortfall)` : ''} = ${difference}`,
  };
}

/** The part of an allocation that must be bought at auction (paid share), and the free rest. */
export function splitPaidShare(allocation: number, paidShare: string): { free: number; paid: number } {
  const s = need(paidShare, 'paidShare');
  if (s.gt(1)) throw new AllocationInputError('paidShare', 'ABOVE_ONE');
  const paid = wholeTonnes(new D(allocation).times(s));
  return { free: allocation - paid, paid };
}

/** A sub-industry's rule as kept for a year: the method's parameters plus the shares. */
export interface IndustryRuleData extends AllocationRule {
  code: string;
  outputUnit: string;
  /** Share of the free allocation issued early as pre-allocation, e.g. "0.7". */
  preAllocationShare: string;
  /** Share of the allocation that must be bought at auction, e.g. "0.03". */
  paidShare: string;
}

/** An installation (production unit) of an entity and the data its allocation needs. */
export interface InstallationData {
  code: string;
  name: string;
  ruleCode: string;
  designCapacity?: string;
  baseEmissions: string[];
  historicalIntensity?: string;
}

export type AllocationRunKind = 'PRE_ALLOCATION' | 'TRUE_UP';

/** Why a line (or one installation of it) is not allocated: a problem as data, rendered in the reader's language. */
export type LineProblem = Problem<
  | 'ALLOCATION_NO_RULE' | 'ALLOCATION_NO_OUTPUT' | 'ALLOCATION_INPUT_MISSING' | 'ALLOCATION_INPUT_NEGATIVE' | 'ALLOCATION_SHARE_ABOVE_ONE'
  | 'ALLOCATION_NO_INSTALLATION' | 'ALLOCATION_NO_ACCOUNT' | 'ALLOCATION_ACCOUNT_CANNOT_RECEIVE' | 'ALLOCATION_TAKE_BACK_LIMITED'
>;

/** One installation's part of an entity's line. */
export interface InstallationAllocation {
  installation: string;
  name: string;
  rule: string | null;
  calculation: Calculation | null;
  /** The free part (allocation less the paid share). */
  free: number;
  paid: number;
  /** What this run counts for the installation: pre-allocation share of the free part, or the free part (true-up). */
  entitlement: number;
  entitlementFormula: string;
  /** Why the installation is not allocated, if it is not. */
  problems: LineProblem[];
}

/** An entity's line of an allocation run, with its whole calculation. */
export interface AllocationLinePlan {
  kind: AllocationRunKind;
  installations: InstallationAllocation[];
  /** Σ allocations computed (before the paid share). */
  allocation: number;
  /** Σ paid shares set aside for auction (true-up only: the paid share is fixed on verified output). */
  paid: number;
  /** Σ entitlements of this run. */
  entitlement: number;
  previouslyIssued: number;
  previouslyDeducted: number;
  /** Part of the scheduled deductions (last year's unpaid shortfall) applied now. */
  deduction: number;
  /** Signed: issue (+) or take back (−). Zero when there is a problem. */
  quantity: number;
  /** The line's formula; "not allocated" when it has problems. */
  formula: string;
  /** Why the line moves nothing (its installations' problems, or none active): empty when it is allocated. */
  problems: LineProblem[];
}

export interface AllocationLineInput {
  kind: AllocationRunKind;
  installations: InstallationData[];
  rules: Map<string, IndustryRuleData>;
  /** Output per installation code: last year's (pre-allocation) or this year's verified (true-up); undefined when not reported. */
  outputs: Record<string, string> | undefined;
  /** Net tonnes already issued to the entity for the year by confirmed runs, deducted by them, and set aside as its paid share. */
  previouslyIssued: number;
  previouslyDeducted: number;
  previouslyPaid?: number;
  /** Scheduled deductions not yet applied. */
  deductionDue: number;
}

/** An installation's input refused by the method, as a line problem. */
function inputProblem(installation: string, e: unknown): LineProblem {
  if (!(e instanceof AllocationInputError)) throw e;
  const params = { installation, input: e.input };
  return e.reason === 'MISSING' ? problem('ALLOCATION_INPUT_MISSING', params)
    : e.reason === 'ABOVE_ONE' ? problem('ALLOCATION_SHARE_ABOVE_ONE', params)
    : problem('ALLOCATION_INPUT_NEGATIVE', params);
}

/**
 * An entity's line of a run (pure). Per installation: the rule's method on the counted output,
 * the paid share split off, and for pre-allocation the rule's share of the free part. Then:
 *   quantity = Σ entitlement − previously issued − previously deducted − deduction now,
 * where the deduction now is the due shortfall, up to what would otherwise be issued (a deduction
 * never takes back units already issued; what it cannot cover stays scheduled). A pre-allocation
 * never takes back (a later pre-allocation run issues only what is still due; the true-up settles
 * the rest), and the paid share set aside is what is due beyond what earlier runs set aside. Any installation
 * without the data its method needs makes the whole line a problem that moves nothing, so that an
 * entity is never allocated on incomplete data.
 */
export function planAllocationLine(input: AllocationLineInput): AllocationLinePlan {
  const installations: InstallationAllocation[] = input.installations.map((inst) => {
    const rule = input.rules.get(inst.ruleCode);
    const base = { installation: inst.code, name: inst.name, rule: rule?.code ?? null, calculation: null, free: 0, paid: 0, entitlement: 0, entitlementFormula: '' };
    if (!rule) return { ...base, problems: [problem('ALLOCATION_NO_RULE', { installation: inst.code, rule: inst.ruleCode })] };
    const output = input.outputs?.[inst.code];
    if (rule.method !== 'HISTORICAL_EMISSIONS' && output === undefined) {
      return { ...base, problems: [problem('ALLOCATION_NO_OUTPUT', { installation: inst.code, kind: input.kind })] };
    }
    try {
      const calculation = allocate(rule, {
        output, designCapacity: inst.designCapacity, baseEmissions: inst.baseEmissions, historicalIntensity: inst.historicalIntensity,
      });
      const { free, paid } = splitPaidShare(calculation.result, rule.paidShare);
      if (input.kind === 'PRE_ALLOCATION') {
        const pre = preAllocation({ ...calculation, result: free }, rule.preAllocationShare);
        return { ...base, calculation, free, paid, entitlement: pre.quantity, entitlementFormula: `free ${pre.formula} (pre-allocation share)`, problems: [] };
      }
      return { ...base, calculation, free, paid, entitlement: free, entitlementFormula: `${calculation.result} − ${paid} paid share`, problems: [] };
    } catch (e) {
      return { ...base, problems: [inputProblem(inst.code, e)] };
    }
  });
  const problems: LineProblem[] = installations.flatMap((i) => i.problems);
  if (installations.length === 0) problems.push(problem('ALLOCATION_NO_INSTALLATION'));
  const sum = (f: (i: InstallationAllocation) => number) => installations.reduce((s, i) => s + f(i), 0);
  const allocation = sum((i) => i.calculation?.result ?? 0);
  const paid = input.kind === 'TRUE_UP' ? Math.max(0, sum((i) => i.paid) - (input.previouslyPaid ?? 0)) : 0;
  const entitlement = sum((i) => i.entitlement);
  const before = input.previouslyIssued + input.previouslyDeducted;
  const deduction = Math.min(input.deductionDue, Math.max(0, entitlement - before));
  const net = entitlement - before - deduction;
  const quantity = problems.length ? 0 : input.kind === 'PRE_ALLOCATION' ? Math.max(0, net) : net;
  return {
    kind: input.kind, installations, allocation, paid, entitlement, previouslyIssued: input.previouslyIssued, previouslyDeducted: input.previouslyDeducted,
    deduction: problems.length ? 0 : deduction, quantity, problems,
    formula: problems.length
      ? 'not allocated'
      : `${entitlement} ${input.kind === 'PRE_ALLOCATION' ? 'pre-allocation' : 'verified free allocation'}`
        + (input.previouslyIssued ? ` − ${input.previouslyIssued} already issued` : '')
        + (input.previouslyDeducted ? ` − ${input.previouslyDeducted} already deducted` : '')
        + (deduction ? ` − ${deduction} deducted (last year's shortfall)` : '')
        + ` = ${quantity}`,
  };
}
