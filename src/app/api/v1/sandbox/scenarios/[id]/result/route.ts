import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { scenarioResult } from '@/server/sandbox/scenarios';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.sandboxScenarioResult, async ({ actor, params }) => scenarioResult(actor, params.id));
