import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  AllocationInputError,
  allocate,
  countedOutput,
  preAllocation,
  splitPaidShare,
  trueUp,
  type AllocationInputs,
  type AllocationRule,
  type Calculation,
} from '../../../src/domain/compliance/allocation';

const halfUp = (s: string) => new Decimal(s).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** A trace is consistent: the result is the exact value rounded half-up, and the exact value is plain. */
const expectConsistent = (c: Calculation) => {
  expect(c.result).toBe(halfUp(c.exact));
  expect(Number.isInteger(c.result)).toBe(true);
  expect(c.formula.length).toBeGreaterThan(0);
  for (const v of Object.values(c.inputs)) expect(typeof v).toBe('string');
};

const benchmark = (b: string, extra: Partial<AllocationRule> = {}): AllocationRule => ({ method: 'BENCHMARK', benchmark: b, ...extra });

describe('allocate: benchmark method', () => {
  it.each<[string, AllocationRule, AllocationInputs, string, number]>([
    ['coal power, no factors', benchmark('0.8177'), { output: '1000000' }, '817700', 817_700],
    ['adjustment factors multiplied in', benchmark('0.8', { adjustmentFactors: ['1.05', '0.98'] }), { output: '500000' }, '411600', 411_600],
    ['decline factor', benchmark('1.98', { declineFactor: '0.98' }), { output: '100000' }, '194040', 194_040],
    ['decline and factors', benchmark('0.9', { declineFactor: '0.99', adjustmentFactors: ['1.1'] }), { output: '1000' }, '980.1', 980],
    ['half rounds up', benchmark('0.5'), { output: '3' }, '1.5', 2],
    ['2.45 rounds to 2 (no double rounding)', benchmark('0.35'), { output: '7' }, '2.45', 2],
    ['rounded once at the end: 0.45 × 1.2 = 0.54 → 1', benchmark('0.15', { adjustmentFactors: ['1.2'] }), { output: '3' }, '0.54', 1],
    ['just below half', benchmark('1'), { output: '2.4999' }, '2.4999', 2],
    ['zero output', benchmark('0.8'), { output: '0' }, '0', 0],
    ['fractional output', benchmark('2.13'), { output: '1234.5' }, '2629.485', 2629],
  ])('%s', (_name, rule, inputs, exact, result) => {
    const c = allocate(rule, inputs);
    expect(c.method).toBe('BENCHMARK');
    expect(new Decimal(c.exact).eq(exact)).toBe(true);
    expect(c.result).toBe(result);
    expectConsistent(c);
  });

  it('records the inputs and the formula of the calculation', () => {
    const c = allocate(benchmark('0.8', { declineFactor: '0.98', adjustmentFactors: ['1.05', '0.98'] }), { output: '500000' });
    expect(c.inputs).toEqual({ output: '500000', benchmark: '0.8', declineFactor: '0.98', adjustmentFactors: '1.05 × 0.98' });
    expect(c.formula).toBe('output × benchmark × decline factor × adjustment factors');
    expect(c.exact).toBe('403368'); // 500,000 × 0.8 × 0.98 × 1.05 × 0.98
    expect(c.result).toBe(403_368);
  });

  it('without factors or decline the formula and inputs say so (decline 1)', () => {
    const c = allocate(benchmark('0.8177'), { output: '10' });
    expect(c.inputs).toEqual({ output: '10', benchmark: '0.8177', declineFactor: '1' });
    expect(c.inputs).not.toHaveProperty('adjustmentFactors');
    expect(c.inputs).not.toHaveProperty('outputCap');
    expect(c.formula).toBe('output × benchmark × decline factor');
  });

  it('a tightened benchmark gives less (Guangdong crude steel 2.13 → 1.98)', () => {
    const before = allocate(benchmark('2.13'), { output: '1000000' });
    const after = allocate(benchmark('1.98'), { output: '1000000' });
    expect(before.result).toBe(2_130_000);
    expect(after.result).toBe(1_980_000);
  });
});

