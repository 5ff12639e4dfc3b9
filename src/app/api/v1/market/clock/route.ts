import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getClock } from '@/server/trading/market';

export const GET = apiRoute(endpoints.marketClock, async () => getClock());
