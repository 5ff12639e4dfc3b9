'use server';

import { fmt } from '@/i18n';
import { forecastCommandSchema } from '@/schemas/analytics';
import { yearSchema } from '@/schemas/compliance';
import { setEmissionForecast } from '@/server/analytics/balanceSheet';
import { runAction } from './run';

/** The entity's monthly emission figures for its balance sheet's forecast. */
export async function setForecastAction(input: unknown) {
  return runAction(forecastCommandSchema.extend({ year: yearSchema }), input, async (actor, { year, ...cmd }, { t }) => {
    await setEmissionForecast(actor, year, cmd);
    return { message: fmt(t.balanceSheet.saved, { year }) };
  }, ['/balance-sheet']);
}
