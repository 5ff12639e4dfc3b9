import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { removeCoveredEntity } from '@/server/compliance/coveredEntities';

export const POST = apiRoute(endpoints.coveredEntityRemove, async ({ actor, params, body }) => removeCoveredEntity(actor, params.organisationId, body));
