import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { Role } from '@/generated/prisma/enums';
import { DEMO_LOGINS } from '@/db/seed';
import { serverEnv } from '@/config/env';
import { getI18n } from '@/i18n/server';
import { currentActor } from '@/server/identity/session';
import { safeCallbackPath } from '@/ui/callback';
import { homeFor } from '@/ui/nav';
import { LanguageSwitch } from '@/ui/shell/LanguageSwitch';
import { LoginForm } from './LoginForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.login.title };
}

/** Demo logins are listed unless the app runs with APP_MODE=production (src/config/env.ts; default demo). */
const showDemo = () => serverEnv().APP_MODE !== 'production';

const DEMO_SHOWN: { email: string; role: Role; province?: 'GD' | 'HB' }[] = [
  { email: 'gd.power@demo.cn', role: 'COMPLIANCE_OFFICER', province: 'GD' },
  { email: 'investor@demo.cn', role: 'INVESTOR', province: 'GD' },
  { email: 'registry@demo.cn', role: 'REGISTRY_OPERATOR' },
  { email: 'registry2@demo.cn', role: 'REGISTRY_OPERATOR' },
  { email: 'gd.regulator@demo.cn', role: 'PROVINCIAL_REGULATOR', province: 'GD' },
  { email: 'mee@demo.cn', role: 'NATIONAL_REGULATOR' },
  { email: 'exchange@demo.cn', role: 'EXCHANGE_OPERATOR' },
];

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const actor = await currentActor();
  if (actor) redirect(safeCallbackPath(sp.callbackUrl) ?? homeFor(actor.roles));
  const { t } = await getI18n();
  const error = typeof sp.error === 'string' ? sp.error : undefined;
  const demo = showDemo()
    ? DEMO_SHOWN.flatMap((s) => {
        const d = DEMO_LOGINS.find((x) => x.email === s.email);
        return d ? [{ email: d.email, password: d.password, role: `${t.roles[s.role]}${s.province ? ` · ${t.login.provinces[s.province]}` : ''}` }] : [];
      })
    : [];
  return (
    <div className="login-page">
      <div className="login-hero">
        <div className="logo" style={{ display: 'flex', gap: 10, alignItems: 'center', color: '#fff', fontWeight: 650 }}>
          <span className="logo-mark" style={{ width: 32, height: 32, borderRadius: 8, background: 'linear-gradient(135deg,#2fbf85,#0f6b4f)', display: 'grid', placeItems: 'center', fontSize: 12 }}>
            CEA
          </span>
          {t.meta.appShort}
        </div>
        <div>
          <h1>{t.meta.appName}</h1>
          <p>{t.meta.appTagline}</p>
        </div>
        <p style={{ fontSize: 12 }}>{t.common.beijingTime} · UTC+8</p>
      </div>
      <div className="login-panel" style={{ position: 'relative' }}>
        <div className="login-top">
          <LanguageSwitch />
        </div>
        <LoginForm initialError={error} callbackUrl={safeCallbackPath(sp.callbackUrl)} demo={demo} />
      </div>
    </div>
  );
}
