import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { orderBook } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.book, async ({ params, query }) => orderBook(params.symbol, query.levels));
