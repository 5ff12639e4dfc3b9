import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { controlClock } from '@/server/schedule/dueWork';

export const POST = apiRoute(endpoints.clock, async ({ actor, body }) => controlClock(actor, body));