describe('allocate: output caps', () => {
  it.each<[string, string, string, string, string, boolean]>([
    // sector, cap multiple, design capacity, output, counted, capped
    ['power 1.0× below cap', '1.0', '5000000', '4000000', '4000000', false],
    ['power 1.0× exactly at cap', '1.0', '5000000', '5000000', '5000000', false],
    ['power 1.0× above cap', '1.0', '5000000', '5500000', '5000000', true],
    ['cement 1.3× below cap', '1.3', '1000000', '1299999', '1299999', false],
    ['cement 1.3× exactly at cap', '1.3', '1000000', '1300000', '1300000', false],
    ['cement 1.3× above cap', '1.3', '1000000', '1500000', '1300000', true],
    ['steel 1.1× below cap', '1.1', '2000000', '2100000', '2100000', false],
    ['steel 1.1× above cap', '1.1', '2000000', '2500000', '2200000', true],
  ])('%s', (_name, multiple, capacity, output, counted, capped) => {
    const r = countedOutput(output, capacity, multiple);
    expect(r.counted.eq(counted)).toBe(true);
    expect(r.capped).toBe(capped);
    expect(r.cap?.eq(new Decimal(capacity).times(multiple))).toBe(true);
  });

  it('no cap multiple: all output counts', () => {
    const r = countedOutput('9999999', '1', undefined);
    expect(r.counted.eq('9999999')).toBe(true);
    expect(r.capped).toBe(false);
    expect(r.cap).toBeNull();
  });

  it('a rule with a cap but no design capacity is refused (the cap must not silently lapse)', () => {
    expect(() => countedOutput('100', undefined, '1.3')).toThrow(AllocationInputError);
    expect(() => allocate(benchmark('0.8', { outputCapMultiple: '1.0' }), { output: '100' })).toThrow(AllocationInputError);
  });

  it('output above the cap earns nothing (cement, benchmark)', () => {
    const rule = benchmark('0.85', { outputCapMultiple: '1.3' });
    const atCap = allocate(rule, { output: '1300000', designCapacity: '1000000' });
    const above = allocate(rule, { output: '1500000', designCapacity: '1000000' });
    expect(atCap.result).toBe(1_105_000);
    expect(above.result).toBe(1_105_000);
    expect(above.inputs).toMatchObject({ output: '1500000', outputCap: '1300000', countedOutput: '1300000' });
    expect(above.formula).toBe('min(output, cap) × benchmark × decline factor');
    expect(atCap.formula).toBe('output × benchmark × decline factor');
    expect(atCap.inputs).toMatchObject({ outputCap: '1300000', countedOutput: '1300000' });
  });

  it('power units are capped at design capacity (1.0×)', () => {
    const c = allocate(benchmark('0.8177', { outputCapMultiple: '1.0' }), { output: '6000000', designCapacity: '5000000' });
    expect(c.result).toBe(4_088_500); // 5,000,000 × 0.8177
  });

  it('steel is capped at 1.1× design capacity (historical intensity)', () => {
    const rule: AllocationRule = { method: 'HISTORICAL_INTENSITY', outputCapMultiple: '1.1', declineFactor: '0.98' };
    const c = allocate(rule, { output: '2500000', designCapacity: '2000000', historicalIntensity: '2' });
    expect(c.exact).toBe('4312000'); // 2,200,000 × 2 × 0.98
    expect(c.result).toBe(4_312_000);
    expect(c.inputs).toMatchObject({ outputCap: '2200000', countedOutput: '2200000', historicalIntensity: '2', declineFactor: '0.98' });
    expect(c.formula).toBe('min(output, cap) × historical intensity × decline factor');
  });
});

