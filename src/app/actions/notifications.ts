'use server';

import { z } from 'zod';
import { fmt } from '@/i18n';
import { idSchema } from '@/schemas/registry';
import { preferencesCommandSchema } from '@/schemas/notifications';
import { markRead, setMyPreferences } from '@/server/notifications/inbox';
import { runAction } from './run';

/** The bell lives in the shell of every page: revalidate them all. */
const PATHS = ['/'];

/** Marks every notification of the user as read. */
export async function markAllReadAction() {
  return runAction(
    z.object({}),
    {},
    async (actor, _cmd, { t }) => {
      const { marked } = await markRead(actor, { all: true });
      return { message: fmt(t.notifications.markedAll, { n: marked }) };
    },
    PATHS,
  );
}

/** Marks one notification of the user as read (another user's id changes nothing). */
export async function markReadAction(input: unknown) {
  return runAction(
    z.object({ id: idSchema }),
    input,
    async (actor, { id }, { t }) => {
      await markRead(actor, { ids: [id] });
      return { message: t.notifications.marked };
    },
    PATHS,
  );
}

/** Saves the user's preferences per kind (in the app, by email). */
export async function savePreferencesAction(input: unknown) {
  return runAction(
    preferencesCommandSchema,
    input,
    async (actor, cmd, { t }) => {
      await setMyPreferences(actor, cmd);
      return { message: t.notifications.prefsSaved };
    },
    ['/notifications'],
  );
}
