import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';
import { listPledges } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.pledgeList, async ({ actor, query }) => listPledges(actor, query));

export const POST = apiRoute(endpoints.pledge, async ({ actor, body, idempotencyKey }) => submitForApproval(actor, 'pledge', body, { idempotencyKey }));
