import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adjusted, runScenario, sizeBand, type RecordedEntity, type RecordedYear, type ScenarioChanges } from '../../../src/domain/sandbox/scenario';

/**
 * The sandbox's engine on a small cycle computed by hand. Year 2025, two entities:
 *
 * A, Guangdong power (benchmark 0.8 t/MWh, output capped at 1.0 × design capacity 1,000,000 MWh,
 * 70 % pre-allocated, no paid share): verified output 900,000 MWh → allocation 720,000 t;
 * last year's 1,000,000 MWh → pre-allocation 560,000 t. Verified emissions 800,000 t; banked
 * 50,000 t of vintage 2024; eligible CCER 30,000 t from Guangdong projects and 20,000 t from
 * elsewhere. Offsets: 5 % of 800,000 = 40,000 t. Position 720,000 + 50,000 + 40,000 − 800,000 =
 * +10,000 (a surplus).
 *
 * B, Hubei cement (historical emissions × 0.9, paid share 10 %, 50 % pre-allocated): base
 * emissions 500,000 and 600,000 → 495,000 t, of which 49,500 paid → 445,500 free; last year's
 * shortfall of 5,000 t deducted → 440,500 issued. Verified emissions 520,000 t, nothing banked, no
 * CCER: a deficit of 79,500 t, which costs 3,975,000.00 at 50.00, and if not bought a fine of 5–10 ×
 * 50.00 × 79,500 = 19,875,000.00–39,750,000.00.
 *
 * Budgets GD 1,000,000 and HB 600,000 (cap 2,000,000): neither binds (use 720,000 and 490,000).
 * Auction: 100,000 t besides the paid 49,500, reserve 40.00; at 50.00 it sells the deficit, 79,500 t,
 * for 3,975,000.00. Supply 720,000 + 440,500 + 50,000 + 40,000 + 79,500 = 1,330,000 against
 * 1,320,000: a scarcity ratio of 1.0076. Net demand 79,500 − 10,000 = 69,500.
 */
