import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { myBlockProposals, proposeBlockTrade } from '@/server/trading/blockTrades';

export const POST = apiRoute(endpoints.blockPropose, async ({ actor, body, idempotencyKey }) => proposeBlockTrade(actor, body, { idempotencyKey }));
export const GET = apiRoute(endpoints.blockList, async ({ actor }) => myBlockProposals(actor));
