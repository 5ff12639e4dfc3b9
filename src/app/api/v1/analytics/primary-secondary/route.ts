import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { primaryVsSecondary } from '@/server/analytics/primarySecondary';

export const GET = apiRoute(endpoints.primarySecondary, async ({ actor, query }) => primaryVsSecondary(actor, query));
