import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.allocationPlanDistribute, async ({ actor, params, idempotencyKey }) => submitForApproval(actor, 'allocation.distribute', { year: params.year }, { idempotencyKey }));
