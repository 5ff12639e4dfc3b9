import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getCash } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.cash, async ({ actor, params }) => getCash(actor, params.id));
