import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listMyTokens } from '@/server/identity/sessions';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.myTokens, async ({ actor }) => listMyTokens(actor));
