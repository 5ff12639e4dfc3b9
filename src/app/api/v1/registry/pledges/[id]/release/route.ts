import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { releasePledge } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.pledgeRelease, async ({ actor, params, body, idempotencyKey }) => releasePledge(actor, params.id, body.reason, { idempotencyKey }));
