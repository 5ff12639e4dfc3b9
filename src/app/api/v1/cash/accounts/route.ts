import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listCashBalances } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.cashBalances, async ({ actor }) => listCashBalances(actor));
