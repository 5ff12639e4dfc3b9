import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import { userNames } from '@/server/identity/session';
import { DomainError } from '@/server/errors';
import { getAccountDetail, getHoldings, listProvinces } from '@/server/registry/queries';
import { StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime, orgName } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { Person } from '@/ui/Person';
import { NoAccess } from '@/ui/states';
import { holdingColumns, holdingRow } from '../../_lib/balances';
import { AccountActions } from '../AccountActions';
import { OrganisationForm } from './OrganisationForm';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.organisation.title };
}

function JsonFields({ value, labels }: { value: unknown; labels: Record<string, string> }) {
  if (!value || typeof value !== 'object') return null;
  return (
    <div className="cell-stack">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <span key={k}>
          <span className="faint">{labels[k] ?? k}:</span> {v === null || v === '' ? '—' : String(v)}
        </span>
      ))}
    </div>
  );
}

export default guardedPage('accounts.manage', async ({ actor, t, lang }, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const accountId = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  let account: Awaited<ReturnType<typeof getAccountDetail>> | null = null;
  if (Number.isFinite(accountId)) {
    try {
      account = await getAccountDetail(actor, accountId);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'FORBIDDEN') return <NoAccess />;
      if (!(e instanceof DomainError && e.kind === 'NOT_FOUND')) throw e;
    }
  }
  if (!account || !account.organisation) notFound();
  const org = account.organisation;
  const [holdings, provinces] = await Promise.all([getHoldings(actor, account.id), listProvinces()]);
  const province = provinces.find((p) => p.code === org.provinceCode);
  const names = await userNames([...account.statusChanges.map((c) => c.actorUserId), ...org.changes.map((c) => c.actorUserId)]);
  const labels: Record<string, string> = {
    name: t.organisation.name, nameZh: t.organisation.nameZh, industry: t.organisation.industry,
    groupName: t.organisation.groupName, address: t.organisation.address, legalRep: t.organisation.legalRep,
  };
  const facts: [string, ReactNode][] = [
    [t.organisation.name, org.name],
    [t.organisation.nameZh, org.nameZh],
    [t.organisation.creditCode, <span key="cc" className="mono">{org.creditCode}</span>],
    [t.organisation.kind, t.orgKinds[org.kind]],
    [t.organisation.province, province ? (lang === 'zh' ? province.nameZh : province.name) : (org.provinceCode ?? '—')],
    [t.organisation.industry, org.industry ? (t.industries[org.industry as keyof typeof t.industries] ?? org.industry) : '—'],
    [t.organisation.groupName, org.groupName ?? '—'],
    [t.organisation.legalRep, org.legalRep ?? '—'],
    [t.organisation.address, org.address ?? '—'],
  ];

  const statusRows: Row[] = account.statusChanges.map((c) => ({
    id: String(c.id),
    cells: {
      at: <span className="nowrap">{dateTime(c.at)}</span>,
      change: (
        <span className="nowrap">
          {t.accountStatus[c.fromStatus]} → <strong>{t.accountStatus[c.toStatus]}</strong>
        </span>
      ),
      reason: c.reason,
      by: <Person p={c.actorUserId ? names.get(c.actorUserId) : undefined} lang={lang} />,
    },
    sort: { at: c.at.toISOString() },
  }));
  const changeRows: Row[] = org.changes.map((c) => ({
    id: String(c.id),
    cells: {
      at: <span className="nowrap">{dateTime(c.at)}</span>,
      before: <JsonFields value={c.before} labels={labels} />,
      after: <JsonFields value={c.after} labels={labels} />,
      reason: c.reason,
      by: <Person p={c.actorUserId ? names.get(c.actorUserId) : undefined} lang={lang} />,
    },
    sort: { at: c.at.toISOString() },
  }));

  return (
    <>
      <PageHeader
        title={orgName(org, lang)}
        subtitle={
          <>
            <span className="mono">{account.number}</span> · ID {account.id} · {lang === 'zh' ? org.name : org.nameZh}
          </>
        }
        actions={
          <>
            <StatusBadge status={account.status} label={t.accountStatus[account.status]} testId="detail-status" />
            <AccountActions accountId={account.id} number={account.number} status={account.status} />
            <Link className="btn sm" href={`/movements?account=${account.id}`}>
              {t.organisation.movementsLink}
            </Link>
            <Link className="btn sm ghost" href="/accounts">
              ‹ {t.organisation.back}
            </Link>
          </>
        }
      />
      <div className="grid grid-2 mb">
        <Card title={t.organisation.registered}>
          <dl className="facts">
            {facts.map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={t.organisation.changeTitle} subtitle={t.organisation.changeSubtitle}>
          <OrganisationForm
            organisationId={org.id}
            current={{ name: org.name, nameZh: org.nameZh, industry: org.industry ?? '', groupName: org.groupName ?? '', address: org.address ?? '', legalRep: org.legalRep ?? '' }}
          />
        </Card>
      </div>
      <Card title={t.organisation.holdings} subtitle={t.holdings.unitNote} flush>
        <DataTable
          testId="account-holdings-table"
          csvHref={csvHref('holdings', { id: account.id }, {}, lang)}
          columns={holdingColumns(t)}
          rows={holdings.items.map((h) => holdingRow(h))}
          empty={<EmptyState title={t.holdings.empty} />}
        />
      </Card>
      <div className="grid grid-2">
        <Card title={t.organisation.statusHistory} flush>
          <DataTable
            csvName={`account-${account.number}-status-history`}
            initialSort={{ id: 'at', dir: 'desc' }}
            columns={[
              { id: 'at', header: t.organisation.colAt },
              { id: 'change', header: t.organisation.colFromTo, sortable: false },
              { id: 'reason', header: t.organisation.colReason },
              { id: 'by', header: t.common.by },
            ]}
            rows={statusRows}
            empty={<EmptyState title={t.organisation.changesEmpty} />}
          />
        </Card>
        <Card title={t.organisation.changes} flush testId="org-changes">
          <DataTable
            csvName={`account-${account.number}-organisation-changes`}
            initialSort={{ id: 'at', dir: 'desc' }}
            columns={[
              { id: 'at', header: t.organisation.colAt },
              { id: 'before', header: t.organisation.colBefore, sortable: false },
              { id: 'after', header: t.organisation.colAfter, sortable: false },
              { id: 'reason', header: t.organisation.colReason },
              { id: 'by', header: t.common.by },
            ]}
            rows={changeRows}
            empty={<EmptyState title={t.organisation.changesEmpty} />}
          />
        </Card>
      </div>
    </>
  );
});
