import Decimal from 'decimal.js';
import type { BankingPolicy } from '@/domain/compliance/surrender';
import { parseGwpTable, type GwpTable } from '@/domain/compliance/coverage';
import type { PenaltyRuleVersion } from '@/domain/compliance/penalty';
import type { Tx } from '../tx';
import { marketState } from '../trading/market';

/**
 * A compliance year's dates and the policy, as the use cases need them. A year without a cycle
 * row uses the defaults: reports due 31 March of the next year, surrender due 31 December of it.
 */
export interface Cycle {
  year: number;
  reportDeadline: string;
  surrenderDeadline: string;
}

export async function cycleOf(tx: Tx, year: number): Promise<Cycle> {
  return (await cyclesOf(tx, [year]))[0]!;
}

/** The cycles of several years with one read, in the order asked; a year without its own row has the default deadlines. */
export async function cyclesOf(tx: Tx, years: number[]): Promise<Cycle[]> {
  const rows = new Map((await tx.complianceCycle.findMany({ where: { year: { in: years } } })).map((r) => [r.year, r]));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return years.map((year) => {
    const row = rows.get(year);
    return row
      ? { year, reportDeadline: day(row.reportDeadline), surrenderDeadline: day(row.surrenderDeadline) }
      : { year, reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31` };
  });
}

export interface Policy {
  offsetShare: string;
  banking: BankingPolicy;
  penaltyRule: PenaltyRuleVersion;
  /** The GWP table reports are converted with (gas code → factor, CO2 first), and where it comes from. */
  gwp: GwpTable;
  gwpSource: string;
}

export async function policyOf(tx: Tx): Promise<Policy> {
  const p = await tx.compliancePolicy.findUniqueOrThrow({ where: { id: 1 } });
  return {
    offsetShare: new Decimal(p.offsetShare.toString()).toString(),
    banking: { phaseStarts: p.phaseStarts, carryOverBetweenPhases: p.carryOverBetweenPhases, carryOverDiscount: new Decimal(p.carryOverDiscount.toString()).toString() },
    penaltyRule: p.penaltyRule as PenaltyRuleVersion,
    // Validated on the way in (updatePolicy) and guarded by a CHECK; a table that fails here was edited by hand: refuse to convert with it.
    gwp: parseGwpTable(p.gwp),
    gwpSource: p.gwpSource,
  };
}

/**
 * Today on the market clock (Beijing date), which deadlines are compared with. Inside a transaction
 * pass it: a second pooled connection while the transaction holds locks can exhaust the pool.
 */
export async function marketDate(client?: Tx): Promise<string> {
  return (await marketState(client)).now.date;
}

/** The calendar year of the market clock's date. */
export async function marketYear(client?: Tx): Promise<number> {
  return Number((await marketDate(client)).slice(0, 4));
}
