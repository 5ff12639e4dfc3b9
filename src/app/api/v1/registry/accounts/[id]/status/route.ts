import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.accountStatus, async ({ actor, params, body }) => submitForApproval(actor, 'account.status', { accountId: params.id, ...body }));
