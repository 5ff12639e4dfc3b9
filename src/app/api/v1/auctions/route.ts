import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { createAuction, listAuctions } from '@/server/auction/auctions';

export const GET = apiRoute(endpoints.auctions, async ({ actor, query }) => ({ items: await listAuctions(actor, query) }));
export const POST = apiRoute(endpoints.auctionCreate, async ({ actor, body }) => createAuction(actor, body));
