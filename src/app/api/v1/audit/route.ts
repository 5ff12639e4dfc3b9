import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listAudit } from '@/server/registry/queries';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.audit, async ({ actor, query }) => listAudit(actor, query));
