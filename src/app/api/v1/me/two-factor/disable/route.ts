import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { disableTotp, twoFactorStatus } from '@/server/identity/twoFactor';

export const POST = apiRoute(endpoints.twoFactorDisable, async ({ actor, body }) => {
  await disableTotp(actor, body.otp);
  return twoFactorStatus(actor);
});
