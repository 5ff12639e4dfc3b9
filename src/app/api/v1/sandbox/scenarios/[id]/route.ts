import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { deleteScenario, getScenario } from '@/server/sandbox/scenarios';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.sandboxScenario, async ({ actor, params }) => getScenario(actor, params.id));

export const DELETE = apiRoute(endpoints.sandboxScenarioDelete, async ({ actor, params }) => deleteScenario(actor, params.id));
