import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listApprovals } from '@/server/registry/approvalRequests';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.approvals, async ({ actor, query }) => listApprovals(actor, query));
