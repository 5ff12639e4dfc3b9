import type { Actor } from '@/server/identity/actor';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity, removeCoveredEntity } from '@/server/compliance/coveredEntities';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { marketDate } from '@/server/compliance/cycle';
import { addDays } from '@/domain/trading/calendar';

/**
 * Demo data of allocation, through the real services:
 * - the industry rules of 2023 to 2026 (coal power by size, gas power, cement clinker and grinding,
 *   long-process steel, other steel on historical emissions), set by the national regulator each
 *   year. The benchmarks of 2023 and 2024 were loose — the market was oversupplied and the price
 *   fell — and were tightened from 2025 (crude steel 2.13 → 1.98 tCO2/t, as the Guangdong pilot did);
 * - each year's plan (national cap and provincial budgets), published into the registry;
 * - every entity's installations, registered by its provincial regulator, with their outputs of
 *   2023 to 2025 (filed in the emission reports, seedCompliance);
 * - the covered-entity list (all entities from 2021; Jingmen cement removed on closure after 2025,
 *   its allowances in their transition period);
 * - the allocation runs, each prepared by one regulator of the province and confirmed by another:
 *   2023 in one run after verification (the platform's first year: no pre-allocation), 2024
 *   pre-allocation and true-up, 2025 pre-allocation (its true-up waits for the last verifications);
 *   2026 pre-allocation confirmed in Hubei, prepared in Guangdong and waiting for gd.regulator2.
 */

type Rule = Omit<IndustryRuleCommand, 'declineFactor' | 'adjustmentFactors' | 'preAllocationShare' | 'paidShare'> & Partial<IndustryRuleCommand> & {
  code: string;
  /** What differs from the 2025 rule in other years. */
  byYear?: Partial<Record<number, Partial<IndustryRuleCommand>>>;
};

const RULES: Rule[] = [
  { code: 'POWER_COAL_300', industry: 'POWER', name: 'Conventional coal-fired units of 300 MW and above', nameZh: '300MW等级以上常规燃煤机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8218', outputCapMultiple: '1',
    byYear: { 2023: { benchmark: '1.0200' }, 2024: { benchmark: '0.9850' }, 2026: { benchmark: '0.8177' } } },
  { code: 'POWER_COAL_SUB300', industry: 'POWER', name: 'Conventional coal-fired units below 300 MW', nameZh: '300MW等级以下常规燃煤机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8773', outputCapMultiple: '1',
    byYear: { 2023: { benchmark: '1.0860' }, 2024: { benchmark: '1.0490' }, 2026: { benchmark: '0.8729' } } },
  { code: 'POWER_GAS', industry: 'POWER', name: 'Gas-fired units', nameZh: '燃气机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.3901', outputCapMultiple: '1',
    byYear: { 2023: { benchmark: '0.4730' }, 2024: { benchmark: '0.4560' }, 2026: { benchmark: '0.3880' } } },
  { code: 'CEMENT_CLINKER', industry: 'CEMENT', name: 'Cement clinker production', nameZh: '水泥熟料生产', method: 'BENCHMARK', outputUnit: 't clinker', benchmark: '0.8580', outputCapMultiple: '1.3', paidShare: '0.03',
    byYear: { 2023: { benchmark: '1.0650' }, 2024: { benchmark: '1.0280' }, 2026: { benchmark: '0.8500' } } },
  { code: 'CEMENT_GRINDING', industry: 'CEMENT', name: 'Cement grinding', nameZh: '水泥粉磨', method: 'HISTORICAL_INTENSITY', outputUnit: 't cement', declineFactor: '0.98', outputCapMultiple: '1.3', paidShare: '0.03',
    byYear: { 2023: { declineFactor: '1' }, 2024: { declineFactor: '0.99' }, 2026: { declineFactor: '0.97' } } },
  { code: 'STEEL_LONG', industry: 'STEEL', name: 'Long-process crude steel', nameZh: '长流程粗钢', method: 'BENCHMARK', outputUnit: 't crude steel', benchmark: '1.98', outputCapMultiple: '1.1', paidShare: '0.03',
    byYear: { 2023: { benchmark: '2.30' }, 2024: { benchmark: '2.13' }, 2026: { benchmark: '1.96' } } },
  { code: 'STEEL_OTHER', industry: 'STEEL', name: 'Other steel processes (historical emissions)', nameZh: '其他钢铁工序（历史法）', method: 'HISTORICAL_EMISSIONS', outputUnit: 't steel', declineFactor: '0.97', paidShare: '0.03',
    byYear: { 2023: { declineFactor: '1' }, 2024: { declineFactor: '0.99' }, 2026: { declineFactor: '0.96' } } },
];

