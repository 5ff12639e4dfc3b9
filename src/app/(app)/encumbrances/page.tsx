import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import type { Dictionary, Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listFreezes, listPledges } from '@/server/registry/queries';
import { StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { apiPathTemplate, csvHref } from '@/server/http/links';
import { DataTable, type Column, type Row, type SortValue } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, asset, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { AccountCell } from '../_lib/AccountCell';
import { EncumbranceForm } from './EncumbranceForm';
import { ReleaseButton } from './ReleaseButton';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.encumbrances.title };
}

type Freeze = Awaited<ReturnType<typeof listFreezes>>['items'][number];
type Pledge = Awaited<ReturnType<typeof listPledges>>['items'][number];
type Kind = 'freeze' | 'pledge';

/**
 * A freeze or pledge table: ID, account, asset, quantity, what is particular to the kind (`extra`),
 * created, status, and the release button while it is active (else when it was released).
 */
function EncumbranceTable<E extends Freeze | Pledge>({
  kind, items, extra, title, empty, t, lang,
}: {
  kind: Kind;
  items: E[];
  extra: { columns: Column[]; cells: (e: E) => Record<string, ReactNode>; sort: (e: E) => Record<string, SortValue> };
  title: string;
  empty: string;
  t: Dictionary;
  lang: Lang;
}) {
  const rows: Row[] = items.map((e) => ({
    id: String(e.id),
    testId: `${kind}-${e.id}`,
    cells: {
      id: <span className="mono">#{e.id}</span>,
      account: <AccountCell a={e.account} lang={lang} />,
      asset: <span className="mono">{asset(e.instrument, e.vintage)}</span>,
      quantity: tonnes(e.quantity),
      ...extra.cells(e),
      created: <span className="nowrap">{dateTime(e.createdAt)}</span>,
      status: <StatusBadge status={e.status} label={t.encumbranceStatus[e.status]} />,
      actions: e.status === 'ACTIVE' ? <ReleaseButton kind={kind} id={e.id} /> : e.releasedAt ? <span className="sub-line">{dateTime(e.releasedAt)}</span> : null,
    },
    sort: { id: e.id, account: e.account?.name, asset: asset(e.instrument, e.vintage), quantity: e.quantity, ...extra.sort(e), created: e.createdAt.toISOString(), status: e.status },
  }));
  return (
    <Card title={title} flush testId={`${kind}s-card`}>
      <DataTable
        testId={`${kind}s-table`}
        csvHref={csvHref(kind === 'freeze' ? 'freezeList' : 'pledgeList', {}, {}, lang)}
        initialSort={{ id: 'id', dir: 'desc' }}
        columns={[
          { id: 'id', header: t.common.id },
          { id: 'account', header: t.encumbrances.colAccount },
          { id: 'asset', header: t.encumbrances.colAsset },
          { id: 'quantity', header: t.encumbrances.colQuantity, align: 'right' },
          ...extra.columns,
          { id: 'created', header: t.encumbrances.colCreated },
          { id: 'status', header: t.encumbrances.colStatus },
          { id: 'actions', header: t.common.actions, sortable: false },
        ]}
        rows={rows}
        empty={<EmptyState title={empty} />}
      />
    </Card>
  );
}

export default guardedPage('encumbrances.manage', async ({ actor, t, lang }) => {
  const [{ items: freezes }, { items: pledges }] = await Promise.all([listFreezes(actor), listPledges(actor)]);
  const common = { t, lang };

  return (
    <>
      <PageHeader title={t.encumbrances.title} subtitle={t.encumbrances.subtitle} />
      <EncumbranceTable
        kind="freeze"
        items={freezes}
        title={t.encumbrances.freezes}
        empty={t.encumbrances.emptyFreezes}
        extra={{
          columns: [{ id: 'authority', header: t.encumbrances.colAuthority }],
          cells: (f) => ({
            authority: (
              <div className="cell-stack" style={{ maxWidth: 300 }}>
                <span>{f.authority}</span>
                <span className="sub-line">{f.orderReference}</span>
                <span className="sub-line">{f.reason}</span>
              </div>
            ),
          }),
          sort: (f) => ({ authority: f.authority }),
        }}
        {...common}
      />
      <EncumbranceTable
        kind="pledge"
        items={pledges}
        title={t.encumbrances.pledges}
        empty={t.encumbrances.emptyPledges}
        extra={{
          columns: [
            { id: 'pledgee', header: t.encumbrances.colPledgee },
            { id: 'secured', header: t.encumbrances.colSecured, align: 'right' },
          ],
          cells: (p) => ({
            pledgee: (
              <div className="cell-stack" style={{ maxWidth: 260 }}>
                <span>{p.pledgee}</span>
                <span className="sub-line">{p.contractReference}</span>
              </div>
            ),
            secured: amount(p.securedAmount),
          }),
          sort: (p) => ({ pledgee: p.pledgee, secured: Number(p.securedAmount) }),
        }}
        {...common}
      />
      <div className="grid grid-2">
        <Card title={t.encumbrances.newFreeze}>
          <EncumbranceForm kind="freeze" searchPath={apiPathTemplate('accountList')} holdingsPath={apiPathTemplate('holdings')} />
        </Card>
        <Card title={t.encumbrances.newPledge}>
          <EncumbranceForm kind="pledge" searchPath={apiPathTemplate('accountList')} holdingsPath={apiPathTemplate('holdings')} />
        </Card>
      </div>
    </>
  );
});
