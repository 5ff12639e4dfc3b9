import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { cancelVoluntarily } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.cancellation, async ({ actor, body, idempotencyKey }) => cancelVoluntarily(actor, body, { idempotencyKey }));
