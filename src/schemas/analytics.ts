import { z } from 'zod';
import { problem } from '@/domain/problems';
import { EARMARK_USES } from '@/domain/analysis/earmarks';
import { FUEL_SWITCH_DEFAULTS } from '@/domain/analysis/fuelSwitch';
import { matching, refusedAs } from './problems';
import { yearSchema } from './compliance';
import { idSchema } from './registry';

/**
 * Schemas of the market analysis (DOMAIN §7) and the carbon balance sheet (§7a): the commands
 * (fuel prices, earmarks, monthly emission figures), the query parameters, and the response
 * bodies documented in the OpenAPI document.
 */

/** A positive decimal as a string ("820.00", "0.38"), at most `scale` decimals. */
const positiveDecimal = (scale: number) =>
  matching(z.string().trim(), new RegExp(`^\\d{1,12}(\\.\\d{1,${scale}})?$`), problem('FIELD_DECIMAL', { scale }), (s) => Number(s) > 0);
const share = positiveDecimal(4).refine((s) => Number(s) <= 1, { ...refusedAs(problem('EFFICIENCY_SHARE')), abort: true });

// ---------- the fuel-switch price ----------

export const fuelSwitchParamsShape = {
  coalEfficiency: share.optional().describe(`Thermal efficiency of the coal plant (default ${FUEL_SWITCH_DEFAULTS.coalEfficiency})`),
  coalHeatValue: positiveDecimal(4).optional().describe(`Heat value of coal, kcal/kg (default ${FUEL_SWITCH_DEFAULTS.coalHeatValue})`),
  coalEmission: positiveDecimal(8).optional().describe(`tCO2 per kWh from coal (default ${FUEL_SWITCH_DEFAULTS.coalEmission})`),
  gasEfficiency: share.optional().describe(`Thermal efficiency of the gas plant (default ${FUEL_SWITCH_DEFAULTS.gasEfficiency})`),
  gasHeatValue: positiveDecimal(4).optional().describe(`Heat value of gas, kcal/m³ (default ${FUEL_SWITCH_DEFAULTS.gasHeatValue})`),
  gasEmission: positiveDecimal(8).optional().describe(`tCO2 per kWh from gas (default ${FUEL_SWITCH_DEFAULTS.gasEmission})`),
};

export const fuelSwitchQuerySchema = z.object({
  coalPrice: positiveDecimal(2).describe('Thermal coal (5,500 kcal/kg), CNY per tonne'),
  gasPrice: positiveDecimal(4).describe('Natural gas, CNY per cubic metre'),
  ...fuelSwitchParamsShape,
});
export type FuelSwitchQuery = z.infer<typeof fuelSwitchQuerySchema>;

const fuelSwitchInputsSchema = z.object({
  coalPrice: z.string(), gasPrice: z.string(), coalEfficiency: z.string(), coalHeatValue: z.string(), coalEmission: z.string(),
  gasEfficiency: z.string(), gasHeatValue: z.string(), gasEmission: z.string(),
});

export const fuelSwitchResponseSchema = z.object({
  theoreticalPrice: z.string().describe('CNY per tCO2, 2 decimals (negative: gas is already cheaper than coal)'),
  inputs: fuelSwitchInputsSchema.describe('Every input used, the defaults filled in'),
  coalFuelCost: z.string().describe('Fuel cost of one kWh from coal, CNY'),
  gasFuelCost: z.string().describe('Fuel cost of one kWh from gas, CNY'),
});

// ---------- the fuel price series ----------

const dateSchema = z.iso.date();

export const fuelPriceSchema = z.object({
  date: dateSchema.describe('YYYY-MM-DD'),
  coalPrice: positiveDecimal(2).describe('CNY per tonne'),
  gasPrice: positiveDecimal(4).describe('CNY per cubic metre'),
  source: z.string().trim().max(200).optional(),
});
export const fuelPricesCommandSchema = z.object({ prices: z.array(fuelPriceSchema).min(1).max(5000) });
export type FuelPricesCommand = z.infer<typeof fuelPricesCommandSchema>;

export const fuelPriceSeriesQuerySchema = z.object({
  from: dateSchema.optional().describe('YYYY-MM-DD, inclusive'),
  to: dateSchema.optional().describe('YYYY-MM-DD, inclusive'),
  ...fuelSwitchParamsShape,
});

export const fuelPriceSeriesSchema = z.object({
  inputs: fuelSwitchInputsSchema.omit({ coalPrice: true, gasPrice: true }),
  items: z.array(z.object({
    date: z.string(), coalPrice: z.string(), gasPrice: z.string(), source: z.string().nullable(),
    theoreticalPrice: z.string().nullable(), marketClose: z.string().nullable(), marketSymbol: z.string().nullable(),
    gap: z.string().nullable().describe('Theoretical price − market close'),
  })),
});

