import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getHoldings } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.holdings, async ({ actor, params }) => getHoldings(actor, params.id));
