import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { fuelPriceSeries, recordFuelPrices } from '@/server/analytics/fuelPrices';

export const GET = apiRoute(endpoints.fuelPrices, async ({ actor, query }) => fuelPriceSeries(actor, query));
export const POST = apiRoute(endpoints.fuelPricesRecord, async ({ actor, body }) => recordFuelPrices(actor, body));
