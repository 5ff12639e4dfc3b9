import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { applyForAccount } from '@/server/registry/accounts';
import { listAccounts } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.accountList, async ({ actor, query }) => listAccounts(actor, { status: query.status, kind: query.kind, q: query.q }, query));

export const POST = apiRoute(endpoints.accountApplication, async ({ actor, body }) => applyForAccount(actor, body));
