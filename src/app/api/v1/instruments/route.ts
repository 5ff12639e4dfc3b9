import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { createInstrument } from '@/server/trading/instruments';
import { listInstrumentQuotes } from '@/server/trading/marketData';

export const GET = apiRoute(endpoints.instruments, async () => listInstrumentQuotes());
export const POST = apiRoute(endpoints.instrumentCreate, async ({ actor, body }) => createInstrument(actor, body));
