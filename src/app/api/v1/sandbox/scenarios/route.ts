import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { createScenario, listScenarios } from '@/server/sandbox/scenarios';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.sandboxScenarios, async ({ actor }) => ({ items: await listScenarios(actor), nextCursor: null }));

export const POST = apiRoute(endpoints.sandboxScenarioCreate, async ({ actor, body }) => createScenario(actor, body));
