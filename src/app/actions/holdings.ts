'use server';

import { fmt } from '@/i18n';
import { cancellationSchema, ccerProjectSchema } from '@/schemas/registry';
import { registerCcerProject } from '@/server/registry/ccerProjects';
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
    { signed: true },
  );
}

/** Registration of a CCER project (核证自愿减排项目) by the registry operator. */
export async function registerCcerProjectAction(input: unknown) {
  return runAction(
    ccerProjectSchema,
    input,
    async (actor, cmd, { t }) => {
      const project = await registerCcerProject(actor, cmd);
      return { code: project.code, message: fmt(t.ccerProjects.registered, { code: project.code }) };
    },
    ['/ccer-projects'],
  );
}
