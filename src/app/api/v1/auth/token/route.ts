import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { authenticate, issueApiToken } from '@/server/identity/credentials';

export const POST = apiRoute(endpoints.token, async ({ req, body }) => {
  const ip = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'local';
  const actor = await authenticate({ ...body, ip });
  return issueApiToken(actor);
});
