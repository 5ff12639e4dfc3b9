import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { placeListing } from '@/server/trading/listings';
import { myListings } from '@/server/trading/marketData';

export const POST = apiRoute(endpoints.listingCreate, async ({ actor, body, idempotencyKey }) => placeListing(actor, body, { idempotencyKey }));
export const GET = apiRoute(endpoints.listingList, async ({ actor, query }) => myListings(actor, query));
