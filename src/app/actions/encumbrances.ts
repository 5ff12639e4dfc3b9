'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { freezeSchema, idSchema, pledgeSchema, releaseSchema } from '@/schemas/registry';
import { freeze, pledge, releasePledge, unfreeze } from '@/server/registry/movements';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

const PATHS = ['/encumbrances', '/accounts', '/holdings', '/movements'];

/** Freeze (冻结) on an order of an authority. */
export async function freezeAction(input: unknown) {
  return runAction(
    freezeSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await freeze(actor, cmd);
      return { message: fmt(t.encumbrances.frozenDone, { id: r.freezeId, n: tonnes(r.quantity) }) };
    },
    PATHS,
  );
}

/** Pledge (质押) to a pledgee securing an amount. */
export async function pledgeAction(input: unknown) {
  return runAction(
    pledgeSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await pledge(actor, cmd);
      return { message: fmt(t.encumbrances.pledgedDone, { id: r.pledgeId, n: tonnes(r.quantity) }) };
    },
    PATHS,
  );
}

const releaseInput = releaseSchema.extend({ id: idSchema, kind: z.enum(['freeze', 'pledge']) });

/** Unfreeze (解冻) or pledge release (解押), with a reason. */
export async function releaseAction(input: unknown) {
  return runAction(
    releaseInput,
    input,
    async (actor, cmd, { t }) => {
      const r = cmd.kind === 'freeze' ? await unfreeze(actor, cmd.id, cmd.reason) : await releasePledge(actor, cmd.id, cmd.reason);
      return { message: fmt(t.encumbrances.released, { n: tonnes(r.quantity) }) };
    },
    PATHS,
  );
}
