import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { cancelDelayedTransfer } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.transferCancel, async ({ actor, params, body, idempotencyKey }) => cancelDelayedTransfer(actor, params.id, body.reason, { idempotencyKey }));
