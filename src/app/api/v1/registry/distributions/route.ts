import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { distributeToProvince } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.distribution, async ({ actor, body, idempotencyKey }) => distributeToProvince(actor, body, { idempotencyKey }));
