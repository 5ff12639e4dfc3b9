import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { getProfile } from '@/server/identity/profile';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.me, async ({ actor }) => getProfile(actor));
