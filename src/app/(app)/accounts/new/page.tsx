import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '@/i18n/server';
import { currentActor } from '@/server/identity/session';
import { listProvinces } from '@/server/registry/queries';
import { Card } from '@/ui/Card';
import { mayOpen } from '@/ui/nav';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess } from '@/ui/states';
import { ApplicationForm } from './ApplicationForm';
import { SignInRedirect } from '@/ui/shell/SignInRedirect';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.application.title };
}

export default async function NewApplicationPage() {
  const actor = await currentActor();
  if (!actor) return <SignInRedirect />;
  if (!mayOpen(actor.roles, 'accounts')) return <NoAccess />;
  const { t } = await getI18n();
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
}
