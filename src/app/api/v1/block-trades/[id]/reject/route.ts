import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { closeBlockProposal } from '@/server/trading/blockTrades';

export const POST = apiRoute(endpoints.blockReject, async ({ actor, params, idempotencyKey }) => closeBlockProposal(actor, params.id, 'reject', { idempotencyKey }));
