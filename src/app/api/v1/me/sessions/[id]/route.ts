import { apiRoute, sessionIdOf } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { endMySession } from '@/server/identity/sessions';

export const DELETE = apiRoute(endpoints.mySessionEnd, async ({ actor, params, req }) => endMySession(actor, params.id, await sessionIdOf(req)));