export const fuelPricesResultSchema = z.object({ saved: z.number().int() });

// ---------- auction revenue and its earmarking ----------

export const earmarkUseSchema = z.enum(EARMARK_USES);
export const earmarksCommandSchema = z.object({
  earmarks: z.array(z.object({ use: earmarkUseSchema, share: positiveDecimal(4).refine((s) => Number(s) <= 1, { ...refusedAs(problem('FIELD_AT_MOST', { max: 1 })), abort: true }) })).max(EARMARK_USES.length),
});
export type EarmarksCommand = z.infer<typeof earmarksCommandSchema>;

const money = z.string().regex(/^-?\d+\.\d{2}$/);
export const auctionRevenueSchema = z.object({
  total: money,
  auctions: z.array(z.object({
    id: z.number().int(), title: z.string(), titleZh: z.string().nullable(), year: z.number().int(), day: z.string(), vintage: z.number().int(),
    quantitySold: z.number().int(), clearingPrice: z.string().nullable(), proceeds: money,
  })),
  years: z.array(z.object({
    year: z.number().int(), revenue: money, auctions: z.number().int(),
    earmarks: z.array(z.object({ use: earmarkUseSchema, share: z.string(), amount: money })),
    unassignedShare: z.string(), unassigned: money,
  })),
});

// ---------- queries ----------

export const analysisQuerySchema = z.object({
  province: z.string().trim().min(2).max(8).optional().describe('Province code, e.g. GD; a provincial regulator may only name its own'),
});
export const periodQuerySchema = z.object({
  from: dateSchema.optional().describe('YYYY-MM-DD, inclusive'),
  to: dateSchema.optional().describe('YYYY-MM-DD, inclusive'),
});
export const earmarkParamsSchema = z.object({ year: yearSchema });

// ---------- responses of the read models ----------

const ratio = z.string().nullable();
const supplyFigures = {
  freeAllocated: z.number().int(), auctioned: z.number().int(), verifiedEmissions: z.number().int(), surrenderedCea: z.number().int(),
  surrenderedCcer: z.number().int(), circulation: z.number().int(), surplusRatio: ratio, balance: z.enum(['LONG', 'SHORT', 'BALANCED']).nullable(),
};
export const supplyResponseSchema = z.object({
  year: z.number().int(), provinceCode: z.string().nullable(), surrenderDeadline: z.string(), measuredOn: z.string(), final: z.boolean(),
  cap: z.number().int().nullable(), auctionOffered: z.number().int(), ...supplyFigures,
  unverifiedReports: z.number().int().describe('Reports of the year filed but not yet verified (the ratio reads high until they are)'),
  unverifiedEmissions: z.number().int().describe('Their reported emissions (t)'),
  byVintage: z.array(z.object({ vintage: z.number().int(), tonnes: z.number().int() })),
  byProvince: z.array(z.object({ key: z.string(), cap: z.number().int().nullable(), ...supplyFigures })),
  byGroup: z.array(z.object({ key: z.string(), ...supplyFigures })),
  trend: z.array(z.object({
    year: z.number().int(), surplusRatio: ratio, circulation: z.number().int(), verifiedEmissions: z.number().int(), surrendered: z.number().int(),
    measuredOn: z.string(), final: z.boolean(),
  })),
});

export const primarySecondarySchema = z.object({
  from: z.string().nullable(), to: z.string().nullable(), symbols: z.array(z.string()),
  daily: z.array(z.object({ day: z.string(), symbol: z.string(), close: z.string(), vwap: z.string().nullable(), volume: z.number().int(), blockVolume: z.number().int() })),
  auctions: z.array(z.object({
    id: z.number().int(), title: z.string(), titleZh: z.string().nullable(), vintage: z.number().int(), day: z.string(), quantity: z.number().int(),
    quantitySold: z.number().int(), clearingPrice: z.string().nullable(), reservePrice: z.string().nullable(), proceeds: z.string(),
    marketClose: z.string().nullable(), reserveGap: z.string().nullable(), clearingGap: z.string().nullable(), reserveAboveMarket: z.boolean(),
  })),
});

