import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { supplyAndScarcity } from '@/server/analytics/supply';

export const GET = apiRoute(endpoints.supply, async ({ actor, params, query }) => supplyAndScarcity(actor, params.year, { provinceCode: query.province }));
