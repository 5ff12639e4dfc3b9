import Link from 'next/link';
import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import type { Actor } from '@/server/identity/actor';
import { shellContext } from '@/server/identity/session';
import { Badge } from '../Badge';
import { orgName } from '../format';
import { mayOpen, navFor } from '../nav';
import { LanguageSwitch } from './LanguageSwitch';
import { NavLinks } from './NavLinks';
import { NotificationBell } from './NotificationBell';
import { SignOutButton } from './SignOutButton';
import { SigningProvider } from '../forms/signing';

/**
 * The signed-in shell: navigation by role on the left, organisation and user on top. Used by the
 * signed-in layout and by the app-wide not-found page (unknown URLs of a signed-in user).
 */
export async function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const { t, lang } = await getI18n();
  const ctx = await shellContext(actor);
  const items = navFor(actor.roles).map(({ key, href }) => ({ key, href }));
  const province = lang === 'zh' ? ctx.organisation.provinceNameZh : ctx.organisation.provinceName;
  const userName = (
    <>
      {actor.name} <span className="faint">· {actor.email}</span>
    </>
  );
  return (
    <div className="shell">
      <aside className="side">
        <div className="side-brand">
          <div className="logo">
            <span className="logo-mark">CEA</span>
            <span>{t.meta.appShort}</span>
          </div>
          <div className="tagline">{t.meta.appTagline}</div>
        </div>
        <NavLinks items={items} />
        <div className="side-foot">{t.common.beijingTime} · UTC+8</div>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="org">
            <span className="org-name" data-testid="shell-org">
              {orgName(ctx.organisation, lang)}
            </span>
            <span className="org-sub">
              {t.orgKinds[actor.organisationKind]}
              {province ? ` · ${province}` : ''}
              {ctx.account ? ` · ${ctx.account.number}` : ''}
            </span>
          </div>
          <div className="spacer" />
          <div className="user">
            {mayOpen(actor.roles, 'security') ? (
              <Link href="/security" className="user-name user-link" title={t.shell.securityLink} data-testid="shell-user">
                {userName}
              </Link>
            ) : (
              <span className="user-name" data-testid="shell-user">
                {userName}
              </span>
            )}
            <span className="user-roles" aria-label={t.shell.roles}>
              {actor.roles.map((r) => (
                <Badge key={r} tone="gray" plain>
                  {t.roles[r]}
                </Badge>
              ))}
            </span>
          </div>
          <NotificationBell actor={actor} t={t} />
          <LanguageSwitch />
          <SignOutButton />
        </header>
        <main className="content">
          <SigningProvider required={actor.twoFactorEnabled}>{children}</SigningProvider>
        </main>
      </div>
    </div>
  );
}
