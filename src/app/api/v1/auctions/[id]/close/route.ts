import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';

export const POST = apiRoute(endpoints.auctionClose, async ({ actor, params, idempotencyKey }) => submitForApproval(actor, 'auction.settlement', { auctionId: params.id }, { idempotencyKey }));
