import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { complianceStatusOf } from '@/server/compliance/surrenders';

export const GET = apiRoute(endpoints.complianceStatus, async ({ actor, params, query }) => complianceStatusOf(actor, params.year, query.organisationId));
