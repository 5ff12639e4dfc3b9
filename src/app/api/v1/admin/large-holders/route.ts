import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listLargeHolderReports } from '@/server/trading/surveillance';

export const GET = apiRoute(endpoints.largeHolders, async ({ actor, query }) => listLargeHolderReports(actor, query));