export interface InstallationSeed {
  code: string;
  name: string;
  ruleCode: string;
  designCapacity?: string;
  baseEmissions?: number[];
  historicalIntensity?: string;
  /** Output per year, filed in that year's emission report (seedCompliance). */
  outputs?: Partial<Record<number, string>>;
}

/** Installations by organisation key. */
export const INSTALLATIONS: Record<string, InstallationSeed[]> = {
  'gd-power-1': [
    { code: 'GZPR-U1', name: 'Unit 1, 600 MW supercritical coal', ruleCode: 'POWER_COAL_300', designCapacity: '3300000', outputs: { 2023: '2448000', 2024: '2424000', 2025: '2400000' } },
    { code: 'GZPR-G1', name: 'Unit G1, 200 MW gas turbine', ruleCode: 'POWER_GAS', designCapacity: '1100000', outputs: { 2023: '561000', 2024: '556000', 2025: '550000' } },
  ],
  'gd-power-2': [{ code: 'SZMW-U1', name: 'Mawan unit 5, 300 MW coal', ruleCode: 'POWER_COAL_300', designCapacity: '3000000', outputs: { 2023: '2652000', 2024: '2626000', 2025: '2600000' } }],
  'gd-power-3': [{ code: 'ZHJW-U1', name: 'Jinwan unit 1, 250 MW coal', ruleCode: 'POWER_COAL_SUB300', designCapacity: '1800000', outputs: { 2023: '1887000', 2024: '1869000', 2025: '1850000' } }],
  'gd-cement': [
    { code: 'YDLN-K1', name: 'Clinker line 1 (5,000 t/d)', ruleCode: 'CEMENT_CLINKER', designCapacity: '1000000', outputs: { 2023: '1071000', 2024: '1061000', 2025: '1050000' } },
    { code: 'YDLN-M1', name: 'Grinding mills', ruleCode: 'CEMENT_GRINDING', designCapacity: '1500000', historicalIntensity: '0.0285', outputs: { 2023: '1428000', 2024: '1414000', 2025: '1400000' } },
  ],
  'gd-steel': [{ code: 'SGIS-BF1', name: 'Blast furnace – converter route', ruleCode: 'STEEL_LONG', designCapacity: '1100000', outputs: { 2023: '1071000', 2024: '1061000', 2025: '1050000' } }],
  'hb-power-1': [{ code: 'WHQS-U1', name: 'Qingshan units 11–12, 2×330 MW coal CHP', ruleCode: 'POWER_COAL_300', designCapacity: '3000000', outputs: { 2023: '2754000', 2024: '2727000', 2025: '2700000' } }],
  'hb-power-2': [{ code: 'XYHS-U1', name: 'Hanshui unit 2, 200 MW coal', ruleCode: 'POWER_COAL_SUB300', designCapacity: '2000000', outputs: { 2023: '1785000', 2024: '1768000', 2025: '1750000' } }],
  'hb-cement-1': [{ code: 'HSJC-K1', name: 'Clinker line 2 (4,500 t/d)', ruleCode: 'CEMENT_CLINKER', designCapacity: '900000', outputs: { 2023: '1173000', 2024: '1162000', 2025: '1150000' } }],
  'hb-cement-2': [{ code: 'JMJC-K1', name: 'Clinker line (closed 2025)', ruleCode: 'CEMENT_CLINKER', designCapacity: '600000', outputs: { 2023: '760000', 2024: '740000' } }],
  'hb-steel': [{ code: 'WHCJ-EAF', name: 'Electric-arc furnace and rolling', ruleCode: 'STEEL_OTHER', baseEmissions: [2_310_000, 2_280_000, 2_250_000] }],
};

