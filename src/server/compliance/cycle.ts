import Decimal from 'decimal.js';
import type { BankingPolicy } from '@/domain/compliance/surrender';
import { parseGwpTable, type GwpTable } from '@/domain/compliance/coverage';
import type { PenaltyRuleVersion } from '@/domain/compliance/penalty';
import { Prisma } from '@/generated/prisma/client';
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

/** A cycle row's deadlines as stored (YYYY-MM-DD). */
export interface CycleRow {
  year: number;
  reportDeadline: string;
  surrenderDeadline: string;
}

/** The cycle of `year` from its row, or the default deadlines when the year has none. */
export function cycleFrom(year: number, row: CycleRow | undefined): Cycle {
  return row
    ? { year, reportDeadline: row.reportDeadline, surrenderDeadline: row.surrenderDeadline }
    : { year, reportDeadline: `${year + 1}-03-31`, surrenderDeadline: `${year + 1}-12-31` };
}

/** The cycles of several years with one read, in the order asked. */
export async function cyclesOf(tx: Tx, years: number[]): Promise<Cycle[]> {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const rows = new Map(
    (await tx.complianceCycle.findMany({ where: { year: { in: years } } })).map((r) => [r.year, { year: r.year, reportDeadline: day(r.reportDeadline), surrenderDeadline: day(r.surrenderDeadline) }]),
  );
  return years.map((year) => cycleFrom(year, rows.get(year)));
}

/**
 * The cycle rows of the years around the market's today (three before to one after), as one
 * column of a statement (a JSON array of CycleRow): the due work reads them with everything else.
 */
export const RECENT_CYCLE_ROWS = Prisma.sql`(
  SELECT coalesce(json_agg(json_build_object('year', year, 'reportDeadline', to_char(report_deadline, 'YYYY-MM-DD'),
                                             'surrenderDeadline', to_char(surrender_deadline, 'YYYY-MM-DD'))), '[]'::json)
    FROM compliance_cycle WHERE year BETWEEN extract(year FROM market_now())::int - 3 AND extract(year FROM market_now())::int + 1)`;

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
