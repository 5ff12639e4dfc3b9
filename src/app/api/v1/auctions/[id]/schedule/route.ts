import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { scheduleAuction } from '@/server/auction/auctions';

export const POST = apiRoute(endpoints.auctionSchedule, async ({ actor, params, idempotencyKey }) => scheduleAuction(actor, params.id, { idempotencyKey }));
