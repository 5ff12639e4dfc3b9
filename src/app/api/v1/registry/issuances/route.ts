import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { issue } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.issuance, async ({ actor, body, idempotencyKey }) => issue(actor, body, { idempotencyKey }));
