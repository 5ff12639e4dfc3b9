import { db } from './client';
import type { Actor } from '@/server/identity/actor';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { INSTALLATIONS } from './seedAllocation';

/**
 * Demo emission reports and surrenders, through the real services. Each year's reports are filed
 * by the covered entities in the first weeks of the next year (before the 31 March deadline) and
 * verified by their provincial regulators — one corrected each year. The 2025 reports: two still
 * wait for verification (Shenzhen Mawan Power, Wuhan Changjiang steel). Surrenders are planned by
 * the market history (seedHistory) for 2023 and 2024, and on the demo day for 2025: Yingde Lingnan
 * Cement compliant, Guangzhou Pearl River Power and Wuhan Qingshan part-way (Wuhan with CCER within
 * its 5 % cap), before the 31 December 2026 deadline.
 */

type Verification = { decision: 'CONFIRM' } | { decision: 'CORRECT'; verifiedEmissions: number; note: string };

interface ReportSeed {
  key: string;
  province: 'GD' | 'HB';
  co2: string;
  ch4: string;
  /** Left out: the report still waits for its regulator. */
  verify?: Verification;
}

const CONFIRM = { decision: 'CONFIRM' } as const;

/** The reports of each compliance year, in the order they are filed. */
export const REPORTS: Record<number, ReportSeed[]> = {
  2023: [
    { key: 'gd-power-1', province: 'GD', co2: '2520000', ch4: '1050', verify: CONFIRM },
    { key: 'gd-power-2', province: 'GD', co2: '2205000', ch4: '840', verify: CONFIRM },
    { key: 'gd-power-3', province: 'GD', co2: '1575000', ch4: '525', verify: CONFIRM },
    { key: 'gd-cement', province: 'GD', co2: '887000', ch4: '0', verify: CONFIRM },
    { key: 'gd-steel', province: 'GD', co2: '2152000', ch4: '0', verify: { decision: 'CORRECT', verifiedEmissions: 2_168_000, note: 'Coke-oven gas flared during the relining of blast furnace 1 was not reported' } },
    { key: 'hb-power-1', province: 'HB', co2: '2310000', ch4: '945', verify: CONFIRM },
    { key: 'hb-power-2', province: 'HB', co2: '1617000', ch4: '630', verify: CONFIRM },
    { key: 'hb-cement-1', province: 'HB', co2: '1071000', ch4: '0', verify: CONFIRM },
    { key: 'hb-cement-2', province: 'HB', co2: '672000', ch4: '0', verify: CONFIRM },
    { key: 'hb-steel', province: 'HB', co2: '2352000', ch4: '0', verify: CONFIRM },
  ],
  2024: [
    { key: 'gd-power-1', province: 'GD', co2: '2460000', ch4: '1025', verify: CONFIRM },
    { key: 'gd-power-2', province: 'GD', co2: '2152000', ch4: '820', verify: CONFIRM },
    { key: 'gd-power-3', province: 'GD', co2: '1537000', ch4: '512', verify: CONFIRM },
    { key: 'gd-cement', province: 'GD', co2: '866000', ch4: '0', verify: CONFIRM },
    { key: 'gd-steel', province: 'GD', co2: '2101000', ch4: '0', verify: CONFIRM },
    { key: 'hb-power-1', province: 'HB', co2: '2255000', ch4: '922', verify: CONFIRM },
    { key: 'hb-power-2', province: 'HB', co2: '1578000', ch4: '615', verify: CONFIRM },
    { key: 'hb-cement-1', province: 'HB', co2: '1045000', ch4: '0', verify: { decision: 'CORRECT', verifiedEmissions: 1_052_000, note: 'Kiln bypass dust was left out of the process emissions' } },
    { key: 'hb-cement-2', province: 'HB', co2: '656000', ch4: '0', verify: CONFIRM },
    { key: 'hb-steel', province: 'HB', co2: '2296000', ch4: '0', verify: CONFIRM },
  ],
  2025: [
    { key: 'gd-power-1', province: 'GD', co2: '2400000', ch4: '1000', verify: CONFIRM },
    { key: 'gd-power-2', province: 'GD', co2: '2100000', ch4: '800' },
    { key: 'gd-power-3', province: 'GD', co2: '1500000', ch4: '500', verify: CONFIRM },
    { key: 'gd-cement', province: 'GD', co2: '820000', ch4: '0', verify: { decision: 'CORRECT', verifiedEmissions: 845_000, note: 'Clinker output under-reported against the kiln meter readings' } },
    { key: 'hb-power-1', province: 'HB', co2: '2200000', ch4: '900', verify: CONFIRM },
    { key: 'gd-steel', province: 'GD', co2: '2050000', ch4: '0', verify: CONFIRM },
    { key: 'hb-power-2', province: 'HB', co2: '1540000', ch4: '600', verify: CONFIRM },
    { key: 'hb-cement-1', province: 'HB', co2: '1020000', ch4: '0', verify: CONFIRM },
    { key: 'hb-steel', province: 'HB', co2: '2240000', ch4: '0' },
  ],
};

