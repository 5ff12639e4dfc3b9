import { expect } from 'vitest';
import { approvalSubmittedSchema } from '@/schemas/controls';
import type { Actor } from '@/server/identity/actor';
import { decideApproval } from '@/server/registry/approvals';

/**
 * A four-eyes submission through the API (202 with its `approvalId`), approved by a second
 * person: returns what the approved action returned (the view the one-person call used to answer).
 */
export async function approveSubmitted<T = unknown>(res: { status: number; body: unknown }, approver: Actor): Promise<T> {
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const { approvalId } = approvalSubmittedSchema.parse(res.body);
  const decision = await decideApproval(approver, approvalId, 'approve', 'Checked');
  return decision.result as T;
}
