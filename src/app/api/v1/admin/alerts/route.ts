import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listAlerts } from '@/server/trading/surveillance';

export const GET = apiRoute(endpoints.alerts, async ({ actor, query }) => listAlerts(actor, query));
