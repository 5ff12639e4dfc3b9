import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.pledgeRelease, async ({ actor, params, body, idempotencyKey }) => submitForApproval(actor, 'pledgeRelease', { id: params.id, reason: body.reason }, { idempotencyKey }));
