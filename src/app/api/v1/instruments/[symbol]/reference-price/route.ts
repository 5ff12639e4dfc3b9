import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setReferencePrice } from '@/server/trading/instruments';

export const POST = apiRoute(endpoints.referencePrice, async ({ actor, params, body }) => setReferencePrice(actor, params.symbol, body));