/** First emissions (2020) that put each entity on the list from 2021. */
const LISTED_2021: Record<string, number> = {
  'gd-power-1': 2_650_000, 'gd-power-2': 2_300_000, 'gd-power-3': 1_700_000, 'gd-cement': 880_000, 'gd-steel': 2_150_000,
  'hb-power-1': 2_400_000, 'hb-power-2': 1_600_000, 'hb-cement-1': 1_050_000, 'hb-cement-2': 690_000, 'hb-steel': 2_320_000,
};

/**
 * The plan of each year: the national cap and the provincial budgets. What the budgets leave of the
 * cap stays in the national reserve, from which the paid allocation is set aside for auction.
 */
export const PLANS: Record<number, { nationalCap: number; GD: number; HB: number }> = {
  2023: { nationalCap: 24_000_000, GD: 11_800_000, HB: 9_800_000 },
  2024: { nationalCap: 23_600_000, GD: 11_200_000, HB: 9_300_000 },
  2025: { nationalCap: 19_600_000, GD: 9_700_000, HB: 7_900_000 },
  2026: { nationalCap: 18_800_000, GD: 9_300_000, HB: 7_500_000 },
};

export interface AllocationActors {
  mee: Actor;
  regulators: { GD: Actor; HB: Actor };
  secondRegulators: { GD: Actor; HB: Actor };
  organisationOf: (key: string) => number;
}

const provinceOf = (key: string) => (key.startsWith('gd') ? 'GD' : 'HB');

/** Installations and the covered-entity list, registered by the provincial regulators when the registry opens. */
export async function seedAllocationPolicy({ regulators, organisationOf }: AllocationActors): Promise<void> {
  for (const [key, installations] of Object.entries(INSTALLATIONS)) {
    for (const i of installations) {
      await saveInstallation(regulators[provinceOf(key)], {
        organisationId: organisationOf(key), code: i.code, name: i.name, ruleCode: i.ruleCode, designCapacity: i.designCapacity,
        baseEmissions: i.baseEmissions ?? [], historicalIntensity: i.historicalIntensity, active: true,
      });
    }
  }
  for (const [key, emissions] of Object.entries(LISTED_2021)) {
    await addCoveredEntity(regulators[provinceOf(key)], { organisationId: organisationOf(key), fromYear: 2021, basisYear: 2020, annualEmissions: emissions });
  }
}

/** The national regulator publishes a year: its industry rules, its plan, and the plan into the registry (cap issued, budgets distributed). */
export async function publishYear({ mee }: Pick<AllocationActors, 'mee'>, year: number): Promise<void> {
  await publishRules(mee, year);
  const plan = PLANS[year]!;
  await setAllocationPlan(mee, year, { nationalCap: plan.nationalCap, budgets: [{ provinceCode: 'GD', budget: plan.GD }, { provinceCode: 'HB', budget: plan.HB }] });
  await distributePlan(mee, year);
}

/** The national regulator sets the industry rules of `year` (the demo's rules, tightened from 2025). */
export async function publishRules(mee: Actor, year: number): Promise<void> {
  for (const { code, byYear, ...rule } of RULES) {
    await saveIndustryRule(mee, year, code, {
      declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0', ...rule, ...(byYear?.[year] ?? {}),
    } as IndustryRuleCommand);
  }
}

/** A run of each province, prepared by its first regulator and confirmed by the second (four eyes). */
export async function runAllocation({ regulators, secondRegulators }: AllocationActors, year: number, kind: 'PRE_ALLOCATION' | 'TRUE_UP'): Promise<void> {
  for (const p of ['GD', 'HB'] as const) {
    const run = await prepareRun(regulators[p], year, { provinceCode: p, kind });
    await confirmRun(secondRegulators[p], run.id);
  }
}

/** On the demo day: the closure of Jingmen cement, and the 2026 pre-allocation runs (Hubei confirmed, Guangdong waiting for its second regulator). */
export async function seedAllocationRuns({ regulators, secondRegulators, organisationOf }: AllocationActors): Promise<void> {
  await removeCoveredEntity(regulators.HB, organisationOf('hb-cement-2'), {
    reason: 'CLOSURE', lastYear: 2025, transitionUntil: addDays(await marketDate(), 40), note: 'Clinker line closed in December 2025 (production licence cancelled)',
  });
  const hb = await prepareRun(regulators.HB, 2026, { provinceCode: 'HB', kind: 'PRE_ALLOCATION' });
  await confirmRun(secondRegulators.HB, hb.id);
  await prepareRun(regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
}