describe('allocate: historical emissions method', () => {
  it.each<[string, string[], string | undefined, number]>([
    ['three-year average × 0.98', ['100000', '110000', '120000'], '0.98', 107_800],
    ['no decline factor: the average', ['1', '2'], undefined, 2], // 1.5 → 2
    ['one base year', ['5000'], '0.95', 4750],
    ['average rounded once at the end', ['10', '10', '11'], '1', 10], // 10.333…
    ['exact half after decline rounds up', ['999983', '999983', '999984'], '0.99', 989_984], // 999,983.333… × 0.99 = 989,983.5
    ['zero emissions', ['0', '0'], '0.98', 0],
  ])('%s', (_name, baseEmissions, declineFactor, result) => {
    const rule: AllocationRule = { method: 'HISTORICAL_EMISSIONS', ...(declineFactor ? { declineFactor } : {}) };
    const c = allocate(rule, { baseEmissions });
    expect(c.result).toBe(result);
    expectConsistent(c);
  });

  it.each<[string[], string, string, number]>([
    // average 1,000,008.333… × 0.9 = 900,007.5: dividing first gave 900,007.4999… → 900,007
    [['1000008', '1000008', '1000009'], '0.9', '900007.5', 900_008],
    [['1', '1', '2'], '0.375', '0.5', 1], // 1.333… × 0.375
  ])('an exact half is kept exact and rounds up (regression: the average was divided before the decline) %j × %s', (baseEmissions, declineFactor, exact, result) => {
    const c = allocate({ method: 'HISTORICAL_EMISSIONS', declineFactor }, { baseEmissions });
    expect(c.exact).toBe(exact);
    expect(c.result).toBe(result);
  });

  it('records the base years, their average and the decline factor', () => {
    const c = allocate({ method: 'HISTORICAL_EMISSIONS', declineFactor: '0.98' }, { baseEmissions: ['100000', '110000', '120000'] });
    expect(c.inputs).toEqual({ baseEmissions: '100000, 110000, 120000', baseAverage: '110000', declineFactor: '0.98' });
    expect(c.formula).toBe('average(base-period emissions) × decline factor');
    expect(c.exact).toBe('107800');
    expect(new Decimal(c.inputs.baseAverage!).times(c.inputs.declineFactor!).eq(c.exact)).toBe(true);
  });
});

describe('allocate: historical intensity method', () => {
  it.each<[string, AllocationInputs, string | undefined, string, number]>([
    ['output × intensity × decline', { output: '200000', historicalIntensity: '0.9' }, '0.97', '174600', 174_600],
    ['no decline', { output: '1000', historicalIntensity: '0.8125' }, undefined, '812.5', 813],
    ['rounds down below half', { output: '3', historicalIntensity: '0.83' }, undefined, '2.49', 2],
  ])('%s', (_name, inputs, declineFactor, exact, result) => {
    const c = allocate({ method: 'HISTORICAL_INTENSITY', ...(declineFactor ? { declineFactor } : {}) }, inputs);
    expect(new Decimal(c.exact).eq(exact)).toBe(true);
    expect(c.result).toBe(result);
    expectConsistent(c);
  });

  it('records its inputs', () => {
    const c = allocate({ method: 'HISTORICAL_INTENSITY', declineFactor: '0.97' }, { output: '200000', historicalIntensity: '0.9' });
    expect(c.inputs).toEqual({ output: '200000', historicalIntensity: '0.9', declineFactor: '0.97' });
    expect(c.formula).toBe('output × historical intensity × decline factor');
  });

  it('cement capped at 1.3× design capacity', () => {
    const c = allocate({ method: 'HISTORICAL_INTENSITY', outputCapMultiple: '1.3' }, { output: '1500000', designCapacity: '1000000', historicalIntensity: '0.85' });
    expect(c.result).toBe(1_105_000);
  });
});

