import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import { requireActor, shellContext } from '@/server/identity/session';
import { Badge } from '@/ui/Badge';
import { orgName } from '@/ui/format';
import { navFor } from '@/ui/nav';
import { LanguageSwitch } from '@/ui/shell/LanguageSwitch';
import { NavLinks } from '@/ui/shell/NavLinks';
import { SignOutButton } from '@/ui/shell/SignOutButton';

/** The signed-in shell: navigation by role on the left, organisation and user on top. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const { t, lang } = await getI18n();
  const ctx = await shellContext(actor);
  const items = navFor(actor.roles).map(({ key, href }) => ({ key, href }));
  const province = lang === 'zh' ? ctx.organisation.provinceNameZh : ctx.organisation.provinceName;
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
            <span className="user-name" data-testid="shell-user">
              {actor.name} <span className="faint">· {actor.email}</span>
            </span>
            <span className="user-roles" aria-label={t.shell.roles}>
              {actor.roles.map((r) => (
                <Badge key={r} tone="gray" plain>
                  {t.roles[r]}
                </Badge>
              ))}
            </span>
          </div>
          <LanguageSwitch />
          <SignOutButton />
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
