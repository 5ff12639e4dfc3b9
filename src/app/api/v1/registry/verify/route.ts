import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { runLedgerVerification } from '@/server/registry/verify';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.verify, async ({ actor, query }) => runLedgerVerification(actor, { full: query.full === 'true' }));
