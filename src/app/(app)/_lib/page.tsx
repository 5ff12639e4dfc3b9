import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { can, type Permission } from '@/domain/identity/permissions';
import type { Dictionary, Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import type { Actor } from '@/server/identity/actor';
import { currentActor, signedOutReason } from '@/server/identity/session';
import { enrolmentRequired } from '@/server/identity/signing';
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
 * else the page renders with its context. In production, a regulator or operator without two-factor
 * is sent to enrolment (/security, the page of permission `security.twoFactor`) from every other page.
 * A session ended for inactivity goes to sign-in saying so. Use as
 *
 *   export default guardedPage('holdings.hold', async ({ actor, t, lang }, { searchParams }) => …);
 */
/** The permission of the one page a user who must enrol in two-factor may open: /security. */
const ENROLMENT_PAGE: Permission = 'security.twoFactor';

export function guardedPage<Props = object>(permission: Permission, render: (ctx: PageContext, props: Props) => Promise<ReactNode>) {
  return async function GuardedPage(props: Props): Promise<ReactNode> {
    const actor = await currentActor();
    if (!actor) return <SignInRedirect reason={await signedOutReason()} />;
    if (permission !== ENROLMENT_PAGE && enrolmentRequired(actor)) redirect('/security');
    if (!can(actor.roles, permission)) return <NoAccess />;
    const { t, lang } = await getI18n();
    return render({ actor, t, lang }, props);
  };
}
