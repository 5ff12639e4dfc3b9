import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setEmissionForecast } from '@/server/analytics/balanceSheet';

export const PUT = apiRoute(endpoints.forecastSet, async ({ actor, params, body }) => setEmissionForecast(actor, params.year, body));
