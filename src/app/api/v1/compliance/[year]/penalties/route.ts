import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listPenalties } from '@/server/compliance/penalties';

export const GET = apiRoute(endpoints.penalties, async ({ actor, params, query }) => listPenalties(actor, params.year, { provinceCode: query.province }));
