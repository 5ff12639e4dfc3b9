import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { allocationsOf } from '@/server/compliance/allocation';

export const GET = apiRoute(endpoints.allocationCalculations, async ({ actor, params, query }) => allocationsOf(actor, params.year, query.organisationId));
