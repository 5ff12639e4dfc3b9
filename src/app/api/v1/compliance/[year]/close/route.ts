import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { closeComplianceYear } from '@/server/compliance/penalties';

export const POST = apiRoute(endpoints.yearClose, async ({ actor, params, query }) => closeComplianceYear(actor, params.year, { provinceCode: query.province }));
