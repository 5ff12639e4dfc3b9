import type { Metadata } from 'next';
import Link from 'next/link';
import { ACCOUNT_STATUSES, type AccountStatus } from '@/domain/registry/accountLifecycle';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listAccounts, listProvinces } from '@/server/registry/queries';
import { StatusBadge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { dateOnly, dateTime, orgName } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { AccountActions } from '../AccountActions';
import { guardedPage } from '../../_lib/page';

/** Default order: what needs attention first. */
const STATUS_RANK: Record<AccountStatus, number> = { PENDING: 0, CLOSURE_PENDING: 1, SUSPENDED: 2, RESTRICTED: 3, SOME_RESTRICTED: 4, ACTIVE: 5, CLOSED: 6 };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.accounts.title };
}

export default guardedPage('accounts.manage', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const sp = await searchParams;
  const status = (ACCOUNT_STATUSES as readonly string[]).includes(String(sp.status)) ? (sp.status as AccountStatus) : undefined;

  const [{ items: all }, provinces] = await Promise.all([listAccounts(actor), listProvinces()]);
  const provinceName = (code: string | null | undefined) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : (code ?? null);
  };
  const count = (s: AccountStatus) => all.filter((a) => a.status === s).length;
  const filtered = status ? all.filter((a) => a.status === status) : all;
  type Account = (typeof all)[number];
  const sortValues = (a: Account): Record<string, SortValue> => {
    const org = a.organisation;
    return {
      number: a.number, name: org ? orgName(org, lang) : a.name, kind: org ? t.orgKinds[org.kind] : '',
      province: provinceName(org?.provinceCode), status: STATUS_RANK[a.status], opened: a.openedAt.toISOString(), last: a.lastStatusChange?.at.toISOString(),
    };
  };
  // Every account of the nation: sorted and paged here, one page sent.
  const request = tablePageRequest(sp, { sortable: ['number', 'name', 'kind', 'province', 'status', 'opened', 'last'], initialSort: status ? undefined : { id: 'status', dir: 'asc' } });
  const shown = sortedPage(filtered, (a, id) => sortValues(a)[id], request);

  const rows: Row[] = shown.items.map((a) => {
    const org = a.organisation;
    const last = a.lastStatusChange;
    return {
      id: String(a.id),
      testId: `account-row-${a.id}`,
      cells: {
        number: (
          <div className="cell-stack">
            <Link href={`/accounts/${a.id}`} className="mono nowrap">
              {a.number}
            </Link>
            <span className="sub-line">ID {a.id}</span>
          </div>
        ),
        name: org ? (
          <div className="cell-stack">
            <Link href={`/accounts/${a.id}`}>{orgName(org, lang)}</Link>
            <span className="sub-line">{lang === 'zh' ? org.name : org.nameZh}</span>
          </div>
        ) : (
          a.name
        ),
        kind: org ? t.orgKinds[org.kind] : null,
        province: provinceName(org?.provinceCode),
        status: <StatusBadge status={a.status} label={t.accountStatus[a.status]} testId={`account-status-${a.id}`} />,
        opened: <span className="nowrap">{dateOnly(a.openedAt)}</span>,
        last: last ? (
          <div className="cell-stack" style={{ maxWidth: 260 }}>
            <span>{last.reason}</span>
            <span className="sub-line">{dateTime(last.at)}</span>
          </div>
        ) : null,
        actions: <AccountActions accountId={a.id} number={a.number} status={a.status} />,
      },
      sort: sortValues(a),
    };
  });

  const tab = (s: AccountStatus | undefined, label: string, n: number) => (
    <Link key={s ?? 'all'} href={s ? `/accounts?status=${s}` : '/accounts'} className={status === s ? 'on' : undefined} data-testid={`status-tab-${s ?? 'ALL'}`}>
      {label} <span className="faint">{n}</span>
    </Link>
  );

  return (
    <>
      <PageHeader
        title={t.accounts.title}
        subtitle={t.accounts.subtitle}
        actions={
          <Link className="btn primary" href="/accounts/new" data-testid="new-application">
            + {t.accounts.newApplication}
          </Link>
        }
      />
      <div className="grid grid-4 mb">
        {ACCOUNT_STATUSES.map((s) => (
          <Kpi key={s} label={t.accountStatus[s]} value={count(s)} hint={s === 'PENDING' && count(s) > 0 ? t.accounts.applications : undefined} />
        ))}
      </div>
      <Card
        flush
        title={t.accounts.title}
        actions={
          <div className="seg" role="group" aria-label={t.accounts.filterStatus}>
            {tab(undefined, t.common.all, all.length)}
            {ACCOUNT_STATUSES.map((s) => tab(s, t.accountStatus[s], count(s)))}
          </div>
        }
      >
        <DataTable
          testId="accounts-table"
          csvHref={csvHref('accountList', {}, { status }, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/accounts', params: status ? { status } : {} }}
          columns={[
            { id: 'number', header: t.accounts.colNumber },
            { id: 'name', header: t.accounts.colName },
            { id: 'kind', header: t.accounts.colKind },
            { id: 'province', header: t.accounts.colProvince },
            { id: 'status', header: t.accounts.colStatus },
            { id: 'opened', header: t.accounts.colOpened },
            { id: 'last', header: t.accounts.colLastChange },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={rows}
          empty={<EmptyState title={status ? fmt(t.accounts.emptyFiltered, { status: t.accountStatus[status] }) : t.accounts.empty} />}
        />
      </Card>
    </>
  );
});
