import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { currentActor } from '@/server/identity/session';
import { listFreezes, listPledges } from '@/server/registry/queries';
import { StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, asset, dateTime, tonnes } from '@/ui/format';
import { mayOpen } from '@/ui/nav';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess } from '@/ui/states';
import { participantOptions } from '../_lib/participants';
import { EncumbranceForm } from './EncumbranceForm';
import { ReleaseButton } from './ReleaseButton';
import { SignInRedirect } from '@/ui/shell/SignInRedirect';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.encumbrances.title };
}

function AccountCell({ a, zhNames }: { a: { id: number; number: string; name: string } | null; zhNames?: Map<number, string> }) {
  if (!a) return null;
  return (
    <div className="cell-stack" title={a.number}>
      <span>{zhNames?.get(a.id) ?? a.name}</span>
      <span className="sub-line">ID {a.id}</span>
    </div>
  );
}

export default async function EncumbrancesPage() {
  const actor = await currentActor();
  if (!actor) return <SignInRedirect />;
  if (!mayOpen(actor.roles, 'encumbrances')) return <NoAccess />;
  const { t, lang } = await getI18n();
  const [{ items: freezes }, { items: pledges }, accounts] = await Promise.all([listFreezes(actor), listPledges(actor), participantOptions(actor, { withHoldings: true })]);
  const zhNames = lang === 'zh' ? new Map(accounts.map((a) => [a.id, a.nameZh])) : undefined;

  const freezeRows: Row[] = freezes.map((f) => ({
    id: String(f.id),
    testId: `freeze-${f.id}`,
    cells: {
      id: <span className="mono">#{f.id}</span>,
      account: <AccountCell a={f.account} zhNames={zhNames} />,
      asset: <span className="mono">{asset(f.instrument, f.vintage)}</span>,
      quantity: tonnes(f.quantity),
      authority: (
        <div className="cell-stack" style={{ maxWidth: 300 }}>
          <span>{f.authority}</span>
          <span className="sub-line">{f.orderReference}</span>
          <span className="sub-line">{f.reason}</span>
        </div>
      ),
      created: <span className="nowrap">{dateTime(f.createdAt)}</span>,
      status: <StatusBadge status={f.status} label={t.encumbranceStatus[f.status]} />,
      actions: f.status === 'ACTIVE' ? <ReleaseButton kind="freeze" id={f.id} /> : f.releasedAt ? <span className="sub-line">{dateTime(f.releasedAt)}</span> : null,
    },
    sort: { id: f.id, account: f.account?.name, asset: asset(f.instrument, f.vintage), quantity: f.quantity, authority: f.authority, created: f.createdAt.toISOString(), status: f.status },
  }));
  const pledgeRows: Row[] = pledges.map((p) => ({
    id: String(p.id),
    testId: `pledge-${p.id}`,
    cells: {
      id: <span className="mono">#{p.id}</span>,
      account: <AccountCell a={p.account} zhNames={zhNames} />,
      asset: <span className="mono">{asset(p.instrument, p.vintage)}</span>,
      quantity: tonnes(p.quantity),
      pledgee: (
        <div className="cell-stack" style={{ maxWidth: 260 }}>
          <span>{p.pledgee}</span>
          <span className="sub-line">{p.contractReference}</span>
        </div>
      ),
      secured: amount(p.securedAmount),
      created: <span className="nowrap">{dateTime(p.createdAt)}</span>,
      status: <StatusBadge status={p.status} label={t.encumbranceStatus[p.status]} />,
      actions: p.status === 'ACTIVE' ? <ReleaseButton kind="pledge" id={p.id} /> : p.releasedAt ? <span className="sub-line">{dateTime(p.releasedAt)}</span> : null,
    },
    sort: { id: p.id, account: p.account?.name, asset: asset(p.instrument, p.vintage), quantity: p.quantity, pledgee: p.pledgee, secured: Number(p.securedAmount), created: p.createdAt.toISOString(), status: p.status },
  }));

  return (
    <>
      <PageHeader title={t.encumbrances.title} subtitle={t.encumbrances.subtitle} />
      <Card title={t.encumbrances.freezes} flush testId="freezes-card">
        <DataTable
          testId="freezes-table"
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.common.id },
            { id: 'account', header: t.encumbrances.colAccount },
            { id: 'asset', header: t.encumbrances.colAsset },
            { id: 'quantity', header: t.encumbrances.colQuantity, align: 'right' },
            { id: 'authority', header: t.encumbrances.colAuthority },
            { id: 'created', header: t.encumbrances.colCreated },
            { id: 'status', header: t.encumbrances.colStatus },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={freezeRows}
          empty={<EmptyState title={t.encumbrances.emptyFreezes} />}
        />
      </Card>
      <Card title={t.encumbrances.pledges} flush testId="pledges-card">
        <DataTable
          testId="pledges-table"
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.common.id },
            { id: 'account', header: t.encumbrances.colAccount },
            { id: 'asset', header: t.encumbrances.colAsset },
            { id: 'quantity', header: t.encumbrances.colQuantity, align: 'right' },
            { id: 'pledgee', header: t.encumbrances.colPledgee },
            { id: 'secured', header: t.encumbrances.colSecured, align: 'right' },
            { id: 'created', header: t.encumbrances.colCreated },
            { id: 'status', header: t.encumbrances.colStatus },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={pledgeRows}
          empty={<EmptyState title={t.encumbrances.emptyPledges} />}
        />
      </Card>
      <div className="grid grid-2">
        <Card title={t.encumbrances.newFreeze}>
          <EncumbranceForm kind="freeze" accounts={accounts} />
        </Card>
        <Card title={t.encumbrances.newPledge}>
          <EncumbranceForm kind="pledge" accounts={accounts} />
        </Card>
      </div>
    </>
  );
}
