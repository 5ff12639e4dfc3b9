import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { addHoliday } from '@/server/trading/holidays';

export const POST = apiRoute(endpoints.holidayAdd, async ({ actor, body }) => addHoliday(actor, body));
