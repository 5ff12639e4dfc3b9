import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setCycle } from '@/server/compliance/policy';

export const PUT = apiRoute(endpoints.complianceCycleSet, async ({ actor, params, body }) => setCycle(actor, params.year, body));
