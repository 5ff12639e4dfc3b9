import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { closeBlockProposal } from '@/server/trading/blockTrades';

export const DELETE = apiRoute(endpoints.blockWithdraw, async ({ actor, params, idempotencyKey }) => closeBlockProposal(actor, params.id, 'withdraw', { idempotencyKey }));
