import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { setParticipantSuspension } from '@/server/trading/surveillance';

export const POST = apiRoute(endpoints.participantSuspension, async ({ actor, params, body }) => setParticipantSuspension(actor, params.id, body));
