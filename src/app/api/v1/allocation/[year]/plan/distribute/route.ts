import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { distributePlan } from '@/server/compliance/allocationPolicy';

export const POST = apiRoute(endpoints.allocationPlanDistribute, async ({ actor, params, idempotencyKey }) => distributePlan(actor, params.year, { idempotencyKey }));
