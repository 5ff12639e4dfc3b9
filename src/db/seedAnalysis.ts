import type { Actor } from '@/server/identity/actor';
import { recordFuelPrices } from '@/server/analytics/fuelPrices';
import { setRevenueEarmarks } from '@/server/analytics/auctionRevenue';
import type { EarmarkUse } from '@/domain/analysis/earmarks';

/**
 * What the national regulator enters for the market analysis, through the real services and on the
 * demo clock: the monthly coal and gas prices (each month's survey entered in its first week), which the
 * fuel-switch price is computed from — thermal coal near 1,000 CNY/t in early 2024 falling to about
 * 800, gas between 2.8 and 3.6 CNY/m³ with winter peaks — and each year's earmarking of the
 * auction revenue, set once the year's first auction is announced.
 */

/** Month (YYYY-MM) → coal (CNY/t, 5,500 kcal/kg thermal coal) and gas (CNY/m³, industrial pipeline gas). */
const FUEL_PRICES: [month: string, coal: number, gas: number][] = [
  ['2024-01', 985, 3.55], ['2024-02', 962, 3.52], ['2024-03', 928, 3.38], ['2024-04', 905, 3.22], ['2024-05', 884, 3.10], ['2024-06', 872, 3.02],
  ['2024-07', 868, 2.96], ['2024-08', 861, 2.94], ['2024-09', 850, 3.01], ['2024-10', 846, 3.12], ['2024-11', 858, 3.30], ['2024-12', 872, 3.48],
  ['2025-01', 866, 3.52], ['2025-02', 842, 3.44], ['2025-03', 815, 3.26], ['2025-04', 792, 3.08], ['2025-05', 776, 2.95], ['2025-06', 768, 2.86],
  ['2025-07', 774, 2.82], ['2025-08', 781, 2.84], ['2025-09', 790, 2.92], ['2025-10', 798, 3.05], ['2025-11', 812, 3.24], ['2025-12', 826, 3.41],
  ['2026-01', 830, 3.46], ['2026-02', 821, 3.40], ['2026-03', 809, 3.24], ['2026-04', 801, 3.10], ['2026-05', 795, 2.98], ['2026-06', 790, 2.90],
  ['2026-07', 794, 2.88], ['2026-08', 798, 2.90], ['2026-09', 802, 2.97], ['2026-10', 806, 3.08], ['2026-11', 810, 3.22], ['2026-12', 816, 3.38],
];

/** The earmarking of each year's auction revenue (shares of 1; the rest stays unassigned). */
const EARMARKS: [year: number, on: string, earmarks: [EarmarkUse, string][]][] = [
  [2024, '2024-05-22', [['LOW_CARBON_FUND', '0.6000'], ['PUBLIC_TRANSFERS', '0.2500'], ['ADMINISTRATION', '0.0500']]],
  [2025, '2025-05-21', [['LOW_CARBON_FUND', '0.5000'], ['PUBLIC_TRANSFERS', '0.3000'], ['INNOVATION', '0.1500'], ['ADMINISTRATION', '0.0500']]],
  [2026, '2026-04-22', [['LOW_CARBON_FUND', '0.4500'], ['PUBLIC_TRANSFERS', '0.3000'], ['ADAPTATION', '0.1000'], ['INNOVATION', '0.1000'], ['ADMINISTRATION', '0.0500']]],
];

/**
 * The steps of the history (date → what the national regulator enters then), for seedHistory to run
 * on their days; those from `until` on are run together by `rest` (on the demo day).
 */
export function seedAnalysisInputs(mee: Actor, until: string): { steps: [date: string, run: () => Promise<void>][]; rest: () => Promise<void> } {
  const price = ([month, coal, gas]: (typeof FUEL_PRICES)[number]) => ({
    date: `${month}-01`, coalPrice: coal.toFixed(2), gasPrice: gas.toFixed(4), source: 'Monthly survey: CCTD 5,500 kcal thermal coal index, NDRC industrial gas price',
  });
  // Entered on the month's first Wednesday (the demo history's weekly trading day).
  const entered = (month: string) => {
    const first = new Date(`${month}-01T00:00:00Z`);
    return new Date(first.getTime() + ((3 - first.getUTCDay() + 7) % 7) * 86_400_000).toISOString().slice(0, 10);
  };
  const steps: [string, () => Promise<void>][] = FUEL_PRICES.filter(([month]) => entered(month) < until).map((p) => [
    entered(p[0]), async () => void (await recordFuelPrices(mee, { prices: [price(p)] })),
  ]);
  for (const [year, on, earmarks] of EARMARKS) {
    steps.push([on, async () => void (await setRevenueEarmarks(mee, year, { earmarks: earmarks.map(([use, share]) => ({ use, share })) }))]);
  }
  const late = FUEL_PRICES.filter(([month]) => entered(month) >= until);
  return { steps, rest: async () => void (late.length && (await recordFuelPrices(mee, { prices: late.map(price) }))) };
}
