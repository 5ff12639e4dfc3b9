import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { dailyBars } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.bars, async ({ params }) => dailyBars(params.symbol));
