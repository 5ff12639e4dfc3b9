import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { surrender } from '@/server/compliance/surrenders';

export const POST = apiRoute(endpoints.surrender, async ({ actor, params, body, idempotencyKey }) => surrender(actor, params.year, body, { idempotencyKey }));
