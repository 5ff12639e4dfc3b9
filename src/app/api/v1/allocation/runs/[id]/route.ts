import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getRun } from '@/server/compliance/allocation';

export const GET = apiRoute(endpoints.allocationRun, async ({ actor, params }) => getRun(actor, params.id));
