import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { provinceOverview } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.regulatorOrganisations, async ({ actor, query }) => ({ items: await provinceOverview(actor, query.province), nextCursor: null }));
