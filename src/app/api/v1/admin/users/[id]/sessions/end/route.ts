import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { endUserSessions } from '@/server/identity/sessions';

export const POST = apiRoute(endpoints.userSessionsEnd, async ({ actor, params }) => endUserSessions(actor, params.id));
