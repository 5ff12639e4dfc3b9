import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { decideNonTradeTransfer } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.transferReject, async ({ actor, params, body, idempotencyKey }) => decideNonTradeTransfer(actor, params.id, 'reject', body.note, { idempotencyKey }));
