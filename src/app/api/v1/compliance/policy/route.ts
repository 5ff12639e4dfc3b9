import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { policySettings, updatePolicy } from '@/server/compliance/policy';

export const GET = apiRoute(endpoints.compliancePolicy, async ({ actor }) => policySettings(actor));
export const PUT = apiRoute(endpoints.compliancePolicySet, async ({ actor, body }) => updatePolicy(actor, body));
