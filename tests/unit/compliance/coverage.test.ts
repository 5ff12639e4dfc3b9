import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GWP_AR5, INCLUSION_THRESHOLD_T, UnknownGasError, dueForRemoval, qualifiesForInclusion, totalCo2e } from '../../../src/domain/compliance/coverage';

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

describe('totalCo2e', () => {
  it('uses the AR5 table by default (CH4 28, N2O 265)', () => {
    expect(GWP_AR5).toMatchObject({ CO2: '1', CH4: '28', N2O: '265' });
    const r = totalCo2e([
      { source: 'boiler', gas: 'CO2', quantity: '20000' },
      { source: 'boiler', gas: 'CH4', quantity: '10' },
      { source: 'process', gas: 'N2O', quantity: '20' },
    ]);
    expect(r.total).toBe(25_580); // 20,000 + 280 + 5,300
    expect(r.byLine).toEqual([
      { source: 'boiler', gas: 'CO2', co2e: '20000' },
      { source: 'boiler', gas: 'CH4', co2e: '280' },
      { source: 'process', gas: 'N2O', co2e: '5300' },
    ]);
  });

  it('rounds half-up once, at the end, not per line', () => {
    // 0.3 + 0.3 + 0.3 CO2 = 0.9 → 1 (per-line rounding would give 0)
    expect(totalCo2e(['a', 'b', 'c'].map((source) => ({ source, gas: 'CO2', quantity: '0.3' }))).total).toBe(1);
    // 0.01 CH4 = 0.28; 0.001 N2O = 0.265: 0.545 → 1 (per-line: 0 + 0 = 0)
    const r = totalCo2e([
      { source: 'a', gas: 'CH4', quantity: '0.01' },
      { source: 'b', gas: 'N2O', quantity: '0.001' },
    ]);
    expect(r.total).toBe(1);
    expect(r.byLine.map((l) => l.co2e)).toEqual(['0.28', '0.265']);
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '26000.5' }]).total).toBe(26_001);
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '26000.4999' }]).total).toBe(26_000);
  });

  it('keeps full precision until the end', () => {
    expect(totalCo2e([{ source: 'a', gas: 'CO2', quantity: '1000000.49999999999999999' }]).total).toBe(1_000_000);
  });

  it('an empty report is zero', () => {
    expect(totalCo2e([])).toEqual({ total: 0, byLine: [] });
  });

  it('accepts a replacement table', () => {
    expect(totalCo2e([{ source: 'a', gas: 'CH4', quantity: '100' }], { CO2: '1', CH4: '25' }).total).toBe(2_500); // AR4
  });

  it.each(['HFC134a', 'co2', '', 'constructor', 'toString', '__proto__'])('unknown gas %j throws UnknownGasError', (gas) => {
    expect(() => totalCo2e([{ source: 'a', gas, quantity: '1' }])).toThrow(UnknownGasError);
  });

  it('a gas missing from a replacement table throws', () => {
    expect(() => totalCo2e([{ source: 'a', gas: 'N2O', quantity: '1' }], { CO2: '1' })).toThrow(UnknownGasError);
  });

  it('the total is the rounded sum of the lines', () => {
    const gases = Object.keys(GWP_AR5);
    fc.assert(
      fc.property(fc.array(fc.record({ gas: fc.constantFrom(...gases), milli: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 10 }), (lines) => {
        const r = totalCo2e(lines.map((l, i) => ({ source: `s${i}`, gas: l.gas, quantity: String(l.milli / 1000) })));
        // exact in integers: sum of milli-tonnes × GWP, rounded half-up to tonnes
        const milliCo2e = lines.reduce((s, l) => s + BigInt(l.milli) * BigInt(GWP_AR5[l.gas]!), 0n);
        expect(r.total).toBe(Number((milliCo2e + 500n) / 1000n));
        expect(r.byLine).toHaveLength(lines.length);
      }),
    );
  });
});
