import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const PUT = apiRoute(endpoints.complianceCycleSet, async ({ actor, params, body, idempotencyKey }) => submitForApproval(actor, 'compliance.cycle', { year: params.year, ...body }, { idempotencyKey }));
