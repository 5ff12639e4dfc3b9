import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { allocate } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.allocation, async ({ actor, body, idempotencyKey }) => allocate(actor, body, { idempotencyKey }));
