import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { runScenarioOf } from '@/server/sandbox/scenarios';

export const POST = apiRoute(endpoints.sandboxScenarioRun, async ({ actor, params }) => runScenarioOf(actor, params.id));
