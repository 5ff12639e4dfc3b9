import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { updateOrganisation } from '@/server/registry/accounts';

export const PATCH = apiRoute(endpoints.organisationUpdate, async ({ actor, params, body }) => updateOrganisation(actor, params.id, body));
