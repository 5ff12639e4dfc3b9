import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getMarketSettings, updateMarketSettings } from '@/server/trading/surveillance';

export const GET = apiRoute(endpoints.marketSettings, async ({ actor }) => getMarketSettings(actor));
export const PUT = apiRoute(endpoints.marketSettingsUpdate, async ({ actor, body }) => updateMarketSettings(actor, body));
