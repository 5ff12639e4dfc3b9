import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planAllocationLine, type AllocationLineInput, type IndustryRuleData, type InstallationData } from '../../../src/domain/compliance/allocation';

/** An entity's line of an allocation run: installations × rules, pre-allocation share, paid share, true-up and deductions. */

const coal: IndustryRuleData = { code: 'POWER_COAL', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8', declineFactor: '1', outputCapMultiple: '1', preAllocationShare: '0.7', paidShare: '0' };
const clinker: IndustryRuleData = { code: 'CLINKER', method: 'BENCHMARK', outputUnit: 't', benchmark: '0.86', outputCapMultiple: '1.3', preAllocationShare: '0.7', paidShare: '0.03' };
const history: IndustryRuleData = { code: 'STEEL_OTHER', method: 'HISTORICAL_EMISSIONS', outputUnit: 't', declineFactor: '0.97', preAllocationShare: '0.5', paidShare: '0' };
const rules = new Map([coal, clinker, history].map((r) => [r.code, r]));

const unit = (code: string, ruleCode: string, designCapacity?: string, baseEmissions: string[] = []): InstallationData => ({ code, name: code, ruleCode, designCapacity, baseEmissions });

const line = (over: Partial<AllocationLineInput>) =>
  planAllocationLine({ kind: 'PRE_ALLOCATION', installations: [], rules, outputs: {}, previouslyIssued: 0, previouslyDeducted: 0, deductionDue: 0, ...over });

describe('pre-allocation', () => {
  it('is the share of the free part of each installation, summed', () => {
    const plan = line({ installations: [unit('U1', 'POWER_COAL', '1200000'), unit('K1', 'CLINKER', '1000000')], outputs: { U1: '1000000', K1: '1400000' } });
    // U1: 800,000 × 0.7 = 560,000. K1: min(1,400,000, 1,300,000) × 0.86 = 1,118,000; paid 33,540; free 1,084,460 × 0.7 = 759,122.
    expect(plan.installations.map((i) => [i.installation, i.calculation!.result, i.free, i.paid, i.entitlement])).toEqual([
      ['U1', 800_000, 800_000, 0, 560_000],
      ['K1', 1_118_000, 1_084_460, 33_540, 759_122],
    ]);
    expect(plan).toMatchObject({ allocation: 1_918_000, entitlement: 1_319_122, paid: 0, quantity: 1_319_122, problems: [] });
  });

  it('nets off a scheduled deduction, never more than it would issue', () => {
    expect(line({ installations: [unit('U1', 'POWER_COAL', '2000000')], outputs: { U1: '1000000' }, deductionDue: 50_000 })).toMatchObject({ deduction: 50_000, quantity: 510_000 });
    expect(line({ installations: [unit('U1', 'POWER_COAL', '2000000')], outputs: { U1: '1000000' }, deductionDue: 900_000 })).toMatchObject({ deduction: 560_000, quantity: 0 });
  });

  it('the historical emissions method needs no output', () => {
    const plan = line({ installations: [unit('H1', 'STEEL_OTHER', undefined, ['100', '200', '300'])], outputs: undefined });
    // average 200 × 0.97 = 194; × 0.5 = 97.
    expect(plan).toMatchObject({ allocation: 194, quantity: 97, problems: [] });
  });

  it('an installation without output, rule or design capacity makes the whole line a problem that moves nothing', () => {
    expect(line({ installations: [unit('U1', 'POWER_COAL', '1')], outputs: undefined })).toMatchObject({
      quantity: 0, deduction: 0, formula: 'not allocated', problems: [{ code: 'ALLOCATION_NO_OUTPUT', params: { installation: 'U1', kind: 'PRE_ALLOCATION' } }],
    });
    expect(line({ installations: [unit('U1', 'GAS')], outputs: { U1: '5' } })).toMatchObject({ quantity: 0, problems: [{ code: 'ALLOCATION_NO_RULE', params: { installation: 'U1', rule: 'GAS' } }] });
    expect(line({ installations: [unit('U1', 'POWER_COAL')], outputs: { U1: '5' } })).toMatchObject({
      quantity: 0, problems: [{ code: 'ALLOCATION_INPUT_MISSING', params: { installation: 'U1', input: 'designCapacity' } }],
    });
    expect(line({ installations: [] })).toMatchObject({ quantity: 0, problems: [{ code: 'ALLOCATION_NO_INSTALLATION', params: {} }] });
    // Each installation's problem is its own; the line's are all of them.
    const two = line({ installations: [unit('U1', 'POWER_COAL', '9'), unit('U2', 'GAS')], outputs: { U1: '5' } });
    expect(two.installations.map((i) => i.problems.map((p) => p.code))).toEqual([[], ['ALLOCATION_NO_RULE']]);
    expect(two.problems.map((p) => p.code)).toEqual(['ALLOCATION_NO_RULE']);
    expect(line({ installations: [unit('U1', 'POWER_COAL', '9'), unit('U2', 'POWER_COAL', '9')], outputs: { U1: '5' } }).quantity).toBe(0);
  });
});

describe('true-up', () => {
  it('issues the verified free allocation less what was issued and deducted before; the paid share is set aside', () => {
    const plan = line({ kind: 'TRUE_UP', installations: [unit('K1', 'CLINKER', '1000000')], outputs: { K1: '1000000' }, previouslyIssued: 500_000, previouslyDeducted: 20_000 });
    // 860,000; paid 25,800; free 834,200 − 500,000 − 20,000 = 314,200.
    expect(plan).toMatchObject({ allocation: 860_000, paid: 25_800, entitlement: 834_200, quantity: 314_200 });
    expect(plan.formula).toBe('834200 verified free allocation − 500000 already issued − 20000 already deducted = 314200');
  });

  it('takes back what was pre-allocated above the verified allocation (output fell)', () => {
    expect(line({ kind: 'TRUE_UP', installations: [unit('U1', 'POWER_COAL', '2000000')], outputs: { U1: '500000' }, previouslyIssued: 560_000 })).toMatchObject({ quantity: -160_000, deduction: 0 });
  });

  it('counts output only up to the cap', () => {
    const plan = line({ kind: 'TRUE_UP', installations: [unit('U1', 'POWER_COAL', '1000')], outputs: { U1: '1500' } });
    expect(plan.installations[0]!.calculation!.inputs).toMatchObject({ output: '1500', outputCap: '1000', countedOutput: '1000' });
    expect(plan.quantity).toBe(800);
  });
});

describe('further runs', () => {
  it('a further pre-allocation issues only what is still due, never takes back; a further true-up sets aside only the paid share still due', () => {
    const u = [unit('K1', 'CLINKER', '1000000')];
    expect(line({ installations: u, outputs: { K1: '1000000' }, previouslyIssued: 583_940 })).toMatchObject({ entitlement: 583_940, quantity: 0 });
    expect(line({ installations: u, outputs: { K1: '500000' }, previouslyIssued: 583_940 }).quantity).toBe(0);
    expect(line({ kind: 'TRUE_UP', installations: u, outputs: { K1: '1000000' }, previouslyIssued: 834_200, previouslyPaid: 25_800 })).toMatchObject({ paid: 0, quantity: 0 });
  });
});

describe('properties', () => {
  it('without a problem: issued before + deducted before + deduction now + quantity = entitlement; deductions never exceed what is due nor create a take-back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'PRE_ALLOCATION' | 'TRUE_UP'>('PRE_ALLOCATION', 'TRUE_UP'),
        fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 2_000_000 }),
        (kind, output, capacity, clinkerOutput, issued, deducted, due) => {
          const plan = line({
            kind, installations: [unit('U1', 'POWER_COAL', String(capacity)), unit('K1', 'CLINKER', String(capacity))], outputs: { U1: String(output), K1: String(clinkerOutput) },
            previouslyIssued: issued, previouslyDeducted: deducted, deductionDue: due,
          });
          expect(plan.problems).toEqual([]);
          if (kind === 'TRUE_UP' || plan.entitlement >= issued + deducted) expect(issued + deducted + plan.deduction + plan.quantity).toBe(plan.entitlement);
          else expect(plan.quantity).toBe(0); // a pre-allocation never takes back
          expect(plan.deduction).toBeLessThanOrEqual(due);
          expect(plan.deduction).toBeGreaterThanOrEqual(0);
          if (plan.deduction > 0) expect(plan.quantity).toBeGreaterThanOrEqual(0);
          expect(plan.paid).toBe(kind === 'TRUE_UP' ? plan.installations.reduce((s, i) => s + i.paid, 0) : 0);
          for (const i of plan.installations) expect(i.free + i.paid).toBe(i.calculation!.result);
        },
      ),
    );
  });
});
