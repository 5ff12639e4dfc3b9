import type { Actor } from '@/server/identity/actor';
import type { IndustryRuleCommand } from '@/schemas/allocation';
import { distributePlan, saveIndustryRule, saveInstallation, setAllocationPlan } from '@/server/compliance/allocationPolicy';
import { addCoveredEntity, removeCoveredEntity } from '@/server/compliance/coveredEntities';
import { confirmRun, prepareRun } from '@/server/compliance/allocation';
import { marketDate } from '@/server/compliance/cycle';
import { addDays } from '@/domain/trading/calendar';

/**
 * Demo data of allocation, through the real services:
 * - the industry rules of 2025 and 2026 (coal power by size, gas power, cement clinker and
 *   grinding, long-process steel, other steel on historical emissions), set by the national regulator;
 * - every entity's installations, registered by its provincial regulator;
 * - the covered-entity list (all entities from 2021; Jingmen cement removed on closure after 2025,
 *   its allowances in their transition period);
 * - the 2026 plan (cap and budgets) distributed, Hubei's 2026 pre-allocation confirmed by a second
 *   regulator, and Guangdong's prepared by gd.regulator and waiting for gd.regulator2.
 */

type Rule = Omit<IndustryRuleCommand, 'declineFactor' | 'adjustmentFactors' | 'preAllocationShare' | 'paidShare'> & Partial<IndustryRuleCommand> & { code: string; by2026?: Partial<IndustryRuleCommand> };

const RULES: Rule[] = [
  { code: 'POWER_COAL_300', industry: 'POWER', name: 'Conventional coal-fired units of 300 MW and above', nameZh: '300MW等级以上常规燃煤机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8218', outputCapMultiple: '1', by2026: { benchmark: '0.8177' } },
  { code: 'POWER_COAL_SUB300', industry: 'POWER', name: 'Conventional coal-fired units below 300 MW', nameZh: '300MW等级以下常规燃煤机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.8773', outputCapMultiple: '1', by2026: { benchmark: '0.8729' } },
  { code: 'POWER_GAS', industry: 'POWER', name: 'Gas-fired units', nameZh: '燃气机组', method: 'BENCHMARK', outputUnit: 'MWh', benchmark: '0.3901', outputCapMultiple: '1', by2026: { benchmark: '0.3880' } },
  { code: 'CEMENT_CLINKER', industry: 'CEMENT', name: 'Cement clinker production', nameZh: '水泥熟料生产', method: 'BENCHMARK', outputUnit: 't clinker', benchmark: '0.8580', outputCapMultiple: '1.3', paidShare: '0.03', by2026: { benchmark: '0.8500' } },
  { code: 'CEMENT_GRINDING', industry: 'CEMENT', name: 'Cement grinding', nameZh: '水泥粉磨', method: 'HISTORICAL_INTENSITY', outputUnit: 't cement', declineFactor: '0.98', outputCapMultiple: '1.3', paidShare: '0.03', by2026: { declineFactor: '0.97' } },
  { code: 'STEEL_LONG', industry: 'STEEL', name: 'Long-process crude steel', nameZh: '长流程粗钢', method: 'BENCHMARK', outputUnit: 't crude steel', benchmark: '1.98', outputCapMultiple: '1.1', paidShare: '0.03', by2026: { benchmark: '1.96' } },
  { code: 'STEEL_OTHER', industry: 'STEEL', name: 'Other steel processes (historical emissions)', nameZh: '其他钢铁工序（历史法）', method: 'HISTORICAL_EMISSIONS', outputUnit: 't steel', declineFactor: '0.97', paidShare: '0.03', by2026: { declineFactor: '0.96' } },
];

