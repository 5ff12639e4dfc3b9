import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listProvinces } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.provinces, async () => ({ items: await listProvinces(), nextCursor: null }));
