import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { removeHoliday } from '@/server/trading/holidays';

export const DELETE = apiRoute(endpoints.holidayRemove, async ({ actor, params }) => removeHoliday(actor, params.date));
