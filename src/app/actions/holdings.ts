'use server';

import { fmt } from '@/i18n';
import { cancellationSchema } from '@/schemas/registry';
import { cancelVoluntarily } from '@/server/registry/movements';
import { tonnes } from '@/ui/format';
import { runAction } from './run';

/** Voluntary cancellation (自愿注销) from the holder's own account. */
export async function cancelUnitsAction(input: unknown) {
  return runAction(
    cancellationSchema,
    input,
    async (actor, cmd, { t }) => {
      const r = await cancelVoluntarily(actor, cmd);
      return {
        entryId: r.entryId,
        message: fmt(t.cancel.success, { n: tonnes(r.quantity), asset: `${r.instrument}-${r.vintage}`, entry: r.entryId }),
      };
    },
    ['/holdings', '/movements'],
  );
}
