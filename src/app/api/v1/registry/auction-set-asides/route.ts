import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setAsideForAuction } from '@/server/registry/movements';

export const POST = apiRoute(endpoints.auctionSetAside, async ({ actor, body, idempotencyKey }) => setAsideForAuction(actor, body, { idempotencyKey }));
