import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getI18n } from '@/i18n/server';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { can } from '@/domain/identity/permissions';
import type { Actor } from '@/server/identity/actor';
import { shellContext, userNames } from '@/server/identity/session';
import { getHoldings, listNonTradeTransfers } from '@/server/registry/queries';
import { Badge, StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { apiPathTemplate, csvHref } from '@/server/http/links';
import { DataTable, type Column, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { asset, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { personLabel } from '@/ui/Person';
import { NoAccount } from '@/ui/states';
import { AccountCell } from '../_lib/AccountCell';
import { holdingOptions } from '../_lib/participants';
import { CancelTransferButton } from './CancelTransferButton';
import { DecisionButtons } from './DecisionButtons';
import { TransferForm } from './TransferForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.transfers.title };
}

type Transfer = Awaited<ReturnType<typeof listNonTradeTransfers>>['items'][number];

function baseCells(r: Transfer, t: Dictionary): Record<string, ReactNode> {
  return {
    id: <span className="mono">#{r.id}</span>,
    asset: <span className="mono">{asset(r.instrument, r.vintage)}</span>,
    quantity: tonnes(r.quantity),
    kind: t.transferKinds[r.kind],
    reason: (
      <div className="cell-stack" style={{ maxWidth: 300 }}>
        <span>{r.reason}</span>
        <span className="sub-line">{r.documentsRef}</span>
      </div>
    ),
    status: <StatusBadge status={r.status} label={t.requestStatus[r.status]} testId={`transfer-status-${r.id}`} />,
    requested: <span className="nowrap">{dateTime(r.createdAt)}</span>,
    decision: r.decidedAt ? (
      <div className="cell-stack" style={{ maxWidth: 260 }}>
        <span>{r.decisionNote}</span>
        <span className="sub-line">{dateTime(r.decidedAt)}</span>
      </div>
    ) : null,
  };
}

/** A delayed transfer: when it moves, and the cancel button (either side, or the operator). */
function delayed(r: Transfer, t: Dictionary): ReactNode {
  if (r.status !== 'DELAYED' || !r.executesAt) return null;
  return (
    <div className="cell-stack" style={{ maxWidth: 260 }}>
      <span className="sub-line" data-testid={`transfer-delay-${r.id}`}>{fmt(t.controls.delayedUntil, { at: dateTime(r.executesAt) })}</span>
      <CancelTransferButton requestId={r.id} />
    </div>
  );
}

const baseSort = (r: Transfer) => ({ id: r.id, asset: asset(r.instrument, r.vintage), quantity: r.quantity, requested: r.createdAt.toISOString(), status: r.status });

function columns(t: Dictionary, extra: Column[]): Column[] {
  return [
    { id: 'id', header: t.transfers.colId },
    ...extra,
    { id: 'asset', header: t.transfers.colAsset },
    { id: 'quantity', header: t.transfers.colQuantity, align: 'right' },
    { id: 'kind', header: t.transfers.colKind },
    { id: 'reason', header: `${t.transfers.colReason} / ${t.transfers.colDocs}`, sortable: false },
    { id: 'requested', header: t.transfers.colRequested },
    { id: 'status', header: t.transfers.colStatus },
  ];
}

export default guardedPage('transfers.request', async ({ actor, t, lang }) => {
  return can(actor.roles, 'transfers.decide') ? <OperatorView actor={actor} t={t} lang={lang} /> : <HolderView actor={actor} t={t} lang={lang} />;
});

async function HolderView({ actor, t, lang }: { actor: Actor; t: Dictionary; lang: Lang }) {
  const { account } = await shellContext(actor);
  if (!account) return <NoAccount />;
  const [{ items: transfers }, holdings] = await Promise.all([listNonTradeTransfers(actor), getHoldings(actor, account.id)]);
  const rows: Row[] = transfers.map((r) => {
    const outgoing = r.fromAccountId === account.id;
    return {
      id: String(r.id),
      testId: `transfer-${r.id}`,
      cells: {
        ...baseCells(r, t),
        direction: <Badge tone={outgoing ? 'amber' : 'green'} plain>{outgoing ? t.transfers.outgoing : t.transfers.incoming}</Badge>,
        counterparty: <AccountCell a={outgoing ? r.to : r.from} lang={lang} />,
        decision: delayed(r, t) ?? baseCells(r, t).decision,
      },
      sort: { ...baseSort(r), direction: outgoing ? 0 : 1 },
    };
  });
  return (
    <>
      <PageHeader title={t.transfers.title} subtitle={t.transfers.subtitleHolder} />
      <div className="stack">
        <Card title={t.transfers.mine} flush testId="my-transfers">
          <DataTable
            testId="transfers-table"
            csvHref={csvHref('transferList', {}, {}, lang)}
            initialSort={{ id: 'id', dir: 'desc' }}
            columns={[
              ...columns(t, [
                { id: 'direction', header: t.transfers.colDirection },
                { id: 'counterparty', header: `${t.transfers.colFrom} / ${t.transfers.colTo}`, sortable: false },
              ]),
              { id: 'decision', header: t.transfers.colDecision, sortable: false },
            ]}
            rows={rows}
            empty={<EmptyState title={t.transfers.emptyMine} hint={t.transfers.emptyMineHint} />}
          />
        </Card>
        <Card title={t.transfers.newTitle} subtitle={t.transfers.newSubtitle} className="form-card">
          <TransferForm ownHoldings={holdingOptions(holdings.items)} />
        </Card>
      </div>
    </>
  );
}

async function OperatorView({ actor, t, lang }: { actor: Actor; t: Dictionary; lang: Lang }) {
  const { items: transfers } = await listNonTradeTransfers(actor);
  const names = await userNames(transfers.flatMap((r) => [r.requestedById, r.decidedById]));
  const pending = transfers.filter((r) => r.status === 'PENDING');
  const decided = transfers.filter((r) => r.status !== 'PENDING');
  const fromTo: Column[] = [
    { id: 'from', header: t.transfers.colFrom, sortable: false },
    { id: 'to', header: t.transfers.colTo, sortable: false },
  ];
  const row = (r: Transfer, withActions: boolean): Row => ({
    id: String(r.id),
    testId: `transfer-${r.id}`,
    cells: {
      ...baseCells(r, t),
      from: <AccountCell a={r.from} lang={lang} />,
      to: <AccountCell a={r.to} lang={lang} />,
      requested: (
        <div className="cell-stack">
          <span className="nowrap">{dateTime(r.createdAt)}</span>
          <span className="sub-line">{personLabel(names.get(r.requestedById), lang)}</span>
        </div>
      ),
      decision: r.decidedAt ? (
        <div className="cell-stack" style={{ maxWidth: 260 }}>
          <span>{r.decisionNote}</span>
          <span className="sub-line">
            {dateTime(r.decidedAt)} · {r.decidedById ? personLabel(names.get(r.decidedById), lang) : ''}
          </span>
          {delayed(r, t)}
        </div>
      ) : null,
      actions: withActions ? (
        r.requestedById === actor.userId ? (
          <span className="sub-line">{t.transfers.filedByYou}</span>
        ) : (
          <DecisionButtons requestId={r.id} />
        )
      ) : null,
    },
    sort: baseSort(r),
  });
  return (
    <>
      <PageHeader title={t.transfers.title} subtitle={t.transfers.subtitleOperator} />
      <Card title={`${t.transfers.pending} (${pending.length})`} flush testId="pending-transfers">
        <DataTable
          testId="pending-table"
          csvHref={csvHref('transferList', {}, { status: 'PENDING' }, lang)}
          initialSort={{ id: 'id', dir: 'asc' }}
          columns={[...columns(t, fromTo).filter((c) => c.id !== 'status'), { id: 'actions', header: t.common.actions, sortable: false }]}
          rows={pending.map((r) => row(r, true))}
          empty={<EmptyState title={t.transfers.emptyPending} hint={t.transfers.emptyPendingHint} icon="✓" />}
        />
      </Card>
      <div className="stack">
        <Card title={t.transfers.history} flush>
          <DataTable
            testId="history-table"
            initialSort={{ id: 'id', dir: 'desc' }}
            columns={[...columns(t, fromTo), { id: 'decision', header: t.transfers.colDecision, sortable: false }]}
            rows={decided.map((r) => row(r, false))}
            empty={<EmptyState title={t.transfers.emptyHistory} />}
          />
        </Card>
        <Card title={t.transfers.newTitle} subtitle={t.transfers.newSubtitle} className="form-card">
          <TransferForm searchPath={apiPathTemplate('accountList')} holdingsPath={apiPathTemplate('holdings')} />
        </Card>
      </div>
    </>
  );
}
