import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { decideApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.approvalApprove, async ({ actor, params, body, idempotencyKey }) => decideApproval(actor, params.id, 'approve', body.note, { idempotencyKey }));
