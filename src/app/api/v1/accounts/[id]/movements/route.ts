import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listMovements } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.movements, async ({ actor, params, query }) => listMovements(actor, params.id, query));
