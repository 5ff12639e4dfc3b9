import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { tape } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.tape, async ({ params, query }) => tape(params.symbol, query));
