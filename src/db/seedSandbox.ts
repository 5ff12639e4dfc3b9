import type { Actor } from '@/server/identity/actor';
import { createScenario, runScenarioOf } from '@/server/sandbox/scenarios';

/**
 * The policy sandbox's demo (issue 15): two scenarios on the recorded year 2024, run, so that the
 * sandbox opens on results — the national regulator's, a 10 % lower cap with CCER from other
 * provinces capped at 1 % of the obligation; Guangdong's, its budget 10 % lower, a tighter coal-power
 * benchmark, a 5 % paid share for cement and the fuel-switch price as the price assumption (three of
 * its five entities short). Each is read-only for the other
 * regulators of its scope.
 */
export async function seedSandbox({ mee, gdRegulator }: { mee: Actor; gdRegulator: Actor }): Promise<void> {
  const national = await createScenario(mee, {
    name: 'Cap −10 %, CCER from other provinces at most 1 %', year: 2024,
    changes: { cap: { mode: 'PERCENT', percent: '-10' }, offsets: { outsideProvinceShare: '0.01' } },
  });
  await runScenarioOf(mee, national.id);
  const guangdong = await createScenario(gdRegulator, {
    name: 'Guangdong: budget −10 %, coal benchmark 0.75, cement paid share 5 %', year: 2024, provinceCode: 'GD',
    changes: {
      cap: { mode: 'PERCENT', percent: '-10' },
      rules: { POWER_COAL_300: { benchmark: '0.75' }, CEMENT_CLINKER: { paidShare: '0.05' } },
      price: { kind: 'FUEL_SWITCH' },
    },
  });
  await runScenarioOf(gdRegulator, guangdong.id);
}
