import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { twoFactorStatus } from '@/server/identity/twoFactor';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess } from '@/ui/states';
import { DisableTwoFactor } from './DisableTwoFactor';
import { TwoFactorSetup } from './TwoFactorSetup';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.security.title };
}

/**
 * Sign-in security: two-factor sign-in (TOTP) for regulators and operators, the users to whom
 * the identity service offers it. Set up (key + URI, then a code), or turn off with a code.
 */
export default guardedPage('security.twoFactor', async ({ actor, t }) => {
  const status = await twoFactorStatus(actor);
  if (!status.offered) return <NoAccess />;
  const badge = (
    <Badge tone={status.enabled ? 'green' : 'gray'} testId="two-factor-status">
      {status.enabled ? t.security.enabled : t.security.notEnabled}
    </Badge>
  );
  return (
    <>
      <PageHeader title={t.security.title} subtitle={t.security.subtitle} />
      <div className="grid grid-main-side">
        <Card title={t.security.cardTitle} subtitle={t.security.cardSubtitle} actions={badge} testId="two-factor-card">
          {status.enabled ? (
            <div className="stack" style={{ gap: 16 }}>
              <p>{t.security.enabledBody}</p>
              <div className="stack" style={{ gap: 8, borderTop: '1px solid var(--border)', paddingTop: 16 }}>
                <h3>{t.security.disableTitle}</h3>
                <p className="muted">{t.security.disableBody}</p>
              </div>
              <DisableTwoFactor />
            </div>
          ) : (
            <div className="stack" style={{ gap: 16 }}>
              <p>{t.security.notEnabledBody}</p>
              <TwoFactorSetup />
            </div>
          )}
        </Card>
        <Card title={t.security.aboutTitle}>
          <dl className="facts">
            <dt>{t.security.email}</dt>
            <dd className="mono">{actor.email}</dd>
            <dt>{t.security.password}</dt>
            <dd>{t.security.passwordValue}</dd>
            <dt>{t.security.twoFactor}</dt>
            <dd>{status.enabled ? t.security.enabled : t.security.notEnabled}</dd>
          </dl>
          <div className="stack" style={{ gap: 8, marginTop: 16 }}>
            <p className="muted" style={{ fontSize: 13 }}>
              {t.security.clockNote}
            </p>
            <p className="muted" style={{ fontSize: 13 }}>
              {t.security.lostDevice}
            </p>
          </div>
        </Card>
      </div>
    </>
  );
});
