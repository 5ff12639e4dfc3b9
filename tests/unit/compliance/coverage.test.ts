import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  GWP_DEFAULT_AR4, INCLUSION_THRESHOLD_T, InvalidGwpTableError, UnknownGasError, dueForRemoval, gwpGases, gwpTableProblems, parseGwpTable, qualifiesForInclusion, totalCo2e,
} from '../../../src/domain/compliance/coverage';
import { renderProblem } from '../../../src/i18n/problems';

describe('qualifiesForInclusion', () => {
  it('the threshold is 26,000 tCO2e', () => {
    expect(INCLUSION_THRESHOLD_T).toBe(26_000);
  });

  it.each<[number, boolean, boolean]>([
    [26_000, true, true],
    [26_001, true, true],
    [1_000_000, true, true],
    [25_999, true, false],
    [25_999.99, true, false],
    [0, true, false],
    [26_000, false, false],
    [1_000_000, false, false],
  ])('%i t, covered industry %s → %s', (emissions, covered, included) => {
    expect(qualifiesForInclusion(emissions, covered)).toBe(included);
  });
});

describe('dueForRemoval', () => {
  const below = 25_999;
  const above = 26_000;
  it.each<[string, number[], boolean]>([
    ['two consecutive years below', [below, below], true],
    ['two below after years above', [100_000, above, below, below], true],
    ['one year below is not enough', [above, below], false],
    ['a single year below on record', [below], false],
    ['no history', [], false],
    ['below, above, below is not consecutive', [below, above, below], false],
    ['below, below, above: back above', [below, below, above], false],
    ['exactly at the threshold is not below', [above, above], false],
    ['far below', [0, 1], true],
  ])('%s', (_name, recent, due) => {
    expect(dueForRemoval(recent)).toBe(due);
  });

  it('is due iff the last two years are both below the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60_000 }), { maxLength: 8 }), (years) => {
        const n = years.length;
        const expected = n >= 2 && years[n - 1]! < 26_000 && years[n - 2]! < 26_000;
        expect(dueForRemoval(years)).toBe(expected);
      }),
    );
  });
});

const AR4 = GWP_DEFAULT_AR4;

