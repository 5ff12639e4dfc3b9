import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { fileReport, listReports } from '@/server/compliance/reports';

export const POST = apiRoute(endpoints.reportFile, async ({ actor, params, body }) => fileReport(actor, params.year, body));
export const GET = apiRoute(endpoints.reportList, async ({ actor, params }) => listReports(actor, params.year));
