import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { amount, orgName } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { apiPathTemplate, csvHref } from '@/server/http/links';
import { listCashBalances } from '@/server/registry/queries';
import { DepositForm } from './DepositForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.cash.title };
}

export default guardedPage('cash.deposit', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const { items: balances } = await listCashBalances(actor);
  // Closed accounts keep their cash account; the list shows the open ones.
  const funded = balances.filter((b) => b.accountStatus !== 'CLOSED').map((b) => ({ id: b.accountId, number: b.accountNumber, name: b.name, nameZh: b.nameZh, status: b.accountStatus, cash: b }));
  const sortValues = (a: (typeof funded)[number]): Record<string, SortValue> => ({
    name: orgName(a, lang), available: Number(a.cash.available), locked: Number(a.cash.locked), total: Number(a.cash.total),
  });
  // Every member's cash account: sorted and paged here, one page sent.
  const request = tablePageRequest(await searchParams, { sortable: ['name', 'available', 'locked', 'total'], initialSort: { id: 'name', dir: 'asc' } });
  const shown = sortedPage(funded, (a, id) => sortValues(a)[id], request);
  const rows: Row[] = shown.items.map((a) => ({
    id: String(a.id),
    testId: `cash-${a.id}`,
    cells: {
      name: (
        <div className="cell-stack">
          <span>{orgName(a, lang)}</span>
          <span className="sub-line mono" title={a.number}>
            ID {a.id} · {a.cash.number}
          </span>
        </div>
      ),
      available: <span data-testid={`cash-available-${a.id}`}>{amount(a.cash.available)}</span>,
      locked: amount(a.cash.locked),
      total: <strong>{amount(a.cash.total)}</strong>,
    },
    sort: sortValues(a),
  }));
  return (
    <>
      <PageHeader title={t.cash.title} subtitle={t.cash.subtitle} />
      <div className="grid grid-main-side">
        <Card title={t.cash.balances} flush>
          <DataTable
            testId="cash-table"
            csvHref={csvHref('cashBalances', {}, {}, lang)}
            server={{ ...request, total: shown.total, page: shown.page, basePath: '/cash', params: {} }}
            columns={[
              { id: 'name', header: t.cash.colName },
              { id: 'available', header: t.cash.colAvailable, align: 'right' },
              { id: 'locked', header: t.cash.colLocked, align: 'right' },
              { id: 'total', header: t.cash.colTotal, align: 'right' },
            ]}
            rows={rows}
            empty={<EmptyState title={t.cash.empty} />}
          />
        </Card>
        <Card title={t.cash.formTitle}>
          <DepositForm searchPath={apiPathTemplate('accountList')} />
        </Card>
      </div>
    </>
  );
});
