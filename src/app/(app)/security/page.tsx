import type { Metadata } from 'next';
import { idleTimeoutMinutes } from '@/config/env';
import { isPrivileged } from '@/domain/identity/signing';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { currentSessionId } from '@/server/identity/session';
import { listMySessions, listMyTokens } from '@/server/identity/sessions';
import { enrolmentRequired } from '@/server/identity/signing';
import { twoFactorStatus } from '@/server/identity/twoFactor';
import { Alert } from '@/ui/Alert';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess } from '@/ui/states';
import { SessionList, TokenList, type SessionItem } from './AccessLists';
import { DisableTwoFactor } from './DisableTwoFactor';
import { TwoFactorSetup } from './TwoFactorSetup';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.security.title };
}

/**
 * Sign-in security: two-factor sign-in (TOTP) for every user — mandatory for regulators and
 * operators in production, who are sent here until they enrol. Set up (QR code, key and URI, then a
 * code), or turn off with a code; what transaction signing asks for; the user's API tokens and
 * browser sessions, with revoke and end.
 */
export default guardedPage('security.twoFactor', async ({ actor, t }) => {
  const status = await twoFactorStatus(actor);
  if (!status.offered) return <NoAccess />;
  const mustEnrol = enrolmentRequired(actor);
  const [{ tokens }, { sessions }] = await Promise.all([listMyTokens(actor), listMySessions(actor, await currentSessionId())]);
  const now = Date.now();
  const tokenItems = tokens.map((tk) => ({
    id: tk.id, createdAt: tk.createdAt.toISOString(), expiresAt: tk.expiresAt.toISOString(), revokedAt: tk.revokedAt?.toISOString() ?? null, expired: tk.expiresAt.getTime() <= now,
  }));
  const sessionItems: SessionItem[] = sessions.map((x) => ({
    id: x.id, createdAt: x.createdAt.toISOString(), lastSeenAt: x.lastSeenAt.toISOString(), endedAt: x.endedAt?.toISOString() ?? null,
    endedReason: x.endedReason as SessionItem['endedReason'], current: x.current,
  }));
  const badge = (
    <Badge tone={status.enabled ? 'green' : 'gray'} testId="two-factor-status">
      {status.enabled ? t.security.enabled : t.security.notEnabled}
    </Badge>
  );
  return (
    <>
      <PageHeader title={t.security.title} subtitle={t.security.subtitle} />
      {mustEnrol ? (
        <Alert kind="warn" testId="two-factor-mandatory">
          <strong>{t.security.mandatoryTitle}</strong> {t.security.mandatoryBody}
        </Alert>
      ) : null}
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
            {isPrivileged(actor.roles) ? (
              <p className="muted" style={{ fontSize: 13 }} data-testid="idle-note">
                {fmt(t.security.idleNote, { minutes: idleTimeoutMinutes() })}
              </p>
            ) : null}
          </div>
          <div className="stack" style={{ gap: 8, marginTop: 16, borderTop: '1px solid var(--border)', paddingTop: 16 }}>
            <h3>{t.security.signingTitle}</h3>
            <p className="muted" style={{ fontSize: 13 }}>
              {t.security.signingBody}
            </p>
          </div>
        </Card>
      </div>
      <div className="grid" style={{ marginTop: 16, gap: 16 }}>
        <Card title={t.security.sessionsTitle} subtitle={t.security.sessionsSubtitle} testId="sessions-card">
          <SessionList sessions={sessionItems} />
        </Card>
        <Card title={t.security.tokensTitle} subtitle={t.security.tokensSubtitle} testId="tokens-card">
          <TokenList tokens={tokenItems} />
        </Card>
      </div>
    </>
  );
});
