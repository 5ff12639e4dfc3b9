import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { confirmRun } from '@/server/compliance/allocation';

export const POST = apiRoute(endpoints.allocationRunConfirm, async ({ actor, params, idempotencyKey }) => confirmRun(actor, params.id, { idempotencyKey }));
