import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.distribution, async ({ actor, body, idempotencyKey }) => submitForApproval(actor, 'distribution', body, { idempotencyKey }));
