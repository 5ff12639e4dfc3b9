/**
 * The fuel-switch carbon price (理论碳价, DOMAIN §7): the carbon price at which a gas-fired plant
 * generates a kWh as cheaply as a coal-fired one. Per kWh of electricity:
 *
 *   heat needed            H = 3.6 / 4.1868 Mcal
 *   coal plant  fuel cost  = H / (coal heat value × coal efficiency) × coal price
 *               carbon     = coal emission factor × carbon price
 *   gas plant   fuel cost  = H / (gas heat value × gas efficiency) × gas price
 *               carbon     = gas emission factor × carbon price
 *
 * Setting the two costs equal: carbon price = (gas fuel cost − coal fuel cost) / (coal emission −
 * gas emission). Every parameter is an input with DOMAIN's defaults. A negative price means gas is
 * already the cheaper fuel before any carbon price.
 */
import Decimal from 'decimal.js';

/** Decimal strings, in the units the API takes them. */
export interface FuelSwitchInputs {
  /** Thermal coal, CNY per tonne. */
  coalPrice: string;
  /** Natural gas, CNY per cubic metre. */
  gasPrice: string;
  /** Thermal efficiency of the coal plant (0–1). */
  coalEfficiency: string;
  /** Heat value of coal, kcal per kg. */
  coalHeatValue: string;
  /** tCO2 per kWh generated from coal. */
  coalEmission: string;
  /** Thermal efficiency of the gas plant (0–1). */
  gasEfficiency: string;
  /** Heat value of gas, kcal per cubic metre. */
  gasHeatValue: string;
  /** tCO2 per kWh generated from gas. */
  gasEmission: string;
}

/** DOMAIN §7's values for every parameter but the two fuel prices. */
export const FUEL_SWITCH_DEFAULTS = {
  coalEfficiency: '0.38',
  coalHeatValue: '5500',
  coalEmission: '0.00095',
  gasEfficiency: '0.53',
  gasHeatValue: '8000',
  gasEmission: '0.00045',
} as const satisfies Omit<FuelSwitchInputs, 'coalPrice' | 'gasPrice'>;

export type FuelSwitchParameter = keyof typeof FUEL_SWITCH_DEFAULTS;
export const FUEL_SWITCH_PARAMETERS = Object.keys(FUEL_SWITCH_DEFAULTS) as FuelSwitchParameter[];

/** kcal of heat in one kWh of electricity: 3.6 MJ / 4.1868 kJ per kcal. */
const KCAL_PER_KWH = new Decimal(3600).div('4.1868');

export interface FuelSwitchCost {
  /** Fuel cost of one kWh, CNY (unrounded, 6 decimals). */
  coalFuelCost: string;
  gasFuelCost: string;
  /** CNY per tCO2, half-up to the fen; null when coal emits no more than gas (no price equalises them). */
  theoreticalPrice: string | null;
}

const D = Decimal.clone({ precision: 40 });

export function fuelSwitchPrice(inputs: FuelSwitchInputs): FuelSwitchCost {
  const coalKgPerKwh = new D(KCAL_PER_KWH).div(new D(inputs.coalHeatValue).times(inputs.coalEfficiency));
  const gasM3PerKwh = new D(KCAL_PER_KWH).div(new D(inputs.gasHeatValue).times(inputs.gasEfficiency));
  const coalFuel = coalKgPerKwh.div(1000).times(inputs.coalPrice);
  const gasFuel = gasM3PerKwh.times(inputs.gasPrice);
  const emissionGap = new D(inputs.coalEmission).minus(inputs.gasEmission);
  const price = emissionGap.gt(0) ? gasFuel.minus(coalFuel).div(emissionGap).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) : null;
  return { coalFuelCost: coalFuel.toFixed(6), gasFuelCost: gasFuel.toFixed(6), theoreticalPrice: price };
}

/** The inputs with DOMAIN's defaults for every parameter not given. */
export function withFuelSwitchDefaults(given: Pick<FuelSwitchInputs, 'coalPrice' | 'gasPrice'> & Partial<FuelSwitchInputs>): FuelSwitchInputs {
  const out = { ...FUEL_SWITCH_DEFAULTS, ...given } as FuelSwitchInputs;
  for (const k of FUEL_SWITCH_PARAMETERS) if (given[k] === undefined) out[k] = FUEL_SWITCH_DEFAULTS[k];
  return out;
}
