import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { closeAuction } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.auctionClose, async ({ actor, params, idempotencyKey }) => closeAuction(actor, params.id, { idempotencyKey }));
