import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { depositCash } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.cashDeposit, async ({ actor, body, idempotencyKey }) => depositCash(actor, body, { idempotencyKey }));
