import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { changeAccountStatus } from '@/server/registry/accounts';

export const POST = apiRoute(endpoints.accountStatus, async ({ actor, params, body }) => changeAccountStatus(actor, params.id, body));
