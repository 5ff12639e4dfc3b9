import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listRuns, prepareRun } from '@/server/compliance/allocation';

export const GET = apiRoute(endpoints.allocationRuns, async ({ actor, params }) => listRuns(actor, params.year));
export const POST = apiRoute(endpoints.allocationRunPrepare, async ({ actor, params, body }) => prepareRun(actor, params.year, body));
