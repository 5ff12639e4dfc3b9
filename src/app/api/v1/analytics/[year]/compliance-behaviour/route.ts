import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { complianceBehaviour } from '@/server/analytics/complianceBehaviour';

export const GET = apiRoute(endpoints.complianceBehaviour, async ({ actor, params, query }) => complianceBehaviour(actor, params.year, { provinceCode: query.province }));
