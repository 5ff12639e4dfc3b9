import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { marketSummary } from '@/server/trading/surveillance';

export const GET = apiRoute(endpoints.marketSummary, async ({ actor }) => marketSummary(actor));
