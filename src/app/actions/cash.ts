'use server';

import { fmt } from '@/i18n';
import { cashDepositSchema } from '@/schemas/registry';
import { depositCash } from '@/server/registry/movements';
import { cny } from '@/ui/format';
import { runAction } from './run';

/** A deposit confirmed by the settlement bank, into a participant's cash account. */
export async function depositCashAction(input: unknown) {
  return runAction(
    cashDepositSchema,
    input,
    async (actor, cmd, { t, lang }) => {
      const r = await depositCash(actor, cmd);
      return { entryId: r.entryId, message: fmt(t.cash.done, { amount: cny(r.amount, lang), account: String(cmd.accountId), entry: r.entryId }) };
    },
    ['/cash', '/holdings'],
  );
}
