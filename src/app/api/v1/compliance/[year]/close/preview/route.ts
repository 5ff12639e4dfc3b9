import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { previewClosing } from '@/server/compliance/penalties';

export const GET = apiRoute(endpoints.yearClosePreview, async ({ actor, params, query }) => previewClosing(actor, params.year, { provinceCode: query.province }));
