import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { takeableListings } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.takeableListings, async ({ params, query }) => takeableListings(params.symbol, query.side, query.limit));
