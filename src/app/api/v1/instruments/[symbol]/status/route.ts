import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setInstrumentStatus } from '@/server/trading/instruments';

export const POST = apiRoute(endpoints.instrumentStatus, async ({ actor, params, body }) => setInstrumentStatus(actor, params.symbol, body));
