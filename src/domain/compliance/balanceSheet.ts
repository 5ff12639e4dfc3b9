/**
 * The carbon balance sheet (DOMAIN §7a), pure: an entity's allowances and offsets as assets, its
 * open obligations as liabilities, and the net position — so that it sees its gap early, not in the
 * last month before the deadline.
 *
 * - Forecast of a year's emissions: the monthly figures the entity entered, the months not entered
 *   at the entered months' average (run rate); without any, last year's emissions (verified, else
 *   reported); without those, none.
 * - Liabilities are covered in deadline order, each by CEA of vintages that count for its year
 *   (never a later vintage; the banking policy's phases and carry-over discount apply), oldest
 *   vintage first, then by eligible CCER up to the offset cap. What no holding covers is the
 *   shortfall; what is left over is the surplus. Pledged and frozen units are assets but cannot be
 *   surrendered, so they cover nothing.
 */
import { creditedTonnes, offsetCap, vintageRefusal, type BankingPolicy } from './surrender';

export type ForecastBasis = 'MONTHLY' | 'LAST_YEAR' | 'NONE';

export interface EmissionForecast {
  emissions: number | null;
  basis: ForecastBasis;
  monthsEntered: number;
}

export function forecastEmissions(monthly: readonly { month: number; emissions: number }[], lastYear: number | null): EmissionForecast {
  if (monthly.length > 0) {
    const entered = monthly.reduce((s, m) => s + m.emissions, 0);
    const average = entered / monthly.length;
    return { emissions: Math.round(entered + average * (12 - monthly.length)), basis: 'MONTHLY', monthsEntered: monthly.length };
  }
  if (lastYear !== null) return { emissions: lastYear, basis: 'LAST_YEAR', monthsEntered: 0 };
  return { emissions: null, basis: 'NONE', monthsEntered: 0 };
}

/** Units that can be surrendered: CEA by vintage, and CCER that count as offsets. */
export interface UsableUnits {
  cea: { vintage: number; quantity: number }[];
  eligibleCcer: number;
}

export type ObligationBasis = 'VERIFIED' | 'REPORTED' | ForecastBasis;

export interface Liability {
  year: number;
  deadline: string;
  /** The obligation: verified, else reported, else forecast (null: no figure yet). */
  obligation: number | null;
  basis: ObligationBasis;
  /** Tonnes already credited against it, and how many of them were offsets. */
  surrendered: number;
  offsetsUsed: number;
  offsetShare: string;
}

export interface CoveredLiability extends Liability {
  /** Obligation − surrendered, not below 0. */
  remaining: number;
  /** Tonnes of the remaining obligation the holdings cover with CEA and CCER, and what is left uncovered. */
  coveredByCea: number;
  coveredByCcer: number;
  shortfall: number;
}

export interface Position {
  liabilities: CoveredLiability[];
  /** Σ shortfalls. */
  shortfall: number;
  /** Usable units no liability needs. */
  surplusCea: number;
  surplusCcer: number;
  /** Net position in tonnes: surplus − shortfall (negative: short). */
  net: number;
}

export function coverLiabilities(units: UsableUnits, liabilities: readonly Liability[], banking: BankingPolicy): Position {
  const cea = units.cea.map((l) => ({ ...l })).sort((a, b) => a.vintage - b.vintage);
  let ccer = units.eligibleCcer;
  const covered: CoveredLiability[] = [];
  for (const l of [...liabilities].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.year - b.year)) {
    const remaining = Math.max((l.obligation ?? 0) - l.surrendered, 0);
    let need = remaining;
    let byCea = 0;
    for (const lot of cea) {
      if (need === 0) break;
      if (lot.quantity === 0 || vintageRefusal(lot.vintage, l.year, banking) !== null) continue;
      const perTonne = creditedTonnes(1_000_000, lot.vintage, l.year, banking) / 1_000_000;
      if (perTonne <= 0) continue;
      const units = Math.min(lot.quantity, Math.ceil(need / perTonne));
      const credited = Math.min(creditedTonnes(units, lot.vintage, l.year, banking), need);
      lot.quantity -= units;
      need -= credited;
      byCea += credited;
    }
    const capLeft = l.obligation === null ? 0 : Math.max(offsetCap(l.obligation, l.offsetShare) - l.offsetsUsed, 0);
    const byCcer = Math.min(need, capLeft, ccer);
    ccer -= byCcer;
    need -= byCcer;
    covered.push({ ...l, remaining, coveredByCea: byCea, coveredByCcer: byCcer, shortfall: need });
  }
  const shortfall = covered.reduce((s, l) => s + l.shortfall, 0);
  const surplusCea = cea.reduce((s, l) => s + l.quantity, 0);
  return { liabilities: covered, shortfall, surplusCea, surplusCcer: ccer, net: surplusCea + ccer - shortfall };
}
