import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { amendListing, cancelListing } from '@/server/trading/listings';

export const PATCH = apiRoute(endpoints.listingAmend, async ({ actor, params, body, idempotencyKey }) => amendListing(actor, BigInt(params.id), body, { idempotencyKey }));
export const DELETE = apiRoute(endpoints.listingCancel, async ({ actor, params, idempotencyKey }) => cancelListing(actor, BigInt(params.id), { idempotencyKey }));
