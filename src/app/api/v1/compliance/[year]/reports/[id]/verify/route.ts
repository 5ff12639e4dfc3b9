import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { verifyReport } from '@/server/compliance/reports';

export const POST = apiRoute(endpoints.reportVerify, async ({ actor, params, body }) => verifyReport(actor, params.year, params.id, body));
