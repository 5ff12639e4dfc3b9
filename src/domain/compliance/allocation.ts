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

export class AllocationInputError extends Error {}

const need = (value: string | undefined, what: string): Decimal => {
  if (value === undefined || value === '') throw new AllocationInputError(`${what} is required for this method.`);
  let d: Decimal;
  try {
    d = new D(value);
  } catch {
    throw new AllocationInputError(`${what} must be a non-negative number.`);
  }
  if (!d.isFinite() || d.isNegative()) throw new AllocationInputError(`${what} must be a non-negative number.`);
  return d;
};

/** Output counted for allocation: the actual output, capped at the multiple of design capacity. */
export function countedOutput(output: string, designCapacity: string | undefined, capMultiple: string | undefined): { counted: Decimal; capped: boolean; cap: Decimal | null } {
  const o = need(output, 'Output');
  if (capMultiple === undefined) return { counted: o, capped: false, cap: null };
  // A rule with an output cap needs the design capacity: without it the cap would silently not apply.
  const cap = need(designCapacity, 'Design capacity').times(need(capMultiple, 'Output cap multiple'));
  return o.gt(cap) ? { counted: cap, capped: true, cap } : { counted: o, capped: false, cap };
}

const wholeTonnes = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** The free allocation of one entity (or unit) under its sub-industry's rule. */
export function allocate(rule: AllocationRule, inputs: AllocationInputs): Calculation {
  const decline = rule.declineFactor !== undefined ? need(rule.declineFactor, 'Decline factor') : new D(1);
  switch (rule.method) {
    case 'BENCHMARK': {
      const { counted, capped, cap } = countedOutput(inputs.output ?? '', inputs.designCapacity, rule.outputCapMultiple);
      const benchmark = need(rule.benchmark, 'Benchmark');
      const factors = (rule.adjustmentFactors ?? []).map((f) => need(f, 'Adjustment factor'));
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
      const base = (inputs.baseEmissions ?? []).map((e) => need(e, 'Base-period emissions'));
      if (base.length === 0) throw new AllocationInputError('Base-period emissions are required for this method.');
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
      const intensity = need(inputs.historicalIntensity, 'Historical intensity');
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
  const s = need(share, 'Pre-allocation share');
  if (s.gt(1)) throw new AllocationInputError('Pre-allocation share must be at most 1.');
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
  const s = need(paidShare, 'Paid share');
  if (s.gt(1)) throw new AllocationInputError('Paid share must be at most 1.');
  const paid = wholeTonnes(new D(allocation).times(s));
  return { free: allocation - paid, paid };
}
