import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { clientAddress } from '@/server/identity/clientAddress';
import { authenticate, issueApiToken } from '@/server/identity/credentials';

export const POST = apiRoute(endpoints.token, async ({ req, body }) => {
  const actor = await authenticate({ ...body, ip: clientAddress(req.headers.get('x-forwarded-for')) });
  return issueApiToken(actor);
});
