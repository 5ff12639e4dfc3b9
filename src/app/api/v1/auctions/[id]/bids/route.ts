import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { placeBid } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.bidPlace, async ({ actor, params, body, idempotencyKey }) => placeBid(actor, params.id, body, { idempotencyKey }));
