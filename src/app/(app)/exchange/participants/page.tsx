import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { accountNames } from '@/server/trading/screens';
import { listParticipants } from '@/server/trading/surveillance';
import { Badge, StatusBadge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { orgName } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { SuspensionButton } from './SuspensionButton';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.exchange.participantsTitle };
}

/** Exchange members (trading accounts): registry status, group, and the exchange's trading halt. */
export default guardedPage('market.operate', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const participants = await listParticipants(actor);
  const names = await accountNames(participants.map((p) => p.registryAccountId));
  const suspended = participants.filter((p) => p.suspended).length;
  const nameOf = (p: (typeof participants)[number]) => {
    const n = names.get(p.registryAccountId);
    return n ? orgName(n, lang) : p.name;
  };
  const sortValues = (p: (typeof participants)[number]): Record<string, SortValue> => ({ account: nameOf(p), kind: p.kind ?? '', group: p.groupName ?? '', status: p.status, trading: p.suspended ? 1 : 0 });
  // Every member of the exchange: sorted and paged here, one page sent.
  const request = tablePageRequest(await searchParams, { sortable: ['account', 'kind', 'group', 'status', 'trading'], initialSort: { id: 'account', dir: 'asc' } });
  const shown = sortedPage(participants, (p, id) => sortValues(p)[id], request);
  return (
    <>
      <PageHeader title={t.exchange.participantsTitle} subtitle={t.exchange.participantsSubtitle} />
      <div className="grid grid-4 mb">
        <Kpi label={t.exchange.participantsCount} value={participants.length} />
        <Kpi label={t.exchange.suspendedParticipants} value={suspended} testId="kpi-suspended" />
      </div>
      <Card title={t.exchange.participantsTitle} flush>
        <DataTable
          testId="participants-table"
          csvHref={csvHref('participants', {}, {}, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/exchange/participants', params: {} }}
          columns={[
            { id: 'account', header: t.common.organisation },
            { id: 'numbers', header: t.exchange.colNumbers, sortable: false },
            { id: 'kind', header: t.common.kind },
            { id: 'group', header: t.exchange.colGroup },
            { id: 'status', header: t.exchange.colRegistryStatus },
            { id: 'trading', header: t.exchange.colTrading },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={shown.items.map((p) => {
            const name = nameOf(p);
            return {
              id: String(p.registryAccountId),
              testId: `participant-${p.registryAccountId}`,
              cells: {
                account: (
                  <div className="cell-stack">
                    <span>{name}</span>
                    <span className="sub-line">ID {p.registryAccountId}</span>
                  </div>
                ),
                numbers: (
                  <div className="cell-stack">
                    <span className="mono">{p.accountNumber}</span>
                    <span className="sub-line mono">{p.tradingAccountNumber}</span>
                  </div>
                ),
                kind: p.kind ? t.orgKinds[p.kind] : null,
                group: p.groupName,
                status: <StatusBadge status={p.status} label={t.accountStatus[p.status]} />,
                trading: (
                  <div className="cell-stack" style={{ maxWidth: 280 }}>
                    <Badge tone={p.suspended ? 'red' : 'green'} testId={`participant-status-${p.registryAccountId}`}>
                      {p.suspended ? t.exchange.halted : t.exchange.trading}
                    </Badge>
                    {p.suspensionReason ? <span className="sub-line">{p.suspensionReason}</span> : null}
                  </div>
                ),
                actions: <SuspensionButton accountId={p.registryAccountId} name={name} suspended={p.suspended} />,
              },
              sort: sortValues(p),
            };
          })}
          empty={<EmptyState title={t.exchange.noParticipants} />}
        />
      </Card>
    </>
  );
});
