import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setRevenueEarmarks } from '@/server/analytics/auctionRevenue';

export const PUT = apiRoute(endpoints.earmarksSet, async ({ actor, params, body }) => setRevenueEarmarks(actor, params.year, body));
