/**
 * Compliance cycles as the market analysis counts them (DOMAIN §7, "Definitions"):
 * - the cycle of year Y runs from the day after the surrender deadline of Y−1 up to and including
 *   the surrender deadline of Y (deadline to deadline, not January to December);
 * - its last month runs from the day after the same calendar day one month before the deadline
 *   (the month's last day where that day does not exist: 31 March → 28/29 February) up to and
 *   including the deadline;
 * - the pre-deadline share: tonnes traded in the last month ÷ tonnes traded in the cycle, in per
 *   cent with 2 decimals (half-up).
 * Dates are "YYYY-MM-DD" strings on the market calendar.
 */
import Decimal from 'decimal.js';
import { addDays } from '../trading/calendar';

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The same calendar day one month earlier, clamped to the month's last day. */
export function sameDayMonthBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  return `${year}-${pad(month)}-${pad(Math.min(d, daysIn(year, month)))}`;
}

export interface CycleWindow {
  /** First day of the cycle (the day after the previous deadline); null: from the market's first trade. */
  from: string | null;
  /** The surrender deadline (inclusive). */
  to: string;
  /** First day of the last month before the deadline. */
  lastMonthFrom: string;
}

export function cycleWindow(deadline: string, previousDeadline: string | null): CycleWindow {
  return { from: previousDeadline === null ? null : addDays(previousDeadline, 1), to: deadline, lastMonthFrom: addDays(sameDayMonthBefore(deadline), 1) };
}

export const inCycle = (day: string, w: CycleWindow) => (w.from === null || day >= w.from) && day <= w.to;
export const inLastMonth = (day: string, w: CycleWindow) => day >= w.lastMonthFrom && day <= w.to;

/** A share in per cent with 2 decimals (half-up), or null when the whole is zero. */
export function percentOf(part: number | bigint, whole: number | bigint): string | null {
  if (Number(whole) === 0) return null;
  return new Decimal(part.toString()).times(100).div(whole.toString()).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Tonnes traded per day (listed and block, every CEA vintage). */
export interface DailyVolume {
  day: string;
  tonnes: number;
}

export interface CycleVolumes {
  total: number;
  lastMonth: number;
  /** Pre-deadline share, per cent with 2 decimals; null without trades in the cycle. */
  preDeadlineShare: string | null;
  /** Tonnes per calendar month of the cycle ("YYYY-MM"), in order, months without trades included. */
  byMonth: { month: string; tonnes: number; lastMonth: boolean }[];
}

/** The months "YYYY-MM" from one to another, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${pad(m)}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

export function cycleVolumes(volumes: readonly DailyVolume[], w: CycleWindow): CycleVolumes {
  const inside = volumes.filter((v) => inCycle(v.day, w));
  const total = inside.reduce((s, v) => s + v.tonnes, 0);
  const lastMonth = inside.filter((v) => inLastMonth(v.day, w)).reduce((s, v) => s + v.tonnes, 0);
  const first = w.from ?? inside.map((v) => v.day).sort()[0] ?? w.lastMonthFrom;
  const byMonth = monthsBetween(first.slice(0, 7), w.to.slice(0, 7)).map((month) => ({
    month,
    tonnes: inside.filter((v) => v.day.startsWith(month)).reduce((s, v) => s + v.tonnes, 0),
    // A month counts as the last month's when any of its days falls in it.
    lastMonth: month >= w.lastMonthFrom.slice(0, 7),
  }));
  return { total, lastMonth, preDeadlineShare: percentOf(lastMonth, total), byMonth };
}
