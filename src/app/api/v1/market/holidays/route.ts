import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listHolidays } from '@/server/trading/holidays';

export const GET = apiRoute(endpoints.holidays, async ({ query }) => listHolidays(query));
