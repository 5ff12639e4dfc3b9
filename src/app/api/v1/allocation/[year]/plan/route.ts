import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';
import { allocationPlan } from '@/server/compliance/allocationPolicy';

export const GET = apiRoute(endpoints.allocationPlan, async ({ actor, params }) => allocationPlan(actor, params.year));
export const PUT = apiRoute(endpoints.allocationPlanSet, async ({ actor, params, body, idempotencyKey }) => submitForApproval(actor, 'allocation.plan', { year: params.year, ...body }, { idempotencyKey }));
