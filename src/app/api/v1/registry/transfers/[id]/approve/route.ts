import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { decideNonTradeTransfer } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.transferApprove, async ({ actor, params, body, idempotencyKey }) => decideNonTradeTransfer(actor, params.id, 'approve', body.note, { idempotencyKey }));