/** Installations by organisation key; outputs of 2025 are filed in the reports (seedCompliance). */
export const INSTALLATIONS: Record<string, { code: string; name: string; ruleCode: string; designCapacity?: string; baseEmissions?: number[]; historicalIntensity?: string; output2025?: string }[]> = {
  'gd-power-1': [
    { code: 'GZPR-U1', name: 'Unit 1, 600 MW supercritical coal', ruleCode: 'POWER_COAL_300', designCapacity: '3300000', output2025: '2400000' },
    { code: 'GZPR-G1', name: 'Unit G1, 200 MW gas turbine', ruleCode: 'POWER_GAS', designCapacity: '1100000', output2025: '550000' },
  ],
  'gd-power-2': [{ code: 'SZMW-U1', name: 'Mawan unit 5, 300 MW coal', ruleCode: 'POWER_COAL_300', designCapacity: '3000000', output2025: '2600000' }],
  'gd-power-3': [{ code: 'ZHJW-U1', name: 'Jinwan unit 1, 250 MW coal', ruleCode: 'POWER_COAL_SUB300', designCapacity: '1800000', output2025: '1850000' }],
  'gd-cement': [
    { code: 'YDLN-K1', name: 'Clinker line 1 (5,000 t/d)', ruleCode: 'CEMENT_CLINKER', designCapacity: '1000000', output2025: '1050000' },
    { code: 'YDLN-M1', name: 'Grinding mills', ruleCode: 'CEMENT_GRINDING', designCapacity: '1500000', historicalIntensity: '0.0285', output2025: '1400000' },
  ],
  'gd-steel': [{ code: 'SGIS-BF1', name: 'Blast furnace – converter route', ruleCode: 'STEEL_LONG', designCapacity: '1100000', output2025: '1050000' }],
  'hb-power-1': [{ code: 'WHQS-U1', name: 'Qingshan units 11–12, 2×330 MW coal CHP', ruleCode: 'POWER_COAL_300', designCapacity: '3000000', output2025: '2700000' }],
  'hb-power-2': [{ code: 'XYHS-U1', name: 'Hanshui unit 2, 200 MW coal', ruleCode: 'POWER_COAL_SUB300', designCapacity: '2000000', output2025: '1750000' }],
  'hb-cement-1': [{ code: 'HSJC-K1', name: 'Clinker line 2 (4,500 t/d)', ruleCode: 'CEMENT_CLINKER', designCapacity: '900000', output2025: '1150000' }],
  'hb-cement-2': [{ code: 'JMJC-K1', name: 'Clinker line (closed 2025)', ruleCode: 'CEMENT_CLINKER', designCapacity: '600000' }],
  'hb-steel': [{ code: 'WHCJ-EAF', name: 'Electric-arc furnace and rolling', ruleCode: 'STEEL_OTHER', baseEmissions: [2_310_000, 2_280_000, 2_250_000] }],
};

/** First emissions (2020) that put each entity on the list from 2021. */
const LISTED_2021: Record<string, number> = {
  'gd-power-1': 2_650_000, 'gd-power-2': 2_300_000, 'gd-power-3': 1_700_000, 'gd-cement': 880_000, 'gd-steel': 2_150_000,
  'hb-power-1': 2_400_000, 'hb-power-2': 1_600_000, 'hb-cement-1': 1_050_000, 'hb-cement-2': 690_000, 'hb-steel': 2_320_000,
};

export interface AllocationActors {
  mee: Actor;
  regulators: { GD: Actor; HB: Actor };
  secondRegulators: { GD: Actor; HB: Actor };
  organisationOf: (key: string) => number;
}

/** Rules, installations and the covered-entity list: before the 2025 reports are filed (they name installations). */
export async function seedAllocationPolicy({ mee, regulators, organisationOf }: AllocationActors): Promise<void> {
  for (const year of [2025, 2026]) {
    for (const { code, by2026, ...rule } of RULES) {
      await saveIndustryRule(mee, year, code, {
        declineFactor: '1', adjustmentFactors: [], preAllocationShare: '0.7', paidShare: '0', ...rule, ...(year === 2026 ? by2026 : {}),
      } as IndustryRuleCommand);
    }
  }
  for (const [key, installations] of Object.entries(INSTALLATIONS)) {
    const province = key.startsWith('gd') ? 'GD' : 'HB';
    for (const i of installations) {
      await saveInstallation(regulators[province], {
        organisationId: organisationOf(key), code: i.code, name: i.name, ruleCode: i.ruleCode, designCapacity: i.designCapacity,
        baseEmissions: i.baseEmissions ?? [], historicalIntensity: i.historicalIntensity, active: true,
      });
    }
  }
  for (const [key, emissions] of Object.entries(LISTED_2021)) {
    await addCoveredEntity(regulators[key.startsWith('gd') ? 'GD' : 'HB'], { organisationId: organisationOf(key), fromYear: 2021, basisYear: 2020, annualEmissions: emissions });
  }
}

/** The 2026 plan and runs, and the closure of Jingmen cement: after the 2025 reports. */
export async function seedAllocationRuns({ mee, regulators, secondRegulators, organisationOf }: AllocationActors): Promise<void> {
  await setAllocationPlan(mee, 2026, { nationalCap: 25_000_000, budgets: [{ provinceCode: 'GD', budget: 12_000_000 }, { provinceCode: 'HB', budget: 9_000_000 }] });
  await distributePlan(mee, 2026);
  await removeCoveredEntity(regulators.HB, organisationOf('hb-cement-2'), {
    reason: 'CLOSURE', lastYear: 2025, transitionUntil: addDays(await marketDate(), 40), note: 'Clinker line closed in December 2025 (production licence cancelled)',
  });
  const hb = await prepareRun(regulators.HB, 2026, { provinceCode: 'HB', kind: 'PRE_ALLOCATION' });
  await confirmRun(secondRegulators.HB, hb.id);
  await prepareRun(regulators.GD, 2026, { provinceCode: 'GD', kind: 'PRE_ALLOCATION' });
}
