import { describe, expect, it } from 'vitest';
import { FUEL_SWITCH_DEFAULTS, fuelSwitchPrice, withFuelSwitchDefaults } from '@/domain/analysis/fuelSwitch';

/**
 * DOMAIN §7: per kWh, heat 3.6/4.1868 Mcal; coal 38 %, 5,500 kcal/kg, 9.5×10⁻⁴ tCO2/kWh; gas 53 %,
 * 8 Mcal/m³, 4.5×10⁻⁴ tCO2/kWh; the price where both cost the same. Expectations computed by hand
 * (40-digit decimals): coal fuel = 859.845…/(5,500 × 0.38)/1,000 × coal price; gas fuel =
 * 859.845…/(8,000 × 0.53) × gas price; price = (gas − coal) / (coal emission − gas emission).
 */
describe('fuel-switch carbon price', () => {
  it('uses DOMAIN’s defaults: coal 800 CNY/t and gas 3.20 CNY/m³ give 639.62 CNY/t', () => {
    const r = fuelSwitchPrice(withFuelSwitchDefaults({ coalPrice: '800', gasPrice: '3.20' }));
    expect(r.coalFuelCost).toBe('0.329127');
    expect(r.gasFuelCost).toBe('0.648940');
    expect(r.theoreticalPrice).toBe('639.62');
  });

  it('fills every parameter not given with its default and keeps those given', () => {
    const inputs = withFuelSwitchDefaults({ coalPrice: '800', gasPrice: '3.2', coalEfficiency: '0.40', gasEmission: '0.00040' });
    expect(inputs).toEqual({ ...FUEL_SWITCH_DEFAULTS, coalPrice: '800', gasPrice: '3.2', coalEfficiency: '0.40', gasEmission: '0.00040' });
    // A more efficient coal plant burns less coal; gas emitting less widens the emission gap.
    expect(fuelSwitchPrice(inputs).theoreticalPrice).toBe('611.40');
  });

  it('is negative when gas is already the cheaper fuel (coal 1,000 CNY/t, gas 2.00 CNY/m³)', () => {
    expect(fuelSwitchPrice(withFuelSwitchDefaults({ coalPrice: '1000', gasPrice: '2.00' })).theoreticalPrice).toBe('-11.64');
  });

  it('moves with each fuel price in the expected direction', () => {
    const at = (coal: string, gas: string) => Number(fuelSwitchPrice(withFuelSwitchDefaults({ coalPrice: coal, gasPrice: gas })).theoreticalPrice);
    expect(at('900', '3.2')).toBeLessThan(at('800', '3.2'));
    expect(at('800', '3.5')).toBeGreaterThan(at('800', '3.2'));
  });

  it('has no price when coal emits no more than gas', () => {
    expect(fuelSwitchPrice(withFuelSwitchDefaults({ coalPrice: '800', gasPrice: '3.2', coalEmission: '0.0004' })).theoreticalPrice).toBeNull();
  });
});
