import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getAuction } from '@/server/auction/auctions';

export const GET = apiRoute(endpoints.auction, async ({ actor, params }) => getAuction(actor, params.id));
