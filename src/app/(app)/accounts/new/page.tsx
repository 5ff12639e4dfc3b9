import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '@/i18n/server';
import { listProvinces } from '@/server/registry/queries';
import { Card } from '@/ui/Card';
import { PageHeader } from '@/ui/PageHeader';
import { ApplicationForm } from './ApplicationForm';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.application.title };
}

export default guardedPage('accounts.manage', async ({ t }) => {
  const provinces = await listProvinces();
  return (
    <>
      <PageHeader
        title={t.application.title}
        subtitle={t.application.subtitle}
        actions={
          <Link className="btn" href="/accounts">
            ‹ {t.organisation.back}
          </Link>
        }
      />
      <div style={{ maxWidth: 860 }}>
        <Card>
          <ApplicationForm provinces={provinces.map((p) => ({ code: p.code, name: p.name, nameZh: p.nameZh }))} />
        </Card>
      </div>
    </>
  );
});
