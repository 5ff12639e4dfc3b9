import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { removeTrustedAccount } from '@/server/registry/trustedAccounts';

export const DELETE = apiRoute(endpoints.trustedAccountRemove, async ({ actor, params }) => removeTrustedAccount(actor, params.id, params.trustedId));
