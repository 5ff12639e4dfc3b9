import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { listIndustryRules } from '@/server/compliance/allocationPolicy';

export const GET = apiRoute(endpoints.industryRules, async ({ actor, params }) => listIndustryRules(actor, params.year));
