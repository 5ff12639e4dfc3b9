import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { decideApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.approvalReject, async ({ actor, params, body }) => decideApproval(actor, params.id, 'reject', body.note));
