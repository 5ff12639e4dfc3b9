import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listInstallations, saveInstallation } from '@/server/compliance/allocationPolicy';

export const GET = apiRoute(endpoints.installations, async ({ actor, query }) => listInstallations(actor, query.organisationId));
export const POST = apiRoute(endpoints.installationSave, async ({ actor, body }) => saveInstallation(actor, body));
