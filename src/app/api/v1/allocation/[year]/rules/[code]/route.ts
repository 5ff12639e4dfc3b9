import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { saveIndustryRule } from '@/server/compliance/allocationPolicy';

export const PUT = apiRoute(endpoints.industryRuleSave, async ({ actor, params, body }) => saveIndustryRule(actor, params.year, params.code, body));
