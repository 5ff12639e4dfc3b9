import { db } from './client';
import type { Actor } from '@/server/identity/actor';
import { fileReport, verifyReport } from '@/server/compliance/reports';
import { surrender } from '@/server/compliance/surrenders';
import { INSTALLATIONS } from './seedAllocation';

/**
 * Demo data of the 2025 compliance year, through the real services: reports filed by the covered
 * entities (by 31 March 2026) and verified by their provincial regulators — one corrected, one
 * still waiting — and surrenders: one entity compliant, others part-way, before the 31 December
 * 2026 deadline.
 */
const YEAR = 2025;
const REPORT_DEADLINE = '2026-03-31';
const SURRENDER_DEADLINE = '2026-12-31';

export interface ComplianceActors {
  entity: (key: string) => Promise<Actor>;
  regulators: { GD: Actor; HB: Actor };
  accountOf: (key: string) => number;
}

const setReportDeadline = (date: string) =>
  db().complianceCycle.upsert({
    where: { year: YEAR },
    update: { reportDeadline: new Date(`${date}T00:00:00Z`) },
    create: { year: YEAR, reportDeadline: new Date(`${date}T00:00:00Z`), surrenderDeadline: new Date(`${SURRENDER_DEADLINE}T00:00:00Z`) },
  });

async function available(accountId: number, vintage: number): Promise<number> {
  const h = await db().holding.findUnique({ where: { accountId_instrument_vintage: { accountId, instrument: 'CEA', vintage } } });
  return Number(h?.available ?? 0n);
}

export async function seedCompliance({ entity, regulators, accountOf }: ComplianceActors): Promise<void> {
  // The reports were filed before the deadline: the demo clock is later, so the filing window is
  // held open while they are filed, then set to the real deadline.
  await setReportDeadline(SURRENDER_DEADLINE);
  const reports: { key: string; province: 'GD' | 'HB'; co2: string; ch4: string; verify?: { decision: 'CONFIRM' } | { decision: 'CORRECT'; verifiedEmissions: number; note: string } }[] = [
    { key: 'gd-power-1', province: 'GD', co2: '2400000', ch4: '1000', verify: { decision: 'CONFIRM' } },
    { key: 'gd-power-2', province: 'GD', co2: '2100000', ch4: '800' },
    { key: 'gd-power-3', province: 'GD', co2: '1500000', ch4: '500', verify: { decision: 'CONFIRM' } },
    { key: 'gd-cement', province: 'GD', co2: '820000', ch4: '0', verify: { decision: 'CORRECT', verifiedEmissions: 845_000, note: 'Clinker output under-reported against the kiln meter readings' } },
    { key: 'hb-power-1', province: 'HB', co2: '2200000', ch4: '900', verify: { decision: 'CONFIRM' } },
    { key: 'gd-steel', province: 'GD', co2: '2050000', ch4: '0', verify: { decision: 'CONFIRM' } },
    { key: 'hb-power-2', province: 'HB', co2: '1540000', ch4: '600', verify: { decision: 'CONFIRM' } },
    { key: 'hb-cement-1', province: 'HB', co2: '1020000', ch4: '0', verify: { decision: 'CONFIRM' } },
    { key: 'hb-steel', province: 'HB', co2: '2240000', ch4: '0' },
  ];
  const verified = new Map<string, number>();
  for (const r of reports) {
    const report = await fileReport(await entity(r.key), YEAR, {
      lines: [
        { source: 'Coal-fired boilers and kilns (fuel combustion)', gas: 'CO2', quantity: r.co2 },
        ...(r.ch4 !== '0' ? [{ source: 'Coal handling and storage', gas: 'CH4', quantity: r.ch4 }] : []),
      ],
      outputs: Object.fromEntries((INSTALLATIONS[r.key] ?? []).filter((i) => i.output2025).map((i) => [i.code, i.output2025!])),
    });
    if (r.verify) verified.set(r.key, (await verifyReport(regulators[r.province], YEAR, report.id, r.verify)).verifiedEmissions!);
  }
  await setReportDeadline(REPORT_DEADLINE);

  // Surrenders: Yingde cement in full (2023 vintage first, then 2024); Guangzhou power and Wuhan
  // Qingshan part-way (Wuhan with CCER within its 5 % cap).
  const cement = verified.get('gd-cement')!;
  const from2023 = Math.min(cement, await available(accountOf('gd-cement'), 2023));
  await surrender(await entity('gd-cement'), YEAR, {
    items: [{ instrument: 'CEA', vintage: 2023, quantity: from2023 }, ...(cement > from2023 ? [{ instrument: 'CEA' as const, vintage: 2024, quantity: cement - from2023 }] : [])],
  });
  await surrender(await entity('gd-power-1'), YEAR, { items: [{ instrument: 'CEA', vintage: 2023, quantity: 1_000_000 }] });
  await surrender(await entity('hb-power-1'), YEAR, { items: [{ instrument: 'CCER', vintage: 2023, quantity: 25_000 }, { instrument: 'CEA', vintage: 2023, quantity: 1_200_000 }] });
}
