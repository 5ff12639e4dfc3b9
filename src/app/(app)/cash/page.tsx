import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, orgName } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { cashOfAccounts } from '@/server/registry/queries';
import { participantOptions } from '../_lib/participants';
import { DepositForm } from './DepositForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.cash.title };
}

export default guardedPage('cash.deposit', async ({ actor, t, lang }) => {
  const accounts = await participantOptions(actor);
  const cashOf = await cashOfAccounts(actor, accounts.map((a) => a.id));
  const withCash = accounts.map((a) => ({ ...a, cash: cashOf.get(a.id) ?? null }));
  const funded = withCash.filter((a) => a.cash !== null);
  const rows: Row[] = funded.map((a) => ({
    id: String(a.id),
    testId: `cash-${a.id}`,
    cells: {
      name: (
        <div className="cell-stack">
          <span>{orgName(a, lang)}</span>
          <span className="sub-line mono" title={a.number}>
            ID {a.id} · {a.cash!.number}
          </span>
        </div>
      ),
      available: <span data-testid={`cash-available-${a.id}`}>{amount(a.cash!.available)}</span>,
      locked: amount(a.cash!.locked),
      total: <strong>{amount(a.cash!.total)}</strong>,
    },
    sort: { name: orgName(a, lang), available: Number(a.cash!.available), locked: Number(a.cash!.locked), total: Number(a.cash!.total) },
  }));
  return (
    <>
      <PageHeader title={t.cash.title} subtitle={t.cash.subtitle} />
      <div className="grid grid-main-side">
        <Card title={t.cash.balances} flush>
          <DataTable
            testId="cash-table"
            initialSort={{ id: 'name', dir: 'asc' }}
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
          <DepositForm accounts={funded.filter((a) => a.status === 'ACTIVE').map(({ id, number, name, nameZh }) => ({ id, number, name, nameZh }))} />
        </Card>
      </div>
    </>
  );
});