describe('totalCo2e', () => {
  it('converts with the table it is given: the AR4 default (CH4 25, N2O 298)', () => {
    expect(GWP_DEFAULT_AR4).toEqual({ CO2: '1', CH4: '25', N2O: '298', HFC23: '14800', PFC14: '7390', SF6: '22800' });
    const r = totalCo2e([
      { source: 'boiler', gas: 'CO2', quantity: '20000' },
      { source: 'boiler', gas: 'CH4', quantity: '10' },
      { source: 'process', gas: 'N2O', quantity: '20' },
    ], AR4);
    expect(r.total).toBe(26_210n); // 20,000 + 250 + 5,960
    expect(r.byLine).toEqual([
      { source: 'boiler', gas: 'CO2', quantity: '20000', gwp: '1', co2e: '20000' },
      { source: 'boiler', gas: 'CH4', quantity: '10', gwp: '25', co2e: '250' },
      { source: 'process', gas: 'N2O', quantity: '20', gwp: '298', co2e: '5960' },
    ]);
  });

  it('rounds half-up once, at the end, not per line', () => {
    // 0.3 + 0.3 + 0.3 CO2 = 0.9 → 1 (per-line rounding would give 0)
    expect(totalCo2e(['a', 'b', 'c'].map((source) => ({ source, gas: 'CO2', quantity: '0.3' })), AR4).total).toBe(1n);
    // 0.01 CH4 = 0.25; 0.001 N2O = 0.298: 0.548 → 1 (per-line: 0 + 0 = 0)
    const r = totalCo2e([
      { source: 'a', gas: 'CH4', quantity: '0.01' },
      { source: 'b', gas: 'N2O', quantity: '0.001' },
    ], AR4);
    expect(r.total).toBe(1n);
    expect(r.byLine.map((l) => l.co2e)).toEqual(['0.25', '0.298']);
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '26000.5' }], AR4).total).toBe(26_001n);
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '26000.4999' }], AR4).total).toBe(26_000n);
  });

  it('keeps full precision until the end', () => {
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '1000000.49999999999999999' }], AR4).total).toBe(1_000_000n);
    // a decimal factor (AR6 fossil CH4 29.8) on a decimal quantity, written without exponent
    expect(totalCo2e([{ source: 'a', gas: 'CH4', quantity: '0.000001' }], { CO2: '1', CH4: '29.8' }).byLine[0]!.co2e).toBe('0.0000298');
  });

  it('sums exactly beyond 2^53 (no float on the way): 500,000,000,000 t SF6 + 1 t CO2', () => {
    const r = totalCo2e([
      { source: 'switchgear', gas: 'SF6', quantity: '500000000000' },
      { source: 'boiler', gas: 'CO2', quantity: '1' },
    ], AR4);
    expect(r.total).toBe(11_400_000_000_000_001n); // 500e9 × 22,800 + 1, above Number.MAX_SAFE_INTEGER
    expect(r.total > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(r.byLine.map((l) => l.co2e)).toEqual(['11400000000000000', '1']);
    // The rounding rule is unchanged up there: half-up once, at the end.
    expect(totalCo2e([{ source: 'a', gas: 'SF6', quantity: '500000000000' }, { source: 'b', gas: 'CO2', quantity: '0.5' }], AR4).total).toBe(11_400_000_000_000_001n);
    expect(totalCo2e([{ source: 'a', gas: 'SF6', quantity: '500000000000' }, { source: 'b', gas: 'CO2', quantity: '0.499999' }], AR4).total).toBe(11_400_000_000_000_000n);
  });

  it('an empty report is zero', () => {
    expect(totalCo2e([], AR4)).toEqual({ total: 0n, byLine: [] });
  });

  it('accepts a replacement table', () => {
    expect(totalCo2e([{ source: 'a', gas: 'CH4', quantity: '100' }], { CO2: '1', CH4: '28' }).total).toBe(2_800n); // AR5
  });

  it.each(['HFC134a', 'co2', '', 'constructor', 'toString', '__proto__'])('unknown gas %j throws UnknownGasError', (gas) => {
    expect(() => totalCo2e([{ source: 'a', gas, quantity: '1' }], AR4)).toThrow(UnknownGasError);
  });

  it('a gas missing from a replacement table throws', () => {
    expect(() => totalCo2e([{ source: 'a', gas: 'N2O', quantity: '1' }], { CO2: '1' })).toThrow(UnknownGasError);
  });

  it('the total is the rounded sum of the lines', () => {
    const gases = Object.keys(AR4);
    fc.assert(
      fc.property(fc.array(fc.record({ gas: fc.constantFrom(...gases), milli: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 10 }), (lines) => {
        const r = totalCo2e(lines.map((l, i) => ({ source: `s${i}`, gas: l.gas, quantity: String(l.milli / 1000) })), AR4);
        // exact in integers: sum of milli-tonnes × GWP, rounded half-up to tonnes
        const milliCo2e = lines.reduce((s, l) => s + BigInt(l.milli) * BigInt(AR4[l.gas]!), 0n);
        expect(r.total).toBe((milliCo2e + 500n) / 1000n);
        expect(r.byLine).toHaveLength(lines.length);
      }),
    );
  });
});