describe('allocate: invalid inputs', () => {
  it.each<[string, AllocationRule, AllocationInputs]>([
    ['benchmark: output missing', benchmark('0.8'), {}],
    ['benchmark: output empty', benchmark('0.8'), { output: '' }],
    ['benchmark: output negative', benchmark('0.8'), { output: '-1' }],
    ['benchmark: output not a number', benchmark('0.8'), { output: 'lots' }],
    ['benchmark: output infinite', benchmark('0.8'), { output: 'Infinity' }],
    ['benchmark: output NaN', benchmark('0.8'), { output: 'NaN' }],
    ['benchmark: benchmark missing', { method: 'BENCHMARK' }, { output: '100' }],
    ['benchmark: benchmark negative', benchmark('-0.8'), { output: '100' }],
    ['benchmark: adjustment factor negative', benchmark('0.8', { adjustmentFactors: ['1', '-0.5'] }), { output: '100' }],
    ['benchmark: decline factor negative', benchmark('0.8', { declineFactor: '-0.98' }), { output: '100' }],
    ['benchmark: decline factor empty', benchmark('0.8', { declineFactor: '' }), { output: '100' }],
    ['benchmark: design capacity negative', benchmark('0.8', { outputCapMultiple: '1.0' }), { output: '100', designCapacity: '-5' }],
    ['benchmark: cap multiple negative', benchmark('0.8', { outputCapMultiple: '-1' }), { output: '100', designCapacity: '100' }],
    ['historical emissions: none', { method: 'HISTORICAL_EMISSIONS' }, {}],
    ['historical emissions: empty list', { method: 'HISTORICAL_EMISSIONS' }, { baseEmissions: [] }],
    ['historical emissions: a negative year', { method: 'HISTORICAL_EMISSIONS' }, { baseEmissions: ['100', '-1'] }],
    ['historical emissions: an empty year', { method: 'HISTORICAL_EMISSIONS' }, { baseEmissions: ['100', ''] }],
    ['historical intensity: intensity missing', { method: 'HISTORICAL_INTENSITY' }, { output: '100' }],
    ['historical intensity: intensity negative', { method: 'HISTORICAL_INTENSITY' }, { output: '100', historicalIntensity: '-0.1' }],
    ['historical intensity: output missing', { method: 'HISTORICAL_INTENSITY' }, { historicalIntensity: '0.9' }],
  ])('%s throws AllocationInputError', (_name, rule, inputs) => {
    expect(() => allocate(rule, inputs)).toThrow(AllocationInputError);
  });
});

describe('preAllocation', () => {
  const onLastYear = (output: string) => allocate(benchmark('1'), { output });

  it.each<[string, string, number]>([
    ['817700', '0.7', 572_390],
    ['11', '0.7', 8], // 7.7
    ['5', '0.7', 4], // 3.5 half-up
    ['1000', '1', 1000],
    ['1000', '0', 0],
  ])('%s t × %s = %i', (output, share, quantity) => {
    const p = preAllocation(onLastYear(output), share);
    expect(p.quantity).toBe(quantity);
    expect(p.formula).toBe(`${onLastYear(output).result} × ${share}`);
  });

  it.each(['1.01', '-0.1', '', 'x'])('refuses share %j', (share) => {
    expect(() => preAllocation(onLastYear('100'), share)).toThrow(AllocationInputError);
  });
});

describe('trueUp', () => {
  const verified = (t: string) => allocate(benchmark('1'), { output: t });

  it('issues the difference when the verified allocation is higher', () => {
    const t = trueUp(verified('900000'), 572_390);
    expect(t).toEqual({ verifiedAllocation: 900_000, difference: 327_610, formula: '900000 − 572390 pre-allocated = 327610' });
  });

  it('takes back the difference when the verified allocation is lower', () => {
    const t = trueUp(verified('500000'), 572_390);
    expect(t.difference).toBe(-72_390);
    expect(t.verifiedAllocation).toBe(500_000);
  });

  it('nothing to do when they are equal', () => {
    expect(trueUp(verified('572390'), 572_390).difference).toBe(0);
  });

  it("deducts last year's unpaid shortfall", () => {
    const t = trueUp(verified('900000'), 572_390, 10_000);
    expect(t.difference).toBe(317_610);
    expect(t.formula).toBe("900000 − 572390 pre-allocated − 10000 deducted (last year's shortfall) = 317610");
  });

  it('a deduction can turn an issue into a take-back', () => {
    expect(trueUp(verified('600000'), 572_390, 50_000).difference).toBe(-22_390);
  });

  it('pre-allocation plus true-up equals the verified allocation less the deduction', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), (last, pct, now, deduction) => {
        const pre = preAllocation(verified(String(last)), String(pct / 100)).quantity;
        const t = trueUp(verified(String(now)), pre, deduction);
        expect(pre + t.difference).toBe(now - deduction);
      }),
    );
  });
});

