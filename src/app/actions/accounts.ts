'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { accountApplicationSchema, accountStatusSchema, idSchema, organisationUpdateSchema } from '@/schemas/registry';
import { applyForAccount, updateOrganisation } from '@/server/registry/accounts';
import { submitForApproval } from '@/server/registry/approvals';
import { runAction } from './run';

/** Records an account application (organisation + PENDING registry account). */
export async function applyForAccountAction(input: unknown) {
  return runAction(
    accountApplicationSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await applyForAccount(actor, cmd);
      return { accountId: r.accountId, message: fmt(t.application.done, { number: r.number }) };
    },
    ['/accounts'],
  );
}

const statusChangeSchema = accountStatusSchema.extend({ accountId: idSchema });

/** approve / restrict / reinstate / close / reject, with a reason kept in the history. */
export async function changeAccountStatusAction(input: unknown) {
  return runAction(
    statusChangeSchema,
    input,
    async (actor, { accountId, ...cmd }, { t }) => {
      // Four eyes: a second registry operator approves the change (Approvals).
      const r = await submitForApproval(actor, 'account.status', { accountId, ...cmd });
      return { message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    ['/accounts', '/approvals'],
  );
}

const updateSchema = z.object({ organisationId: idSchema, change: z.unknown() });

/** Changes registered information; the service keeps before/after as history. */
export async function updateOrganisationAction(input: unknown) {
  return runAction(
    updateSchema,
    input,
    async (actor, { organisationId, change }, { t }) => {
      const cmd = organisationUpdateSchema.parse(change);
      const r = await updateOrganisation(actor, organisationId, cmd);
      const labels = t.organisation as Record<string, string>;
      return { message: fmt(t.organisation.changed, { fields: r.changed.map((f) => labels[f] ?? f).join(', ') }) };
    },
    ['/accounts'],
  );
}