/** CH4 in tCO2e: the compliance policy's default GWP table (IPCC AR4, CH4 = 25). */
const CH4_GWP = 25;

/** The obligation a report will have once verified (its corrected figure, or what it reports). */
export function plannedObligation(year: number, key: string): number | null {
  const r = REPORTS[year]?.find((x) => x.key === key);
  if (!r) return null;
  if (r.verify?.decision === 'CORRECT') return r.verify.verifiedEmissions;
  return Number(r.co2) + Number(r.ch4) * CH4_GWP;
}

export interface ComplianceActors {
  entity: (key: string) => Promise<Actor>;
  regulators: { GD: Actor; HB: Actor };
  accountOf: (key: string) => number;
  organisationOf: (key: string) => number;
}

/** Every covered entity files its report of `year`, with its outputs per installation. */
export async function fileReports({ entity }: ComplianceActors, year: number): Promise<void> {
  for (const r of REPORTS[year]!) {
    await fileReport(await entity(r.key), year, {
      lines: [
        { source: 'Coal-fired boilers and kilns (fuel combustion)', gas: 'CO2', quantity: r.co2 },
        ...(r.ch4 !== '0' ? [{ source: 'Coal handling and storage', gas: 'CH4', quantity: r.ch4 }] : []),
      ],
      outputs: Object.fromEntries((INSTALLATIONS[r.key] ?? []).filter((i) => i.outputs?.[year]).map((i) => [i.code, i.outputs![year]!])),
    });
  }
}

/** The provincial regulators verify the reports of `year` they have reached (confirmed, or corrected with a note). */
export async function verifyReports({ regulators, organisationOf }: ComplianceActors, year: number): Promise<void> {
  for (const r of REPORTS[year]!) {
    if (!r.verify) continue;
    const report = await db().emissionReport.findUniqueOrThrow({ where: { organisationId_year: { organisationId: organisationOf(r.key), year } }, select: { id: true } });
    await verifyReport(regulators[r.province], year, report.id, r.verify);
  }
}

async function available(accountId: number, instrument: 'CEA' | 'CCER', vintage: number): Promise<number> {
  const h = await db().holding.findUnique({ where: { accountId_instrument_vintage: { accountId, instrument, vintage } } });
  return Number(h?.available ?? 0n);
}

/**
 * An entity surrenders `quantity` t for `year`: first the CCER it names (eligible offsets, within the
 * cap), then CEA from the vintages it lists, each as far as it holds them, in order. Returns the
 * tonnes surrendered.
 */
export async function surrenderFrom(
  { entity, accountOf }: ComplianceActors, key: string, year: number, quantity: number,
  opts: { vintages: number[]; ccer?: number },
): Promise<number> {
  const items: { instrument: 'CEA' | 'CCER'; vintage: number; quantity: number }[] = [];
  let left = quantity;
  if (opts.ccer) {
    const q = Math.min(opts.ccer, left, await available(accountOf(key), 'CCER', 2023));
    if (q > 0) items.push({ instrument: 'CCER', vintage: 2023, quantity: q });
    left -= q;
  }
  for (const v of opts.vintages) {
    if (left <= 0) break;
    const q = Math.min(left, await available(accountOf(key), 'CEA', v));
    if (q > 0) items.push({ instrument: 'CEA', vintage: v, quantity: q });
    left -= q;
  }
  if (items.length === 0) return 0;
  await surrender(await entity(key), year, { items });
  return quantity - left;
}

/** On the demo day: the 2025 surrenders made so far. */
export async function seedSurrenders2025(actors: ComplianceActors): Promise<void> {
  // Yingde cement in full (oldest vintages first); Guangzhou power and Wuhan Qingshan part-way
  // (Wuhan with CCER within its 5 % cap), from this year's allowances.
  await surrenderFrom(actors, 'gd-cement', 2025, plannedObligation(2025, 'gd-cement')!, { vintages: [2023, 2024, 2025] });
  await surrenderFrom(actors, 'gd-power-1', 2025, 1_000_000, { vintages: [2025, 2024] });
  await surrenderFrom(actors, 'hb-power-1', 2025, 1_225_000, { vintages: [2025, 2024], ccer: 25_000 });
}
