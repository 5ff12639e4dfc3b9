import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { balanceSheet } from '@/server/analytics/balanceSheet';

export const GET = apiRoute(endpoints.balanceSheet, async ({ actor, query }) => balanceSheet(actor, query));
