/**
 * The covered-entity list (重点排放单位名录) and emission reports, pure:
 * - an organisation in a covered industry is added when its annual emissions reach 26,000 tCO2e;
 * - it is removed after two consecutive years below that (or when it stops operating);
 * - a report's emissions by source and gas convert to tCO2e with a GWP table: policy data (the
 *   compliance policy's table, set by the national regulator), validated here.
 */
import Decimal from 'decimal.js';
import { problem, type Problem } from '@/domain/problems';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const INCLUSION_THRESHOLD_T = 26_000;

export const qualifiesForInclusion = (annualEmissions: number, coveredIndustry: boolean) => coveredIndustry && annualEmissions >= INCLUSION_THRESHOLD_T;

/** Removal after two consecutive years below the threshold: `recent` is the latest years, newest last. */
export function dueForRemoval(recent: number[]): boolean {
  const lastTwo = recent.slice(-2);
  return lastTwo.length === 2 && lastTwo.every((e) => e < INCLUSION_THRESHOLD_T);
}

/** Global warming potentials by gas code: tCO2e per tonne of the gas, as decimal strings. */
export type GwpTable = Record<string, string>;

/**
 * IPCC AR4 100-year GWPs (DOMAIN §2): the default of the compliance policy's table (its migration
 * writes the same values) and a fallback for tests. The table in force is policy data, read from
 * the compliance policy; code never converts with this constant.
 */
export const GWP_DEFAULT_AR4: Readonly<GwpTable> = Object.freeze({ CO2: '1', CH4: '25', N2O: '298', HFC23: '14800', PFC14: '7390', SF6: '22800' });
export const GWP_DEFAULT_SOURCE = 'IPCC AR4 100-year';

/** A gas code: an uppercase formula such as CO2, CH4, N2O or HFC23 (a letter first, 2–12 of A–Z and 0–9). */
export const GAS_CODE = /^[A-Z][A-Z0-9]{1,11}$/;
/** A GWP factor: a decimal string above 0, at most 6 digits before the point and 6 after. */
const GWP_FACTOR = /^\d{1,6}(\.\d{1,6})?$/;
export const GWP_MAX_GASES = 50;

export type GwpTableProblemCode = 'NOT_A_TABLE' | 'TOO_MANY_GASES' | 'BAD_GAS' | 'BAD_FACTOR' | 'NO_CO2' | 'CO2_NOT_ONE';
export interface GwpTableProblem {
  /** The gas concerned; null for the table as a whole. */
  gas: string | null;
  code: GwpTableProblemCode;
  /** What to tell (src/domain/problems/compliance.ts), as the field problem of `gwp` or `gwp.<gas>`. */
  problem: Problem<'GWP_NOT_A_TABLE' | 'GWP_TOO_MANY_GASES' | 'GWP_BAD_GAS' | 'GWP_BAD_FACTOR' | 'GWP_NO_CO2' | 'GWP_CO2_NOT_ONE'>;
}

/**
 * What is wrong with a GWP table (empty when nothing): an object of gas code → factor, at most
 * 50 gases, each code an uppercase formula, each factor a positive decimal string; CO2 is present
 * and its factor is exactly 1 (the unit every other gas is expressed in).
 */
export function gwpTableProblems(table: unknown): GwpTableProblem[] {
  if (table === null || typeof table !== 'object' || Array.isArray(table)) {
    return [{ gas: null, code: 'NOT_A_TABLE', problem: problem('GWP_NOT_A_TABLE') }];
  }
  const entries = Object.entries(table as Record<string, unknown>);
  const problems: GwpTableProblem[] = [];
  if (entries.length > GWP_MAX_GASES) problems.push({ gas: null, code: 'TOO_MANY_GASES', problem: problem('GWP_TOO_MANY_GASES', { max: GWP_MAX_GASES }) });
  for (const [gas, factor] of entries) {
    if (!GAS_CODE.test(gas)) {
      problems.push({ gas, code: 'BAD_GAS', problem: problem('GWP_BAD_GAS') });
    } else if (typeof factor !== 'string' || !GWP_FACTOR.test(factor) || new D(factor).lte(0)) {
      problems.push({ gas, code: 'BAD_FACTOR', problem: problem('GWP_BAD_FACTOR') });
    } else if (gas === 'CO2' && !new D(factor).eq(1)) {
      problems.push({ gas, code: 'CO2_NOT_ONE', problem: problem('GWP_CO2_NOT_ONE') });
    }
  }
  if (!Object.hasOwn(table, 'CO2')) problems.push({ gas: 'CO2', code: 'NO_CO2', problem: problem('GWP_NO_CO2') });
  return problems;
}

export class InvalidGwpTableError extends Error {
  constructor(readonly problems: GwpTableProblem[]) {
    super(`Invalid GWP table: ${problems.map((p) => (p.gas ? `${p.gas} ${p.code}` : p.code)).join(', ')}`);
  }
}

/** The gases of a table in display order: CO2 first, then by code. */
export const gwpGases = (table: GwpTable): string[] => Object.keys(table).sort((a, b) => (a === 'CO2' ? -1 : b === 'CO2' ? 1 : a < b ? -1 : a > b ? 1 : 0));

/** A valid table in canonical form (factors as plain decimals without trailing zeros, gases in display order); throws InvalidGwpTableError. */
export function parseGwpTable(table: unknown): GwpTable {
  const problems = gwpTableProblems(table);
  if (problems.length) throw new InvalidGwpTableError(problems);
  const t = table as GwpTable;
  return Object.fromEntries(gwpGases(t).map((gas) => [gas, new D(t[gas]!).toFixed()]));
}

export type EmissionLine = {
  source: string;
  gas: string;
  /** Tonnes of the gas. */
  quantity: string;
};

/** A line as filed: with the GWP factor it was converted with and its tCO2e, so a later change of the table leaves it as it was. */
export type FiledEmissionLine = EmissionLine & {
  /** The factor the line was converted with. */
  gwp: string;
  /** Its tCO2e, unrounded. */
  co2e: string;
};

/** A line's gas has no factor in the GWP table. */
export class UnknownGasError extends Error {
  constructor(readonly gas: string) {
    super(`No GWP for gas ${gas}.`);
  }
}

/**
 * Total tCO2e of a report with the given GWP table, rounded half-up to whole tonnes once, at the
 * end; each line with its factor and tCO2e. Exact: the sum is a decimal and the total a bigint
 * (tonnes of SF6 times its GWP pass 2^53 quickly, beyond which a float drops units).
 */
export function totalCo2e(lines: EmissionLine[], gwp: Readonly<GwpTable>): { total: bigint; byLine: FiledEmissionLine[] } {
  let sum = new D(0);
  const byLine = lines.map((l) => {
    const factor = Object.hasOwn(gwp, l.gas) ? gwp[l.gas] : undefined;
    if (factor === undefined) throw new UnknownGasError(l.gas);
    const co2e = new D(l.quantity).times(factor);
    sum = sum.plus(co2e);
    return { source: l.source, gas: l.gas, quantity: l.quantity, gwp: factor, co2e: co2e.toFixed() };
  });
  return { total: BigInt(sum.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0)), byLine };
}
