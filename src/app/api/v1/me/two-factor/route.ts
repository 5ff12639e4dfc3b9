import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { startTotpEnrolment, twoFactorStatus } from '@/server/identity/twoFactor';

export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.twoFactorStatus, async ({ actor }) => twoFactorStatus(actor));
export const POST = apiRoute(endpoints.twoFactorStart, async ({ actor }) => startTotpEnrolment(actor));
