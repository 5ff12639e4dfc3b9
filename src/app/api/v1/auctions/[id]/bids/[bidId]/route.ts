import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { amendBid } from '@/server/auction/auctions';

export const PUT = apiRoute(endpoints.bidAmend, async ({ actor, params, body, idempotencyKey }) => amendBid(actor, params.id, params.bidId, body, { idempotencyKey }));
