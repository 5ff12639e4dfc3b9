import { noteOrText } from '@/i18n/notes';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { AlertKind } from '@/generated/prisma/enums';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { can } from '@/domain/identity/permissions';
import { accountNames } from '@/server/trading/screens';
import { listAlerts, listLargeHolderReports } from '@/server/trading/surveillance';
import { AccountCell } from '../../_lib/AccountCell';
import { Badge, type Tone } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { CursorPager } from '@/ui/CursorPager';
import { csvHref } from '@/server/http/links';
import { DataTable } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { ReviewButton } from './ReviewButton';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.surveillance.title };
}

const KIND_TONE: Record<AlertKind, Tone> = { SELF_TRADE: 'red', RELATED_ACCOUNTS: 'amber', BAND_LIMIT: 'blue', LIST_AND_CANCEL: 'gray' };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Abnormal trading monitoring (异常交易监控): alerts with the accounts, trades and listings behind
 * each, reviewed with a note; and large-holder reports (大户报告). The national regulator reads.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('market.oversee', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const statusRaw = one(sp.status) ?? 'OPEN';
  const status = statusRaw === 'OPEN' || statusRaw === 'REVIEWED' ? statusRaw : undefined;
  const cursorRaw = one(sp.cursor);
  const cursor = cursorRaw && /^\d{1,18}$/.test(cursorRaw) ? cursorRaw : undefined;
  const canReview = can(actor.roles, 'market.operate');

  const [alerts, reports] = await Promise.all([listAlerts(actor, { status, cursor, limit: 25 }), listLargeHolderReports(actor, { limit: 100 })]);
  const names = await accountNames([...alerts.items.flatMap((a) => a.accounts.map((x) => x.id)), ...reports.items.map((r) => r.accountId)]);
  const named = (id: number, fallback: { number: string; name: string }) => {
    const n = names.get(id);
    return { id, number: n?.number ?? fallback.number, name: n?.name ?? fallback.name, nameZh: n?.nameZh ?? null };
  };
  const statusLink = (s: 'OPEN' | 'REVIEWED' | 'ALL', label: string) => (
    <Link key={s} href={`/exchange/surveillance?status=${s}`} className={(status ?? 'ALL') === s ? 'on' : undefined} data-testid={`alerts-${s.toLowerCase()}`}>
      {label}
    </Link>
  );

  return (
    <>
      <PageHeader title={t.surveillance.title} subtitle={t.surveillance.subtitle} />
      <Card
        title={t.surveillance.alerts}
        subtitle={t.surveillance.alertsSubtitle}
        flush
        testId="alerts"
        actions={<div className="seg">{[statusLink('OPEN', t.surveillance.open), statusLink('REVIEWED', t.surveillance.reviewedTab), statusLink('ALL', t.common.all)]}</div>}
      >
        <DataTable
          testId="alerts-table"
          csvHref={csvHref('alerts', {}, { status }, lang)}
          paginate={false}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.surveillance.colAlert },
            { id: 'kind', header: t.common.kind },
            { id: 'detail', header: t.surveillance.colDetail, sortable: false },
            { id: 'accounts', header: t.surveillance.colAccounts, sortable: false },
            { id: 'evidence', header: t.surveillance.colEvidence, sortable: false },
            { id: 'status', header: t.common.status },
            // Readers (the national regulator) see the alerts without the review action.
            ...(canReview ? [{ id: 'actions', header: t.common.actions, sortable: false }] : []),
          ]}
          rows={alerts.items.map((a) => ({
            id: String(a.id),
            testId: `alert-${a.id}`,
            cells: {
              id: (
                <div className="cell-stack">
                  <span className="mono">#{a.id}</span>
                  <span className="sub-line nowrap">{a.tradingDay}</span>
                </div>
              ),
              kind: (
                <div className="cell-stack">
                  <Badge tone={KIND_TONE[a.kind]} testId={`alert-kind-${a.id}`}>
                    {t.alertKinds[a.kind]}
                  </Badge>
                  {a.symbol ? <span className="sub-line mono">{a.symbol}</span> : null}
                </div>
              ),
              detail: (
                <div className="cell-stack" style={{ maxWidth: 320 }}>
                  <span>{noteOrText(a.detailNote, a.detail, lang)}</span>
                  <span className="sub-line">{dateTime(a.createdAt)}</span>
                </div>
              ),
              accounts: (
                <div className="stack" style={{ gap: 6 }}>
                  {a.accounts.map((x) => (
                    <AccountCell key={x.id} a={named(x.id, x)} lang={lang} />
                  ))}
                </div>
              ),
              evidence: (
                <div className="cell-stack" style={{ gap: 2 }}>
                  {a.trades.map((tr) => (
                    <span key={`t${tr.id}`} className="nowrap">
                      {fmt(t.surveillance.tradeLine, { id: tr.id, price: amount(tr.price), n: tonnes(tr.quantity), buyer: tr.buyerAccountId, seller: tr.sellerAccountId })}
                    </span>
                  ))}
                  {a.listings.map((l) => (
                    <span key={`l${l.id}`} className="nowrap">
                      {fmt(t.surveillance.listingLine, {
                        id: l.id, side: t.side[l.side as 'BUY' | 'SELL'] ?? l.side, price: amount(l.price), n: tonnes(l.quantity),
                        status: t.listingStatus[l.status as keyof typeof t.listingStatus] ?? l.status,
                      })}
                    </span>
                  ))}
                  {a.trades.length === 0 && a.listings.length === 0 ? <span className="faint">{t.common.dash}</span> : null}
                </div>
              ),
              status: (
                <div className="cell-stack" style={{ maxWidth: 240 }}>
                  <Badge tone={a.status === 'OPEN' ? 'amber' : 'green'} testId={`alert-status-${a.id}`}>
                    {t.surveillance.status[a.status]}
                  </Badge>
                  {a.reviewNote ? <span className="sub-line">{a.reviewNote}</span> : null}
                </div>
              ),
              actions: a.status === 'OPEN' && canReview ? <ReviewButton alertId={a.id} summary={noteOrText(a.detailNote, a.detail, lang) ?? ''} /> : null,
            },
            sort: { id: a.id, kind: a.kind, status: a.status },
          }))}
          empty={<EmptyState title={status === 'OPEN' ? t.surveillance.noOpen : t.surveillance.none} hint={t.surveillance.noneHint} icon="✓" />}
        />
        {cursor || alerts.nextCursor ? (
          <CursorPager
            basePath="/exchange/surveillance"
            params={{ status: one(sp.status), cursor, trail: one(sp.trail) }}
            nextCursor={alerts.nextCursor}
            labels={{ previous: t.common.previous, next: t.common.next, newest: t.common.newest }}
            testId="alerts-pager"
          />
        ) : null}
      </Card>

      <Card title={t.surveillance.largeHolders} subtitle={t.surveillance.largeHoldersSubtitle} flush testId="large-holders">
        <DataTable
          testId="large-holders-table"
          csvHref={csvHref('largeHolders', {}, {}, lang)}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: t.surveillance.colReport },
            { id: 'account', header: t.common.account },
            { id: 'symbol', header: t.common.instrument },
            { id: 'holding', header: t.surveillance.colHolding, align: 'right' },
            { id: 'threshold', header: t.surveillance.colThreshold, align: 'right' },
            { id: 'trade', header: t.surveillance.colTrade },
            { id: 'day', header: t.market.tradingDay },
          ]}
          rows={reports.items.map((r) => ({
            id: String(r.id),
            cells: {
              id: <span className="mono">#{r.id}</span>,
              account: <AccountCell a={named(r.accountId, { number: r.accountNumber, name: r.accountName })} lang={lang} />,
              symbol: <span className="mono">{r.symbol}</span>,
              holding: <strong>{tonnes(r.holding)}</strong>,
              threshold: tonnes(r.threshold),
              trade: r.tradeId ? <span className="mono">#{r.tradeId}</span> : null,
              day: (
                <div className="cell-stack">
                  <span className="nowrap">{r.tradingDay}</span>
                  <span className="sub-line nowrap">{dateTime(r.createdAt)}</span>
                </div>
              ),
            },
            sort: { id: r.id, account: r.accountName, symbol: r.symbol, holding: r.holding, threshold: r.threshold, day: r.tradingDay },
          }))}
          empty={<EmptyState title={t.surveillance.noReports} hint={t.surveillance.noReportsHint} />}
        />
      </Card>
    </>
  );
});
