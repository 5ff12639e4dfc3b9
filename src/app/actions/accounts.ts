'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { accountApplicationSchema, accountStatusSchema, idSchema, organisationUpdateSchema } from '@/schemas/registry';
import { applyForAccount, changeAccountStatus, updateOrganisation } from '@/server/registry/accounts';
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
      const r = await changeAccountStatus(actor, accountId, cmd);
      return { message: fmt(t.accounts.actionDone, { id: accountId, status: t.accountStatus[r.status] }) };
    },
    ['/accounts'],
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
