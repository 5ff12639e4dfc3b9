import { apiRoute } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { submitForApproval } from '@/server/registry/approvals';
import { policySettings } from '@/server/compliance/policy';

export const GET = apiRoute(endpoints.compliancePolicy, async ({ actor }) => policySettings(actor));
export const PUT = apiRoute(endpoints.compliancePolicySet, async ({ actor, body, idempotencyKey }) => submitForApproval(actor, 'compliance.policy', body, { idempotencyKey }));
