import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { auctionRevenue } from '@/server/analytics/auctionRevenue';

export const GET = apiRoute(endpoints.auctionRevenue, async ({ actor }) => auctionRevenue(actor));
