import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { unfreeze } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.freezeRelease, async ({ actor, params, body, idempotencyKey }) => unfreeze(actor, params.id, body.reason, { idempotencyKey }));
