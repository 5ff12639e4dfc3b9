import { describe, expect, it } from 'vitest';
import { cycleChanges, policyChanges } from '@/domain/compliance/policyChanges';

/** The field-by-field changes the policy page lists from the audit log and shows before a change is saved. */
const POLICY = {
  offsetShare: '0.05',
  banking: { phaseStarts: [2021], carryOverBetweenPhases: false, carryOverDiscount: '1' },
  penaltyRule: 'INTERIM_2024',
  gwp: { CO2: '1', CH4: '25', N2O: '298' },
  gwpSource: 'IPCC AR4 100-year',
};

describe('policy changes', () => {
  it('lists the fields that changed, between two policies as read (banking nested)', () => {
    const after = { ...POLICY, banking: { ...POLICY.banking, carryOverDiscount: '0.9', phaseStarts: [2021, 2026] }, penaltyRule: 'TRIAL_2021' };
    expect(policyChanges(POLICY, after)).toEqual([
      { field: 'phaseStarts', before: '2021', after: '2021, 2026' },
      { field: 'carryOverDiscount', before: '1', after: '0.9' },
      { field: 'penaltyRule', before: 'INTERIM_2024', after: 'TRIAL_2021' },
    ]);
  });

  it('compares decimals by value and reads a command as sent (banking at the top)', () => {
    const command = { offsetShare: '0.0500', phaseStarts: [2021], carryOverBetweenPhases: true, carryOverDiscount: '1.0', penaltyRule: 'INTERIM_2024' };
    expect(policyChanges(POLICY, command)).toEqual([{ field: 'carryOverBetweenPhases', before: 'false', after: 'true' }]);
  });

  it('lists the GWP table gas by gas (added, removed, changed) and a new source', () => {
    const after = { ...POLICY, gwp: { CO2: '1', CH4: '28', NF3: '16100' }, gwpSource: 'IPCC AR5 100-year' };
    expect(policyChanges(POLICY, after)).toEqual([
      { field: 'gwp', gas: 'CH4', before: '25', after: '28' },
      { field: 'gwp', gas: 'N2O', before: '298', after: null },
      { field: 'gwp', gas: 'NF3', before: null, after: '16100' },
      { field: 'gwpSource', before: 'IPCC AR4 100-year', after: 'IPCC AR5 100-year' },
    ]);
  });

  it('says nothing of a table or source the later snapshot lacks (an older record, a command keeping them)', () => {
    const { gwp: _gwp, gwpSource: _source, ...older } = POLICY;
    expect(policyChanges(POLICY, older)).toEqual([]);
    expect(policyChanges(older, POLICY)).toEqual([{ field: 'gwpSource', before: null, after: 'IPCC AR4 100-year' }]);
    expect(policyChanges(null, undefined)).toEqual([]);
  });
});

describe('cycle changes', () => {
  it('lists the deadlines that changed', () => {
    const before = { year: 2027, reportDeadline: '2028-03-31', surrenderDeadline: '2028-12-31' };
    expect(cycleChanges(before, { reportDeadline: '2028-03-31', surrenderDeadline: '2028-11-30' })).toEqual([
      { field: 'surrenderDeadline', before: '2028-12-31', after: '2028-11-30' },
    ]);
    expect(cycleChanges(before, { reportDeadline: '2028-03-31', surrenderDeadline: '2028-12-31' })).toEqual([]);
  });
});
