import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listCcerProjects, registerCcerProject } from '@/server/registry/ccerProjects';

export const GET = apiRoute(endpoints.ccerProjects, async ({ actor, query }) => ({ items: await listCcerProjects(actor, query.year) }));
export const POST = apiRoute(endpoints.ccerProjectRegister, async ({ actor, body }) => registerCcerProject(actor, body));
