import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { openAuction } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.auctionOpen, async ({ actor, params }) => openAuction(actor, params.id));
