import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';
import { listFreezes } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.freezeList, async ({ actor, query }) => listFreezes(actor, query));

export const POST = apiRoute(endpoints.freeze, async ({ actor, body, idempotencyKey }) => submitForApproval(actor, 'freeze', body, { idempotencyKey }));
