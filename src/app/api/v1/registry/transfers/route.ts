import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { requestNonTradeTransfer } from '@/server/registry/movements';
import { listNonTradeTransfers } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.transferList, async ({ actor, query }) => listNonTradeTransfers(actor, query.status, query));

export const POST = apiRoute(endpoints.transferRequest, async ({ actor, body, idempotencyKey }) => requestNonTradeTransfer(actor, body, { idempotencyKey }));
