import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { getMarketSettings } from '@/server/trading/surveillance';
import { Card } from '@/ui/Card';
import { PageHeader } from '@/ui/PageHeader';
import { SettingsForm } from './SettingsForm';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.settings.title };
}

/** Trading settings: fees and risk reserve, position limits per participant class, monitoring thresholds. */
export default guardedPage('market.operate', async ({ actor, t }) => {
  const settings = await getMarketSettings(actor);
  return (
    <>
      <PageHeader title={t.settings.title} subtitle={t.settings.subtitle} />
      <Card title={t.settings.cardTitle} subtitle={t.settings.cardSubtitle} className="form-card" testId="settings-card">
        <SettingsForm settings={settings} />
      </Card>
    </>
  );
});
