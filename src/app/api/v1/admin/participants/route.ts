import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listParticipants } from '@/server/trading/surveillance';

export const GET = apiRoute(endpoints.participants, async ({ actor }) => listParticipants(actor));
