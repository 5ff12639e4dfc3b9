/**
 * Penalties (罚则) as versioned policy data: the fine for failing to surrender in full, as a range
 * the regulator chooses within, recorded with the rule version that produced it.
 * - TRIAL_2021 (碳排放权交易管理办法（试行）): 20,000–30,000 CNY.
 * - INTERIM_2024 (碳排放权交易管理暂行条例, from 1 May 2024, the default): 5–10 × the average
 *   market price × the shortfall.
 * In both, if not corrected, the shortfall is deducted from next year's allocation.
 */
import Decimal from 'decimal.js';

export type PenaltyRuleVersion = 'TRIAL_2021' | 'INTERIM_2024';

export interface FineRange {
  rule: PenaltyRuleVersion;
  min: string;
  max: string;
  basis: string;
}

export function surrenderFineRange(rule: PenaltyRuleVersion, shortfall: number, averagePrice: string): FineRange {
  if (rule === 'TRIAL_2021') return { rule, min: '20000.00', max: '30000.00', basis: 'Fixed range of the 2021 trial measures' };
  const base = new Decimal(shortfall).times(averagePrice);
  return { rule, min: base.times(5).toFixed(2), max: base.times(10).toFixed(2), basis: `5–10 × average price ${new Decimal(averagePrice).toFixed(2)} × shortfall ${shortfall} t` };
}

export const isWithinRange = (fine: string, range: FineRange) => new Decimal(fine).gte(range.min) && new Decimal(fine).lte(range.max);
