import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listTrustedAccounts, requestTrustedAccount } from '@/server/registry/trustedAccounts';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.trustedAccounts, async ({ actor, params }) => listTrustedAccounts(actor, params.id));

export const POST = apiRoute(endpoints.trustedAccountAdd, async ({ actor, params, body }) => requestTrustedAccount(actor, params.id, body));
