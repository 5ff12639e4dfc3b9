'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { earmarksCommandSchema, fuelPriceSchema } from '@/schemas/analytics';
import { yearSchema } from '@/schemas/compliance';
import { setRevenueEarmarks } from '@/server/analytics/auctionRevenue';
import { parseFuelPriceCsv, recordFuelPrices } from '@/server/analytics/fuelPrices';
import { runAction } from './run';

/** The market analysis's actions (national regulator): fuel prices by form or CSV, and the earmarks of auction revenue. */
const PATHS = ['/analysis'];

export async function recordFuelPriceAction(input: unknown) {
  return runAction(fuelPriceSchema, input, async (actor, price, { t }) => {
    const r = await recordFuelPrices(actor, { prices: [price] });
    return { message: fmt(t.analysis.fuel.saved, { n: r.saved }) };
  }, PATHS);
}

const csvUploadSchema = z.object({ text: z.string().min(1).max(2_000_000) });

export async function uploadFuelPricesAction(input: unknown) {
  return runAction(csvUploadSchema, input, async (actor, { text }, { t }) => {
    const r = await recordFuelPrices(actor, { prices: parseFuelPriceCsv(text) });
    return { message: fmt(t.analysis.fuel.saved, { n: r.saved }) };
  }, PATHS);
}

const earmarksFormSchema = earmarksCommandSchema.extend({ year: yearSchema });

export async function setEarmarksAction(input: unknown) {
  return runAction(earmarksFormSchema, input, async (actor, { year, ...cmd }, { t }) => {
    await setRevenueEarmarks(actor, year, cmd);
    return { message: fmt(t.analysis.revenue.saved, { year }) };
  }, PATHS);
}