export const complianceBehaviourSchema = z.object({
  year: z.number().int(), provinceCode: z.string().nullable(),
  window: z.object({ from: z.string().nullable(), to: z.string(), lastMonthFrom: z.string() }),
  traded: z.number().int(), tradedLastMonth: z.number().int(), preDeadlineShare: z.string().nullable().describe('Per cent, 2 decimals'),
  byMonth: z.array(z.object({ month: z.string(), tonnes: z.number().int(), lastMonth: z.boolean() })),
  coveredEntities: z.number().int(), entitiesThatTraded: z.number().int(), tradedShare: z.string().nullable(),
  surrenders: z.object({
    tonnes: z.number().int(), tonnesLastMonth: z.number().int(), tonnesAfterDeadline: z.number().int(), lastMonthShare: z.string().nullable(),
    byMonth: z.array(z.object({ month: z.string(), tonnes: z.number().int(), entities: z.number().int() })),
    entities: z.array(z.object({
      organisationId: z.number().int(), name: z.string(), nameZh: z.string(), obligation: z.number().int().nullable(), tonnes: z.number().int(),
      first: z.string(), last: z.string(), daysBeforeDeadline: z.number().int(),
    })),
  }),
  cycles: z.array(z.object({ year: z.number().int(), from: z.string().nullable(), to: z.string(), traded: z.number().int(), tradedLastMonth: z.number().int(), preDeadlineShare: z.string().nullable() })),
});

export const offsetsResponseSchema = z.object({
  year: z.number().int(), provinceCode: z.string().nullable(), policyShare: z.string(),
  surrendered: z.number().int(), ccer: z.number().int(), share: z.string().nullable().describe('CCER ÷ all surrendered, per cent'),
  cap: z.number().int().describe('Σ each verified obligation × the policy share (t)'),
  capUsed: z.string().nullable().describe('CCER ÷ cap, per cent'),
  byCategory: z.array(z.object({ category: z.string(), tonnes: z.number().int() })),
  byOrigin: z.array(z.object({ origin: z.enum(['IN_PROVINCE', 'OTHER_PROVINCE', 'UNKNOWN']), tonnes: z.number().int() })),
  byProject: z.array(z.object({ code: z.string(), name: z.string(), nameZh: z.string(), category: z.string(), provinceCode: z.string().nullable(), tonnes: z.number().int() })),
  trend: z.array(z.object({ year: z.number().int(), surrendered: z.number().int(), ccer: z.number().int(), share: z.string().nullable() })),
});

// ---------- the carbon balance sheet ----------

export const balanceSheetQuerySchema = z.object({
  organisationId: idSchema.optional().describe('Regulators: the entity (in their scope); entities see their own'),
  price: positiveDecimal(2).optional().describe('A price (CNY/t) to cost the gap at, besides today’s'),
});

export const forecastCommandSchema = z.object({
  months: z.array(z.object({ month: z.number().int().min(1).max(12), emissions: z.number().int().min(0).max(1_000_000_000) })).max(12),
});
export type ForecastCommand = z.infer<typeof forecastCommandSchema>;
export const forecastParamsSchema = z.object({ year: yearSchema });
export const forecastResultSchema = z.object({ year: z.number().int(), months: z.array(z.object({ month: z.number().int(), emissions: z.number().int() })) });

const forecastSchema = z.object({ emissions: z.number().int().nullable(), basis: z.enum(['MONTHLY', 'LAST_YEAR', 'NONE']), monthsEntered: z.number().int() });
export const balanceSheetResponseSchema = z.object({
  organisationId: z.number().int(), name: z.string(), nameZh: z.string(), marketDate: z.string(),
  assets: z.array(z.object({
    instrument: z.enum(['CEA', 'CCER']), vintage: z.number().int(), symbol: z.string(), available: z.number().int(), locked: z.number().int(), pledged: z.number().int(),
    frozen: z.number().int(), total: z.number().int(), price: z.string().nullable(), priceSource: z.enum(['OWN', 'NEWEST_CEA', 'NONE']), value: money,
  })),
  assetsValue: money, eligibleCcer: z.number().int(),
  liabilities: z.array(z.object({
    year: z.number().int(), deadline: z.string(), obligation: z.number().int().nullable(), basis: z.enum(['VERIFIED', 'REPORTED', 'MONTHLY', 'LAST_YEAR', 'NONE']),
    surrendered: z.number().int(), offsetsUsed: z.number().int(), offsetShare: z.string(), remaining: z.number().int(), coveredByCea: z.number().int(),
    coveredByCcer: z.number().int(), shortfall: z.number().int(), price: z.string().nullable(), value: money, daysLeft: z.number().int(), forecast: forecastSchema.nullable(),
  })),
  liabilitiesValue: money, netTonnes: z.number().int(), netValue: money, shortfall: z.number().int(),
  price: z.string().nullable(), costToClose: z.string().nullable(), askedPrice: z.string().nullable(), costAtAskedPrice: z.string().nullable(),
  nextDeadline: z.object({ year: z.number().int(), date: z.string(), daysLeft: z.number().int() }).nullable(),
  monthly: forecastResultSchema,
});
