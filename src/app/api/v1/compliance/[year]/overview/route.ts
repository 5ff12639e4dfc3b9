import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { complianceOverview } from '@/server/compliance/overview';

export const GET = apiRoute(endpoints.complianceOverview, async ({ actor, params, query }) => complianceOverview(actor, params.year, { provinceCode: query.province }));
