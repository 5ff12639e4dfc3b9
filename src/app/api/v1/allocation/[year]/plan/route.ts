import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { allocationPlan, setAllocationPlan } from '@/server/compliance/allocationPolicy';

export const GET = apiRoute(endpoints.allocationPlan, async ({ actor, params }) => allocationPlan(actor, params.year));
export const PUT = apiRoute(endpoints.allocationPlanSet, async ({ actor, params, body }) => setAllocationPlan(actor, params.year, body));
