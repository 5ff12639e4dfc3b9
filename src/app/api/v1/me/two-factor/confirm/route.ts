import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { confirmTotpEnrolment, twoFactorStatus } from '@/server/identity/twoFactor';

export const POST = apiRoute(endpoints.twoFactorConfirm, async ({ actor, body }) => {
  await confirmTotpEnrolment(actor, body.otp);
  return twoFactorStatus(actor);
});
