import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { revokeMyToken } from '@/server/identity/sessions';

export const DELETE = apiRoute(endpoints.myTokenRevoke, async ({ actor, params }) => revokeMyToken(actor, params.id));
