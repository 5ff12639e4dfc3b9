import Decimal from 'decimal.js';
import { db } from '@/db/client';
import { problem } from '@/domain/problems';
import {
  FUEL_SWITCH_DEFAULTS, FUEL_SWITCH_PARAMETERS, fuelSwitchPrice, withFuelSwitchDefaults, type FuelSwitchInputs, type FuelSwitchParameter,
} from '@/domain/analysis/fuelSwitch';
import type { FuelPricesCommand, FuelSwitchQuery } from '@/schemas/analytics';
import { fail } from '../errors';
import type { Actor } from '../identity/actor';
import { authorize } from '../identity/authorize';
import { recordAudit } from '../audit/audit';
import { inTransaction } from '../tx';

/**
 * The fuel-switch carbon price (DOMAIN §7) for given fuel prices, and the national series of coal
 * and gas prices the regulators keep, with the theoretical price of each day against the market
 * close — when the market price is far below it, the market gives no reason to switch fuel.
 */

export type FuelSwitchParams = Partial<Pick<FuelSwitchInputs, FuelSwitchParameter>>;

/** The formula's parameters with the defaults filled in; refuses factors that no price can equalise. */
export function fuelSwitchParameters(given: FuelSwitchParams): Omit<FuelSwitchInputs, 'coalPrice' | 'gasPrice'> {
  const out = { ...FUEL_SWITCH_DEFAULTS } as Record<FuelSwitchParameter, string>;
  for (const k of FUEL_SWITCH_PARAMETERS) if (given[k] !== undefined) out[k] = given[k]!;
  if (!new Decimal(out.coalEmission).gt(out.gasEmission)) {
    throw fail('INVALID_INPUT', {}, { coalEmission: problem('EMISSION_FACTORS_ORDER') });
  }
  return out;
}

export function theoreticalCarbonPrice(actor: Actor, query: FuelSwitchQuery) {
  authorize(actor, 'analysis.read');
  const { coalPrice, gasPrice, ...rest } = query;
  const inputs = withFuelSwitchDefaults({ coalPrice, gasPrice, ...fuelSwitchParameters(rest) });
  const cost = fuelSwitchPrice(inputs);
  return { theoreticalPrice: cost.theoreticalPrice!, inputs, coalFuelCost: cost.coalFuelCost, gasFuelCost: cost.gasFuelCost };
}

/** Saves prices by day (a later entry for a day replaces the earlier one), audited. */
export async function recordFuelPrices(actor: Actor, cmd: FuelPricesCommand): Promise<{ saved: number }> {
  authorize(actor, 'analysis.fuelPricesSet');
  const seen = new Set<string>();
  for (const [i, p] of cmd.prices.entries()) {
    if (seen.has(p.date)) throw fail('INVALID_INPUT', {}, { [`prices.${i}.date`]: problem('FUEL_PRICE_DATE_TWICE', { date: p.date }) });
    seen.add(p.date);
  }
  return inTransaction(async (tx) => {
    for (const p of cmd.prices) {
      await tx.$executeRaw`
        INSERT INTO fuel_price (date, coal_price, gas_price, source, entered_by_id)
        VALUES (${p.date}::date, ${p.coalPrice}::numeric, ${p.gasPrice}::numeric, ${p.source ?? null}, ${actor.userId})
        ON CONFLICT (date) DO UPDATE SET coal_price = EXCLUDED.coal_price, gas_price = EXCLUDED.gas_price, source = EXCLUDED.source,
          entered_by_id = EXCLUDED.entered_by_id, entered_at = market_now()`;
    }
    const dates = [...seen].sort();
    await recordAudit(tx, actor, { action: 'analysis.fuelPrices', targetType: 'fuel_price', targetId: `${dates[0]}..${dates.at(-1)}`, after: { count: cmd.prices.length } });
    return { saved: cmd.prices.length };
  });
}

export interface FuelPricePoint {
  date: string;
  coalPrice: string;
  gasPrice: string;
  source: string | null;
  theoreticalPrice: string | null;
  marketClose: string | null;
  marketSymbol: string | null;
  gap: string | null;
}

/**
 * The series with each day's theoretical price and the market close on that day: the close of the
 * CEA vintage traded most on the last trading day up to it (the market's price then).
 */
export async function fuelPriceSeries(actor: Actor, query: { from?: string; to?: string } & FuelSwitchParams) {
  authorize(actor, 'analysis.read');
  const { from, to, ...given } = query;
  const params = fuelSwitchParameters(given);
  const rows = await db().$queryRaw<{ date: string; coal_price: unknown; gas_price: unknown; source: string | null; close: unknown; symbol: string | null }[]>`
    SELECT to_char(f.date, 'YYYY-MM-DD') AS date, f.coal_price, f.gas_price, f.source, m.close, m.symbol
      FROM fuel_price f
      LEFT JOIN LATERAL (
        SELECT b.close, b.symbol FROM daily_bar b
         WHERE b.symbol LIKE 'CEA-%' AND b.trading_day = (SELECT max(trading_day) FROM daily_bar WHERE symbol LIKE 'CEA-%' AND trading_day <= f.date)
         ORDER BY b.volume + b.block_volume DESC, b.symbol DESC LIMIT 1) m ON TRUE
     WHERE (${from ?? null}::date IS NULL OR f.date >= ${from ?? null}::date) AND (${to ?? null}::date IS NULL OR f.date <= ${to ?? null}::date)
     ORDER BY f.date`;
  const items: FuelPricePoint[] = rows.map((r) => {
    const coalPrice = new Decimal(String(r.coal_price)).toFixed(2);
    const gasPrice = new Decimal(String(r.gas_price)).toFixed(4);
    const theoretical = fuelSwitchPrice({ coalPrice, gasPrice, ...params }).theoreticalPrice;
    const close = r.close === null ? null : new Decimal(String(r.close)).toFixed(2);
    return {
      date: r.date, coalPrice, gasPrice, source: r.source, theoreticalPrice: theoretical, marketClose: close, marketSymbol: r.symbol,
      gap: theoretical === null || close === null ? null : new Decimal(theoretical).minus(close).toFixed(2),
    };
  });
  return { inputs: params, items };
}

/** Parses an uploaded CSV of `date,coal price,gas price[,source]` (a header line is skipped). */
export function parseFuelPriceCsv(text: string): FuelPricesCommand['prices'] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out: FuelPricesCommand['prices'] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (i === 0 && !/^\d{4}-\d{2}-\d{2}$/.test(cells[0] ?? '')) return; // header
    const [date, coalPrice, gasPrice, source] = cells;
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !coalPrice || !gasPrice) throw fail('INVALID_INPUT', {}, { file: problem('FUEL_PRICE_CSV_LINE', { line: i + 1 }) });
    out.push({ date, coalPrice, gasPrice, ...(source ? { source } : {}) });
  });
  return out;
}
