import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { myTrades } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.myTrades, async ({ actor, query }) => myTrades(actor, query));
