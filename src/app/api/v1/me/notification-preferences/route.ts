import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { myPreferences, setMyPreferences } from '@/server/notifications/inbox';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.myNotificationPreferences, async ({ actor }) => myPreferences(actor));
export const PUT = apiRoute(endpoints.myNotificationPreferencesSet, async ({ actor, body }) => setMyPreferences(actor, body));
