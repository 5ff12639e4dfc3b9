import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { shellContext } from '@/server/identity/session';
import { getHoldings, listMovements } from '@/server/registry/queries';
import { Alert } from '@/ui/Alert';
import { Badge, StatusBadge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { StackedBarChart } from '@/ui/charts/StackedBarChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, asset, dateTime, signedTonnes, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccount } from '@/ui/states';
import { cashOrNull, holdingColumns, holdingRow } from '../_lib/balances';
import { holdingOptions } from '../_lib/participants';
import { CancelForm } from './CancelForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.holdings.title };
}

export default guardedPage('holdings.hold', async ({ actor, t, lang }) => {
  const { account } = await shellContext(actor);
  if (!account) return <NoAccount />;

  const [holdings, cash, recent] = await Promise.all([
    getHoldings(actor, account.id),
    cashOrNull(actor, account.id),
    listMovements(actor, account.id, { limit: 5 }),
  ]);

  const sum = (instrument: 'CEA' | 'CCER', key: 'total' | 'available') =>
    holdings.items.filter((h) => h.instrument === instrument).reduce((s, h) => s + h[key], 0);

  const rows: Row[] = holdings.items.map((h) => {
    const id = asset(h.instrument, h.vintage);
    return holdingRow(
      h,
      {
        asset: (
          <div className="cell-stack">
            <strong>{id}</strong>
            <span className="sub-line">{t.instruments[h.instrument]}</span>
          </div>
        ),
        available: <span data-testid={`available-${id}`}>{tonnes(h.available)}</span>,
        total: <strong data-testid={`total-${id}`}>{tonnes(h.total)}</strong>,
      },
      `holding-${id}`,
    );
  });

  const chartData = holdings.items.map((h) => ({ name: asset(h.instrument, h.vintage), available: h.available, encumbered: h.locked + h.pledged + h.frozen }));
  const unit = t.common.tonnes;

  return (
    <>
      <PageHeader
        title={t.holdings.title}
        subtitle={t.holdings.subtitle}
        actions={
          <>
            <span className="mono muted" data-testid="account-number">
              {holdings.number}
            </span>
            <StatusBadge status={holdings.status} label={t.accountStatus[holdings.status]} testId="account-status" />
          </>
        }
      />
      {holdings.status !== 'ACTIVE' ? (
        <div className="mb">
          <Alert kind="warn">{fmt(t.holdings.restricted, { status: t.accountStatus[holdings.status] })}</Alert>
        </div>
      ) : null}

      <div className="grid grid-4 mb">
        <Kpi label={t.holdings.accountCard} value={<span style={{ fontSize: 15 }} className="mono">{holdings.number}</span>} hint={`${t.holdings.accountId}: ${holdings.accountId}`} />
        <Kpi label={t.holdings.totalCea} value={tonnes(sum('CEA', 'total'))} unit={unit} hint={`${t.buckets.available}: ${tonnes(sum('CEA', 'available'))} ${unit}`} testId="kpi-cea" />
        <Kpi label={t.holdings.totalCcer} value={tonnes(sum('CCER', 'total'))} unit={unit} hint={`${t.buckets.available}: ${tonnes(sum('CCER', 'available'))} ${unit}`} testId="kpi-ccer" />
        {cash ? (
          <Kpi
            label={`${t.holdings.cashTitle} · ${t.holdings.cashAvailable}`}
            value={`¥${amount(cash.available)}`}
            hint={`${t.holdings.cashLocked}: ¥${amount(cash.locked)} · ${t.holdings.cashTotal}: ¥${amount(cash.total)}`}
            testId="kpi-cash"
          />
        ) : (
          <Kpi label={t.holdings.cashTitle} value={t.common.dash} hint={t.holdings.cashUnavailable} />
        )}
      </div>

      <div className="grid grid-main-side mb">
        <Card title={t.holdings.holdingsTitle} subtitle={t.holdings.unitNote} flush testId="holdings-card">
          <DataTable
            testId="holdings-table"
            csvHref={csvHref('holdings', { id: account.id }, {}, lang)}
            columns={holdingColumns(t)}
            rows={rows}
            empty={<EmptyState title={t.holdings.empty} hint={t.holdings.emptyHint} />}
          />
        </Card>
        <Card title={t.holdings.chartTitle} subtitle={t.holdings.chartSubtitle}>
          {chartData.length ? (
            <StackedBarChart
              testId="holdings-chart"
              data={chartData}
              series={[
                { key: 'available', label: t.buckets.available, color: COLORS.available },
                { key: 'encumbered', label: t.holdings.encumbered, color: COLORS.encumbered },
              ]}
            />
          ) : (
            <EmptyState title={t.holdings.empty} />
          )}
        </Card>
      </div>

      {holdings.ccerProjects.length ? (
        <div className="mb">
        <Card title={t.ccerProjects.holdingsTitle} subtitle={t.ccerProjects.holdingsSubtitle} flush testId="ccer-projects-card">
          <DataTable
            testId="ccer-projects-table"
            columns={[
              { id: 'asset', header: t.holdings.instrumentVintage },
              { id: 'code', header: t.ccerProjects.colCode },
              { id: 'project', header: t.ccerProjects.colProject },
              { id: 'quantity', header: t.holdings.unitNote, align: 'right' },
              { id: 'eligible', header: t.ccerProjects.colEligible },
            ]}
            rows={holdings.ccerProjects.map((l) => ({
              id: `${l.vintage}-${l.projectId}`,
              testId: `ccer-lot-${l.code}`,
              cells: {
                asset: <span className="mono">{asset('CCER', l.vintage)}</span>,
                code: <span className="mono">{l.code}</span>,
                project: lang === 'zh' ? l.nameZh : l.name,
                quantity: <strong className="num">{tonnes(l.quantity)}</strong>,
                eligible: l.eligible ? <Badge tone="green">{t.ccerProjects.eligible}</Badge> : <Badge tone="red">{t.ccerProjects.ineligible}</Badge>,
              },
              sort: { quantity: l.quantity, eligible: l.eligible ? 0 : 1 },
            }))}
          />
        </Card>
        </div>
      ) : null}

      <div className="grid grid-main-side">
        <Card title={t.cancel.title} subtitle={t.cancel.subtitle} testId="cancel-card">
          <CancelForm holdings={holdingOptions(holdings.items)} disabled={holdings.status !== 'ACTIVE'} />
        </Card>
        <Card
          title={t.movements.title}
          actions={
            <Link className="btn sm" href="/movements">
              {t.common.viewDetails} ›
            </Link>
          }
          flush
        >
          {recent.items.length ? (
            <table className="table" data-testid="recent-movements">
              <tbody>
                {recent.items.map((m) => (
                  <tr key={`${m.entryId}-${m.instrument}-${m.vintage}`}>
                    <td>
                      <div className="cell-stack">
                        <span>{t.movementTypes[m.type as keyof typeof t.movementTypes] ?? m.type}</span>
                        <span className="sub-line">{dateTime(m.createdAt)}</span>
                      </div>
                    </td>
                    <td className="mono">{asset(m.instrument, m.vintage)}</td>
                    <td className={`num ${m.available > 0 ? 'pos' : m.available < 0 ? 'neg' : 'faint'}`}>{signedTonnes(m.available)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState title={t.movements.empty} hint={t.movements.emptyHint} />
          )}
        </Card>
      </div>
    </>
  );
});