describe('gwpTableProblems: a GWP table is policy data, checked before it is used', () => {
  const codes = (table: unknown) => gwpTableProblems(table).map((p) => [p.gas, p.code]);

  it('accepts the AR4 default, an AR5 table and decimal factors', () => {
    expect(gwpTableProblems(GWP_DEFAULT_AR4)).toEqual([]);
    expect(gwpTableProblems({ CO2: '1', CH4: '28', N2O: '265', HFC23: '12400', PFC14: '6630', SF6: '23500' })).toEqual([]);
    expect(gwpTableProblems({ CO2: '1.0', CH4: '29.8', NF3: '17400', HFC134A: '1430', C2F6: '0.000001' })).toEqual([]);
    expect(gwpTableProblems({ CO2: '1' })).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [['CO2', '1']]],
    ['a string', '{"CO2": "1"}'],
    ['a number', 1],
  ])('refuses %s as a whole', (_what, table) => {
    expect(codes(table)).toEqual([[null, 'NOT_A_TABLE']]);
  });

  it('requires CO2, with the factor 1', () => {
    expect(codes({})).toEqual([['CO2', 'NO_CO2']]);
    expect(codes({ CH4: '25' })).toEqual([['CO2', 'NO_CO2']]);
    expect(codes({ co2: '1', CH4: '25' })).toEqual([['co2', 'BAD_GAS'], ['CO2', 'NO_CO2']]);
    expect(codes({ CO2: '2', CH4: '25' })).toEqual([['CO2', 'CO2_NOT_ONE']]);
    expect(codes({ CO2: '1.000001' })).toEqual([['CO2', 'CO2_NOT_ONE']]);
  });

  it.each(['ch4', 'Ch4', 'C', 'CH-4', 'CH 4', '4CH', '', 'HFC134a', 'ABCDEFGHIJKLM', '__proto__', 'CH₄'])('refuses the gas code %j', (gas) => {
    expect(codes({ CO2: '1', [gas]: '25' })).toEqual([[gas, 'BAD_GAS']]);
  });

  it.each<[string, unknown]>([
    ['zero', '0'],
    ['zero with decimals', '0.000'],
    ['negative', '-25'],
    ['a JSON number', 25],
    ['empty', ''],
    ['not a number', 'twenty-five'],
    ['an exponent', '2.5e1'],
    ['7 decimals', '0.0000001'],
    ['7 digits', '1000000'],
    ['a thousands separator', '14,800'],
    ['null', null],
  ])('refuses a factor that is %s', (_what, factor) => {
    expect(codes({ CO2: '1', CH4: factor })).toEqual([['CH4', 'BAD_FACTOR']]);
  });

  it('refuses more than 50 gases', () => {
    const table: Record<string, string> = { CO2: '1' };
    for (let i = 0; i < 50; i++) table[`G${i}`] = '2';
    expect(codes(table)).toEqual([[null, 'TOO_MANY_GASES']]);
  });

  it('names every problem at once, each with a problem that reads in English and Chinese', () => {
    const problems = gwpTableProblems({ CO2: '3', ch4: '25', N2O: '-1' });
    expect(problems.map((p) => p.gas)).toEqual(['CO2', 'ch4', 'N2O']);
    expect(problems.map((p) => p.problem.code)).toEqual(['GWP_CO2_NOT_ONE', 'GWP_BAD_GAS', 'GWP_BAD_FACTOR']);
    for (const lang of ['en', 'zh'] as const) expect(problems.every((p) => renderProblem(p.problem, lang).length > 10)).toBe(true);
  });
});

describe('parseGwpTable', () => {
  it('returns the table in canonical form: CO2 first, then by code; factors without trailing zeros', () => {
    const t = parseGwpTable({ SF6: '22800.0', N2O: '298', CO2: '1.00', CH4: '29.80' });
    expect(t).toEqual({ CO2: '1', CH4: '29.8', N2O: '298', SF6: '22800' });
    expect(Object.keys(t)).toEqual(['CO2', 'CH4', 'N2O', 'SF6']);
    expect(gwpGases({ N2O: '1', CO2: '1', CH4: '1', AB1: '1' })).toEqual(['CO2', 'AB1', 'CH4', 'N2O']);
  });

  it('throws InvalidGwpTableError with every problem', () => {
    expect(() => parseGwpTable({ CH4: '0' })).toThrow(InvalidGwpTableError);
    try {
      parseGwpTable({ CH4: '0' });
    } catch (e) {
      expect((e as InvalidGwpTableError).problems.map((p) => p.code)).toEqual(['BAD_FACTOR', 'NO_CO2']);
    }
  });

  it('any valid table parses to one that is still valid and converts the same', () => {
    const gas = fc.stringMatching(/^[A-Z][A-Z0-9]{1,11}$/).filter((g) => g !== 'CO2');
    const factor = fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999_999 })).filter(([i, f]) => i + f > 0).map(([i, f]) => (f ? `${i}.${String(f).padStart(6, '0')}` : String(i)));
    fc.assert(
      fc.property(fc.dictionary(gas, factor, { maxKeys: 20 }), (rest) => {
        const table = { CO2: '1', ...rest };
        expect(gwpTableProblems(table)).toEqual([]);
        const parsed = parseGwpTable(table);
        expect(gwpTableProblems(parsed)).toEqual([]);
        expect(Object.keys(parsed)[0]).toBe('CO2');
        const lines = Object.keys(table).map((g) => ({ source: 's', gas: g, quantity: '1.5' }));
        expect(totalCo2e(lines, parsed).total).toBe(totalCo2e(lines, table).total);
      }),
    );
  });
});
