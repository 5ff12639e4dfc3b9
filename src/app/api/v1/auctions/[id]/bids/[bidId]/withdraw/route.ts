import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { withdrawBid } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.bidWithdraw, async ({ actor, params, idempotencyKey }) => withdrawBid(actor, params.id, params.bidId, { idempotencyKey }));