describe('splitPaidShare', () => {
  it.each<[number, string, number, number]>([
    [1_000_000, '0.03', 970_000, 30_000], // Guangdong 3 %
    [101, '0.05', 96, 5], // 5.05 → 5
    [10, '0.05', 9, 1], // 0.5 → 1
    [1000, '0', 1000, 0],
    [1000, '1', 0, 1000],
  ])('%i at %s: free %i, paid %i', (allocation, share, free, paid) => {
    expect(splitPaidShare(allocation, share)).toEqual({ free, paid });
  });

  it.each(['1.5', '-0.03', ''])('refuses share %j', (share) => {
    expect(() => splitPaidShare(1000, share)).toThrow(AllocationInputError);
  });

  it('free + paid is the allocation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 10_000 }), (allocation, bp) => {
        const { free, paid } = splitPaidShare(allocation, String(bp / 10_000));
        expect(free + paid).toBe(allocation);
        expect(free).toBeGreaterThanOrEqual(0);
        expect(paid).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('allocation properties', () => {
  const decimalString = (maxUnits: number, scale: number) => fc.integer({ min: 0, max: maxUnits }).map((n) => new Decimal(n).div(scale).toString());

  it('is monotone non-decreasing in output up to the cap and constant above it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('1.0', '1.1', '1.3'),
        fc.integer({ min: 1, max: 5_000_000 }),
        decimalString(30_000, 10_000), // benchmark 0 – 3
        decimalString(10_000, 10_000), // decline 0 – 1
        fc.constantFrom<AllocationRule['method']>('BENCHMARK', 'HISTORICAL_INTENSITY'),
        (a, b, multiple, capacity, factor, declineFactor, method) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const rule: AllocationRule =
            method === 'BENCHMARK' ? { method, benchmark: factor, declineFactor, outputCapMultiple: multiple } : { method, declineFactor, outputCapMultiple: multiple };
          const run = (output: number) => allocate(rule, { output: String(output), designCapacity: String(capacity), historicalIntensity: factor });
          const cap = new Decimal(capacity).times(multiple);
          const low = run(lo);
          const high = run(hi);
          expect(high.result).toBeGreaterThanOrEqual(low.result);
          expect(new Decimal(high.exact).gte(low.exact)).toBe(true);
          if (cap.lte(lo)) {
            expect(high.result).toBe(low.result);
            expect(high.exact).toBe(low.exact);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the result is the exact value rounded half-up', () => {
    const rule = fc.oneof(
      fc.record({ method: fc.constant<'BENCHMARK'>('BENCHMARK'), benchmark: decimalString(30_000, 10_000), declineFactor: decimalString(10_000, 10_000), adjustmentFactors: fc.array(decimalString(2_000, 1_000), { maxLength: 3 }) }),
      fc.record({ method: fc.constant<'HISTORICAL_INTENSITY'>('HISTORICAL_INTENSITY'), declineFactor: decimalString(10_000, 10_000) }),
      fc.record({ method: fc.constant<'HISTORICAL_EMISSIONS'>('HISTORICAL_EMISSIONS'), declineFactor: decimalString(10_000, 10_000) }),
    );
    fc.assert(
      fc.property(rule, decimalString(100_000_000, 100), decimalString(30_000, 10_000), fc.array(decimalString(10_000_000, 10), { minLength: 1, maxLength: 5 }), (r, output, intensity, baseEmissions) => {
        const c = allocate(r, { output, historicalIntensity: intensity, baseEmissions });
        expect(c.result).toBe(halfUp(c.exact));
        expect(c.method).toBe(r.method);
      }),
      { numRuns: 500 },
    );
  });

  it('historical emissions: the result is the true average × decline rounded half-up (exact rational check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 100 }), (years, pct) => {
        const c = allocate({ method: 'HISTORICAL_EMISSIONS', declineFactor: String(pct / 100) }, { baseEmissions: years.map(String) });
        // true value = sum × pct / (100 n); half-up in integers: floor((2 × sum × pct + 100 n) / (200 n))
        const sum = BigInt(years.reduce((s, y) => s + y, 0));
        const n = BigInt(years.length);
        const expected = (2n * sum * BigInt(pct) + 100n * n) / (200n * n);
        expect(c.result).toBe(Number(expected));
      }),
      { numRuns: 1000 },
    );
  });
});
