import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { currentActor } from '@/server/identity/session';
import { getMarketSettings } from '@/server/trading/surveillance';
import { Card } from '@/ui/Card';
import { mayOpen } from '@/ui/nav';
import { PageHeader } from '@/ui/PageHeader';
import { SignInRedirect } from '@/ui/shell/SignInRedirect';
import { NoAccess } from '@/ui/states';
import { SettingsForm } from './SettingsForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.settings.title };
}

/** Trading settings: fees and risk reserve, position limits per participant class, monitoring thresholds. */
export default async function SettingsPage() {
  const actor = await currentActor();
  if (!actor) return <SignInRedirect />;
  if (!mayOpen(actor.roles, 'marketSettings')) return <NoAccess />;
  const { t } = await getI18n();
  const settings = await getMarketSettings(actor);
  return (
    <>
      <PageHeader title={t.settings.title} subtitle={t.settings.subtitle} />
      <Card title={t.settings.cardTitle} subtitle={t.settings.cardSubtitle} className="form-card" testId="settings-card">
        <SettingsForm settings={settings} />
      </Card>
    </>
  );
}
