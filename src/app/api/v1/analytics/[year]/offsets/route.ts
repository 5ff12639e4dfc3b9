import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { offsetUsage } from '@/server/analytics/offsets';

export const GET = apiRoute(endpoints.offsets, async ({ actor, params, query }) => offsetUsage(actor, params.year, { provinceCode: query.province }));
