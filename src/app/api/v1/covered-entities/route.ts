import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { addCoveredEntity, listCoveredEntities } from '@/server/compliance/coveredEntities';

export const GET = apiRoute(endpoints.coveredEntities, async ({ actor, query }) => listCoveredEntities(actor, query.year));
export const POST = apiRoute(endpoints.coveredEntityAdd, async ({ actor, body }) => addCoveredEntity(actor, body));
