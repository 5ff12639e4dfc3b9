import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { discardRun } from '@/server/compliance/allocation';

export const POST = apiRoute(endpoints.allocationRunDiscard, async ({ actor, params }) => discardRun(actor, params.id));
