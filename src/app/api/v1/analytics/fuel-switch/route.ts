import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { theoreticalCarbonPrice } from '@/server/analytics/fuelPrices';

export const GET = apiRoute(endpoints.fuelSwitch, async ({ actor, query }) => theoreticalCarbonPrice(actor, query));
