'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { freezeSchema, idSchema, pledgeSchema, releaseSchema } from '@/schemas/registry';
import { submitForApproval } from '@/server/registry/approvals';
import { runAction } from './run';

const PATHS = ['/encumbrances', '/accounts', '/holdings', '/movements'];

/** Freeze (冻结) on an order of an authority. */
export async function freezeAction(input: unknown) {
  return runAction(
    freezeSchema,
    input,
    async (actor, cmd, { t }) => {
      // Four eyes: a second registry operator approves the freeze (Approvals).
      const r = await submitForApproval(actor, 'freeze', cmd);
      return { message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
    { signed: true },
  );
}

/** Pledge (质押) to a pledgee securing an amount. */
export async function pledgeAction(input: unknown) {
  return runAction(
    pledgeSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await submitForApproval(actor, 'pledge', cmd);
      return { message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
    { signed: true },
  );
}

const releaseInput = releaseSchema.extend({ id: idSchema, kind: z.enum(['freeze', 'pledge']) });

/** Unfreeze (解冻) or pledge release (解押), with a reason. */
export async function releaseAction(input: unknown) {
  return runAction(
    releaseInput,
    input,
    async (actor, cmd, { t }) => {
      const r = await submitForApproval(actor, cmd.kind === 'freeze' ? 'unfreeze' : 'pledgeRelease', { id: cmd.id, reason: cmd.reason });
      return { message: fmt(t.controls.submitted, { id: r.approvalId }) };
    },
    PATHS,
    { signed: true },
  );
}
