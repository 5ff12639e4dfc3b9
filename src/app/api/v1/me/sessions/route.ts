import { apiRoute, sessionIdOf } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listMySessions } from '@/server/identity/sessions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.mySessions, async ({ actor, req }) => listMySessions(actor, await sessionIdOf(req)));