const A: RecordedEntity = {
  organisationId: 1, name: 'Alpha Power', nameZh: '阿尔法电力', provinceCode: 'GD', industry: 'POWER',
  installations: [{ code: 'A1', name: 'Unit 1', ruleCode: 'POWER', designCapacity: '1000000', baseEmissions: ['700000', '760000'] }],
  outputs: { A1: '900000' }, previousOutputs: { A1: '1000000' }, verifiedEmissions: 800_000, deductionDue: 0,
  banked: [{ vintage: 2024, quantity: 50_000 }], ccer: { inProvince: 30_000, outsideProvince: 20_000 },
  recordedIssued: 720_000, recordedSurrendered: 800_000,
};
const B: RecordedEntity = {
  organisationId: 2, name: 'Beta Cement', nameZh: '贝塔水泥', provinceCode: 'HB', industry: 'CEMENT',
  installations: [{ code: 'B1', name: 'Kiln 1', ruleCode: 'CEMENT', baseEmissions: ['500000', '600000'] }],
  outputs: {}, previousOutputs: {}, verifiedEmissions: 520_000, deductionDue: 5_000,
  banked: [], ccer: { inProvince: 0, outsideProvince: 0 }, recordedIssued: 440_500, recordedSurrendered: 440_500,
};
const recorded: RecordedYear = {
  year: 2025, provinceCode: null, nationalCap: 2_000_000, budgets: { GD: 1_000_000, HB: 600_000 },
  rules: [
    { code: 'POWER', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', declineFactor: '1', adjustmentFactors: [], outputCapMultiple: '1.0', preAllocationShare: '0.7', paidShare: '0' },
    { code: 'CEMENT', method: 'HISTORICAL_EMISSIONS', outputUnit: 't', declineFactor: '0.9', adjustmentFactors: [], preAllocationShare: '0.5', paidShare: '0.1' },
  ],
  offsetShare: '0.05', outsideProvinceShare: null,
  banking: { phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1' },
  penaltyRule: 'INTERIM_2024',
  auction: { quantity: 100_000, reservePrice: '40.00' },
  prices: { close: '50.00', fuelSwitch: '120.00' },
  entities: [B, A],
};

const run = (changes: ScenarioChanges = {}) => runScenario(recorded, changes);
const entity = (r: ReturnType<typeof run>, id: number) => r.entities.find((e) => e.organisationId === id)!;

describe('the sandbox on a hand-computed cycle', () => {
  it('recomputes the policy in force exactly as computed by hand, and reproduces what was issued', () => {
    const r = run();
    const a = entity(r, 1);
    const b = entity(r, 2);
    expect(a).toMatchObject({ allocation: 720_000, paid: 0, preAllocated: 560_000, issued: 720_000, banked: 50_000, offsets: 40_000, position: 10_000, deficit: 0, surplus: 10_000, cost: '0.00', fineMin: '0.00', size: 'FROM_100K' });
    expect(b).toMatchObject({ allocation: 495_000, paid: 49_500, preAllocated: 217_750, deduction: 5_000, issued: 440_500, position: -79_500, deficit: 79_500, surplus: 0, cost: '3975000.00', fineMin: '19875000.00', fineMax: '39750000.00' });
    for (const e of r.entities) expect(e.issued).toBe(e.recordedIssued);
    expect(r.market).toMatchObject({
      price: '50.00', cap: 2_000_000, supply: 1_330_000, demand: 1_320_000, scarcityRatio: '1.0076', netDemand: 69_500,
      auction: { offered: 149_500, reservePrice: '40.00', sold: 79_500, revenue: '3975000.00' },
    });
    expect(r.market.budgets).toEqual([
      { provinceCode: 'GD', budget: 1_000_000, use: 720_000, correction: '1.000000' },
      { provinceCode: 'HB', budget: 600_000, use: 490_000, correction: '1.000000' },
    ]);
    expect(r.totals).toMatchObject({ entities: 2, short: 1, deficit: 79_500, surplus: 10_000, issued: 1_160_500, cost: '3975000.00' });
    expect(r.byProvince.map((p) => [p.key, p.deficit])).toEqual([['GD', 0], ['HB', 79_500]]);
    expect(r.byIndustry.map((p) => p.key)).toEqual(['CEMENT', 'POWER']);
  });

  it('a lower cap scales every allocation of a province by the budget\'s cut, or to the budget where the rules exceed it', () => {
    // −10 %: budgets 900,000 and 540,000, every allocation × 0.9.
    const mild = run({ cap: { mode: 'PERCENT', percent: '-10' } });
    expect(mild.market.budgets.map((b) => [b.budget, b.correction])).toEqual([[900_000, '0.900000'], [540_000, '0.900000']]);
    // A: 648,000 + 50,000 + 40,000 − 800,000 = −62,000. B: 445,500, paid 44,550, free 400,950, issued 395,950: −124,050.
    expect(entity(mild, 1)).toMatchObject({ allocation: 648_000, issued: 648_000, deficit: 62_000 });
    expect(entity(mild, 2)).toMatchObject({ allocation: 445_500, paid: 44_550, issued: 395_950, deficit: 124_050 });
    expect(mild.totals).toMatchObject({ deficit: 186_050, short: 2, cost: '9302500.00' });
    // A higher cap gives no one more than the rules compute.
    expect(run({ cap: { mode: 'PERCENT', percent: '20' } }).totals.allocation).toBe(run().totals.allocation);
    // The rules exceed a budget: the budget binds. Benchmark 1.2 → A's rules give 1,080,000 for GD's 1,000,000.
    const over = run({ rules: { POWER: { benchmark: '1.2' } } });
    expect(over.market.budgets[0]).toMatchObject({ budget: 1_000_000, use: 1_080_000, correction: '0.925925' });
    expect(entity(over, 1).allocation).toBe(1_000_000);
    // −50 % and the rules of the record: the cut (0.5) is smaller than budget ÷ use (0.69, 0.61).
    const half = run({ cap: { mode: 'PERCENT', percent: '-50' } });
    expect(half.market.cap).toBe(1_000_000);
    expect(entity(half, 1).allocation).toBe(360_000);
    expect(entity(half, 2)).toMatchObject({ allocation: 247_500, paid: 24_750, issued: 217_750 });
    // One province's own budget, absolute: HB at 400,000 of 600,000; GD keeps its budget.
    const hb = run({ budgets: { HB: { mode: 'ABSOLUTE', tonnes: 400_000 } } });
    expect(entity(hb, 2).allocation).toBe(330_000); // 495,000 × 400/600
    expect(entity(hb, 1).allocation).toBe(720_000);
  });

  it('benchmarks, decline factors, output caps, methods and shares move the allocation as the rules compute it', () => {
    expect(entity(run({ rules: { POWER: { benchmark: '0.7' } } }), 1)).toMatchObject({ allocation: 630_000, deficit: 80_000 });
    expect(entity(run({ rules: { POWER: { outputCapMultiple: '0.8' } } }), 1).allocation).toBe(640_000); // 800,000 MWh counted
    expect(entity(run({ rules: { POWER: { outputCapMultiple: null } } }), 1).allocation).toBe(720_000);
    expect(entity(run({ rules: { POWER: { declineFactor: '0.95' } } }), 1).allocation).toBe(684_000);
    expect(entity(run({ rules: { POWER: { method: 'HISTORICAL_EMISSIONS' } } }), 1).allocation).toBe(730_000); // average of 700,000 and 760,000
    expect(entity(run({ rules: { POWER: { preAllocationShare: '0.5' } } }), 1).preAllocated).toBe(400_000);
    expect(entity(run({ rules: { CEMENT: { paidShare: '0.2' } } }), 2)).toMatchObject({ paid: 99_000, issued: 391_000, deficit: 129_000 });
    // A method without the data it needs allocates nothing, and says why.
    const missing = entity(run({ rules: { CEMENT: { method: 'HISTORICAL_INTENSITY' } } }), 2);
    expect(missing).toMatchObject({ allocation: 0, issued: 0, deficit: 520_000 });
    expect(missing.problems.map((p) => p.code)).toContain('ALLOCATION_NO_OUTPUT');
    // Nor does it use any of the budget, as in production.
    expect(run({ rules: { CEMENT: { method: 'HISTORICAL_INTENSITY' } } }).market.budgets[1]).toMatchObject({ provinceCode: 'HB', use: 0, correction: '1.000000' });
  });

  it('offsets: the cap on CCER and on CCER from other provinces', () => {
    expect(entity(run({ offsets: { share: '0.02' } }), 1).offsets).toBe(16_000);
    // 1 % from outside: 8,000 of the 20,000 count, with the 30,000 from Guangdong: 38,000 under the cap of 40,000.
    expect(entity(run({ offsets: { outsideProvinceShare: '0.01' } }), 1)).toMatchObject({ offsets: 38_000, position: 8_000 });
  });

  it('banking: a carry-over ban between phases and a carry-over discount', () => {
    expect(entity(run({ banking: { phaseStarts: [2021, 2025] } }), 1)).toMatchObject({ banked: 0, position: -40_000 });
    expect(entity(run({ banking: { carryOverDiscount: '0.5' } }), 1).banked).toBe(25_000);
    expect(entity(run({ banking: { phaseStarts: [2021, 2025], carryOverBetweenPhases: true } }), 1).banked).toBe(50_000);
  });

  it('the auction: a reserve above the price sells nothing; the quantity offered limits the sales', () => {
    expect(run({ auction: { reservePrice: '60.00' } }).market.auction).toMatchObject({ sold: 0, revenue: '0.00' });
    expect(run({ auction: { quantity: 0 } }).market.auction).toMatchObject({ offered: 49_500, sold: 49_500, revenue: '2475000.00' });
    expect(run({ auction: { reservePrice: null } }).market.auction.sold).toBe(79_500);
  });

  it('the price assumption: today\'s close, a typed price, the fuel-switch price', () => {
    expect(run({ price: { kind: 'TYPED', price: '100' } })).toMatchObject({ market: { price: '100.00' }, totals: { cost: '7950000.00', fineMin: '39750000.00' } });
    const fuel = run({ price: { kind: 'FUEL_SWITCH' } });
    expect(fuel.market).toMatchObject({ price: '120.00', priceKind: 'FUEL_SWITCH', auction: { revenue: '9540000.00' } });
    expect(runScenario({ ...recorded, prices: { close: null, fuelSwitch: null } }).totals).toMatchObject({ cost: '0.00', fineMin: '0.00' });
  });

  it('is deterministic and does not depend on the order of the recorded entities', () => {
    const changes: ScenarioChanges = { cap: { mode: 'PERCENT', percent: '-30' }, rules: { POWER: { benchmark: '0.75' } }, price: { kind: 'FUEL_SWITCH' } };
    expect(runScenario({ ...recorded, entities: [A, B] }, changes)).toEqual(runScenario({ ...recorded, entities: [B, A] }, changes));
  });

  it('sizes entities by their verified emissions', () => {
    expect([null, 99_999, 100_000, 1_000_000, 5_000_000].map(sizeBand)).toEqual(['NOT_VERIFIED', 'UNDER_100K', 'FROM_100K', 'FROM_1M', 'FROM_5M']);
  });

  it('a lower cap never allocates more, and the budget is never exceeded once it binds', () => {
    fc.assert(fc.property(fc.integer({ min: -99, max: 0 }), (percent) => {
      const base = run();
      const r = run({ cap: { mode: 'PERCENT', percent: String(percent) } });
      expect(r.totals.allocation).toBeLessThanOrEqual(base.totals.allocation);
      for (const b of r.market.budgets) {
        const used = r.entities.filter((e) => e.provinceCode === b.provinceCode).reduce((s, e) => s + e.allocation - e.deduction, 0);
        expect(used).toBeLessThanOrEqual(Math.max(b.budget!, b.use));
        if (b.correction !== '1.000000') expect(used).toBeLessThanOrEqual(b.budget!);
      }
    }));
    expect(adjusted(1_000, { mode: 'PERCENT', percent: '-150' })).toBe(0);
  });
});
