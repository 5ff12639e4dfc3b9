import type { Metadata } from 'next';
import { registryDelays } from '@/config/env';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { shellContext } from '@/server/identity/session';
import { csvHref } from '@/server/http/links';
import { listTrustedAccounts } from '@/server/registry/trustedAccounts';
import { StatusBadge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccount } from '@/ui/states';
import { guardedPage } from '../_lib/page';
import { RemoveTrustedButton, TrustedAccountForm } from './TrustedAccountForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.controls.trustedTitle };
}

/** The holder's trusted account list: entries with their state, the addition form, removal. */
export default guardedPage('trustedAccounts.manage', async ({ actor, t, lang }) => {
  const { account } = await shellContext(actor);
  if (!account) return <NoAccount />;
  const { items } = await listTrustedAccounts(actor, account.id);
  const delays = registryDelays();
  const live = (state: string) => state === 'PENDING_APPROVAL' || state === 'PENDING_ACTIVATION' || state === 'TRUSTED';
  const rows: Row[] = items.map((e) => ({
    id: String(e.id),
    testId: `trusted-${e.id}`,
    cells: {
      account: (
        <div className="cell-stack">
          <span className="mono">{e.trustedAccountNumber}</span>
          <span className="sub-line">{e.trustedAccountName}</span>
        </div>
      ),
      description: e.description ?? '',
      state: <StatusBadge status={e.state === 'TRUSTED' ? 'ACTIVE' : e.state} label={t.controls.trustedState[e.state]} testId={`trusted-state-${e.id}`} />,
      requested: <span className="nowrap">{dateTime(e.requestedAt)}</span>,
      activeFrom: e.activeFrom ? <span className="nowrap">{dateTime(e.activeFrom)}</span> : null,
      actions: live(e.state) ? <RemoveTrustedButton accountId={account.id} entryId={e.id} number={e.trustedAccountNumber} /> : null,
    },
    sort: { account: e.trustedAccountNumber, state: e.state, requested: e.requestedAt, activeFrom: e.activeFrom ?? '' },
  }));
  return (
    <>
      <PageHeader title={t.controls.trustedTitle} subtitle={fmt(t.controls.trustedSubtitle, { hours: delays.transferHours })} />
      <div className="stack">
        <Card title={`${t.controls.trustedTitle} (${items.filter((e) => live(e.state)).length})`} flush testId="trusted-accounts">
          <DataTable
            testId="trusted-table"
            csvHref={csvHref('trustedAccounts', { id: account.id }, {}, lang)}
            initialSort={{ id: 'requested', dir: 'desc' }}
            columns={[
              { id: 'account', header: t.controls.colAccount },
              { id: 'description', header: t.controls.description, sortable: false },
              { id: 'state', header: t.controls.colState },
              { id: 'requested', header: t.controls.colRequested },
              { id: 'activeFrom', header: t.controls.colActiveFrom },
              { id: 'actions', header: t.common.actions, sortable: false },
            ]}
            rows={rows}
            empty={<EmptyState title={t.controls.emptyTrusted} hint={t.controls.emptyTrustedHint} />}
          />
        </Card>
        <Card title={t.controls.trustedAdd} subtitle={fmt(t.controls.trustedAddHint, { hours: delays.trustedAccountBusinessHours })} className="form-card">
          <TrustedAccountForm accountId={account.id} />
        </Card>
      </div>
    </>
  );
});
