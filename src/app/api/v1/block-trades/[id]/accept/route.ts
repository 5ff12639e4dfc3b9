import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { acceptBlockTrade } from '@/server/trading/blockTrades';

export const POST = apiRoute(endpoints.blockAccept, async ({ actor, params, idempotencyKey }) => acceptBlockTrade(actor, params.id, { idempotencyKey }));
