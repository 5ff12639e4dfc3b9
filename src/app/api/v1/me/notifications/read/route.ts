import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { markRead } from '@/server/notifications/inbox';

export const dynamic = 'force-dynamic';

export const POST = apiRoute(endpoints.myNotificationsRead, async ({ actor, body }) => markRead(actor, body));
