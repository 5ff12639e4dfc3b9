import { apiLang, apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listNotifications } from '@/server/notifications/inbox';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.myNotifications, async ({ actor, query, req }) => listNotifications(actor, query, apiLang(req)));
