import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { take } from '@/server/trading/takes';

export const POST = apiRoute(endpoints.take, async ({ actor, body, idempotencyKey }) => take(actor, body, { idempotencyKey }));
