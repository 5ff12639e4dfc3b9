import type { ReactNode } from 'react';
import { can, type Permission } from '@/domain/identity/permissions';
import type { Dictionary, Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import type { Actor } from '@/server/identity/actor';
import { currentActor } from '@/server/identity/session';
import { SignInRedirect } from '@/ui/shell/SignInRedirect';
import { NoAccess } from '@/ui/states';

/** What a signed-in page gets: who is acting, and the user's language and dictionary. */
export interface PageContext {
  actor: Actor;
  lang: Lang;
  t: Dictionary;
}

/**
 * The one prologue of a signed-in page: without a session, off to sign-in (back here after); without
 * the page's permission (the same list the services and the navigation use), the no-access state;
 * else the page renders with its context. Use as
 *
 *   export default guardedPage('holdings.hold', async ({ actor, t, lang }, { searchParams }) => …);
 */
export function guardedPage<Props = object>(permission: Permission, render: (ctx: PageContext, props: Props) => Promise<ReactNode>) {
  return async function GuardedPage(props: Props): Promise<ReactNode> {
    const actor = await currentActor();
    if (!actor) return <SignInRedirect />;
    if (!can(actor.roles, permission)) return <NoAccess />;
    const { t, lang } = await getI18n();
    return render({ actor, t, lang }, props);
  };
}
