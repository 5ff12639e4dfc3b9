/**
 * The covered-entity list (重点排放单位名录) and emission reports, pure:
 * - an organisation in a covered industry is added when its annual emissions reach 26,000 tCO2e;
 * - it is removed after two consecutive years below that (or when it stops operating);
 * - a report's emissions by source and gas convert to tCO2e with a GWP table (data).
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const INCLUSION_THRESHOLD_T = 26_000;

export const qualifiesForInclusion = (annualEmissions: number, coveredIndustry: boolean) => coveredIndustry && annualEmissions >= INCLUSION_THRESHOLD_T;

/** Removal after two consecutive years below the threshold: `recent` is the latest years, newest last. */
export function dueForRemoval(recent: number[]): boolean {
  const lastTwo = recent.slice(-2);
  return lastTwo.length === 2 && lastTwo.every((e) => e < INCLUSION_THRESHOLD_T);
}

export type GwpTable = Record<string, string>;

/** IPCC AR5 100-year GWPs (the default table; a table is data and may be replaced). */
export const GWP_AR5: GwpTable = { CO2: '1', CH4: '28', N2O: '265', HFC23: '12400', PFC14: '6630', SF6: '23500' };

export interface EmissionLine {
  source: string;
  gas: string;
  /** Tonnes of the gas. */
  quantity: string;
}

export class UnknownGasError extends Error {}

/** Total tCO2e of a report, rounded half-up to whole tonnes once, at the end. */
export function totalCo2e(lines: EmissionLine[], gwp: GwpTable = GWP_AR5): { total: number; byLine: { source: string; gas: string; co2e: string }[] } {
  let sum = new D(0);
  const byLine = lines.map((l) => {
    const factor = Object.hasOwn(gwp, l.gas) ? gwp[l.gas] : undefined;
    if (factor === undefined) throw new UnknownGasError(`No GWP for gas ${l.gas}.`);
    const co2e = new D(l.quantity).times(factor);
    sum = sum.plus(co2e);
    return { source: l.source, gas: l.gas, co2e: co2e.toString() };
  });
  return { total: sum.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(), byLine };
}
