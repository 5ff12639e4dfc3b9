import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const PUT = apiRoute(endpoints.industryRuleSave, async ({ actor, params, body, idempotencyKey }) => submitForApproval(actor, 'allocation.rule', { ...body, year: params.year, code: params.code, create: false }, { idempotencyKey }));
