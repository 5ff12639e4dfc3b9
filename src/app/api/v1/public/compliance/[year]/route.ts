import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { publicComplianceReport } from '@/server/compliance/publicReport';

export const GET = apiRoute(endpoints.publicCompliance, async ({ params }) => publicComplianceReport(params.year));
