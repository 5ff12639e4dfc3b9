import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { reviewAlert } from '@/server/trading/surveillance';

export const POST = apiRoute(endpoints.alertReview, async ({ actor, params, body }) => reviewAlert(actor, params.id, body.note));
