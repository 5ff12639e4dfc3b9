import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { cancelAuction } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.auctionCancel, async ({ actor, params, body, idempotencyKey }) => cancelAuction(actor, params.id, body.reason, { idempotencyKey }));
