import { apiRoute } from '@/server/http/route';
import { endpoints, openApiDocument } from '@/server/http/openapi';

export const GET = apiRoute(endpoints.openapi, () => Promise.resolve(openApiDocument()));
