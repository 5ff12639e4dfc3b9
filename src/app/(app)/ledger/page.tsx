import type { Metadata } from 'next';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { runLedgerVerification } from '@/server/registry/verify';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { StackedBarChart } from '@/ui/charts/StackedBarChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { asset, dateTimeSeconds, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { RunAgain } from './RunAgain';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.ledger.title };
}

export default guardedPage('ledger.verify', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const full = (await searchParams).full === 'true';
  const report = await runLedgerVerification(actor, { full });
  const cp = report.checkpoint;

  const vintageRows: Row[] = report.vintages.map((v) => ({
    id: asset(v.instrument, v.vintage),
    testId: `vintage-${v.instrument}-${v.vintage}`,
    cells: {
      asset: <strong className="mono">{asset(v.instrument, v.vintage)}</strong>,
      issued: tonnes(v.issued),
      participants: tonnes(v.participants),
      system: tonnes(v.systemAccounts),
      cancelled: tonnes(v.cancelled),
      net: v.net === '0' ? <Badge tone="green">0</Badge> : <Badge tone="red">{tonnes(v.net)}</Badge>,
    },
    sort: {
      asset: asset(v.instrument, v.vintage), issued: Number(v.issued), participants: Number(v.participants), system: Number(v.systemAccounts),
      cancelled: Number(v.cancelled), net: Number(v.net),
    },
  }));
  const chart = report.vintages.map((v) => ({
    name: asset(v.instrument, v.vintage), participants: Number(v.participants), system: Number(v.systemAccounts), cancelled: Number(v.cancelled),
  }));
  const mismatchRows: Row[] = [
    ...report.holdingMismatches.map((m, i) => ({
      id: `h${i}`,
      cells: { account: String(m.accountId), asset: asset(m.instrument, m.vintage), bucket: m.bucket, cached: tonnes(m.cached), journal: tonnes(m.fromJournal) },
    })),
    ...report.cashMismatches.map((m, i) => ({
      id: `c${i}`,
      cells: { account: `CASH ${m.cashAccountId}`, asset: 'CNY', bucket: m.bucket, cached: m.cached, journal: m.fromJournal },
    })),
  ];

  return (
    <>
      <PageHeader title={t.ledger.title} subtitle={t.ledger.subtitle} actions={<RunAgain />} />
      <div className={`banner ${report.ok ? 'ok' : 'failed'}`} data-testid="ledger-status" data-ok={report.ok}>
        <span className="mark" aria-hidden>
          {report.ok ? '✓' : '✕'}
        </span>
        <div>
          <div className="big">{report.ok ? t.ledger.ok : t.ledger.failed}</div>
          <div>{report.ok ? t.ledger.okBody : t.ledger.failedBody}</div>
          <div className="faint" style={{ fontSize: 12, marginTop: 4 }}>
            {fmt(t.ledger.checkedAt, { time: `${dateTimeSeconds(report.checkedAt)} (${t.common.beijingTime})` })}
          </div>
          <div className="faint" style={{ fontSize: 12, marginTop: 4 }} data-testid="ledger-scope">
            {cp ? (
              <>
                {fmt(t.ledger.fromCheckpoint, { id: cp.id, entry: cp.throughEntryId, seq: cp.auditSeq, time: `${dateTimeSeconds(cp.takenAt)} (${t.common.beijingTime})` })}{' '}
                <a href="/ledger?full=true">{t.ledger.fullCheck}</a>
              </>
            ) : (
              t.ledger.fromStart
            )}
          </div>
        </div>
      </div>
      <div className="grid grid-4 mb">
        <Kpi
          label={t.ledger.holdingsChecked}
          value={tonnes(report.holdingsChecked)}
          hint={<span className={report.ccerLotMismatches.length ? 'neg' : undefined}>{fmt(t.ledger.ccerLots, { n: report.ccerLotMismatches.length })}</span>}
          testId="ccer-lot-check"
        />
        <Kpi label={t.ledger.unbalanced} value={<span className={report.unbalancedEntries.length ? 'neg' : undefined}>{report.unbalancedEntries.length}</span>} hint={report.unbalancedEntries.slice(0, 5).join(', ') || undefined} />
        <Kpi label={t.ledger.negative} value={<span className={report.negativeBalances ? 'neg' : undefined}>{report.negativeBalances}</span>} />
        <Kpi
          label={t.ledger.auditChain}
          value={report.auditChain.ok ? <Badge tone="green">OK</Badge> : <Badge tone="red">FAILED</Badge>}
          hint={report.auditChain.ok ? fmt(t.ledger.auditOk, { n: tonnes(report.auditChain.records), pending: tonnes(report.auditChain.unsealed) }) : fmt(t.ledger.auditBroken, { seq: report.auditChain.firstBrokenSeq ?? '?' })}
          testId="audit-chain-status"
        />
      </div>
      <Card title={t.ledger.vintages} subtitle={t.holdings.unitNote} flush>
          <DataTable
            testId="vintages-table"
            csvHref={csvHref('verify', {}, {}, lang)}
            columns={[
              { id: 'asset', header: t.ledger.colAsset },
              { id: 'issued', header: t.ledger.colIssued, align: 'right' },
              { id: 'participants', header: t.ledger.colParticipants, align: 'right' },
              { id: 'system', header: t.ledger.colSystem, align: 'right' },
              { id: 'cancelled', header: t.ledger.colCancelled, align: 'right' },
              { id: 'net', header: t.ledger.colNet, align: 'right' },
            ]}
            rows={vintageRows}
            empty={<EmptyState title={t.ledger.emptyVintages} />}
          />
      </Card>
      <div className="grid grid-2">
        <Card title={t.ledger.chartTitle}>
          {chart.length ? (
            <StackedBarChart
              data={chart}
              series={[
                { key: 'participants', label: t.ledger.colParticipants, color: COLORS.participants },
                { key: 'system', label: t.ledger.colSystem, color: COLORS.system },
                { key: 'cancelled', label: t.ledger.colCancelled, color: COLORS.cancelled },
              ]}
            />
          ) : (
            <EmptyState title={t.ledger.emptyVintages} />
          )}
        </Card>
        <Card title={`${t.ledger.mismatches} / ${t.ledger.cashMismatches}`} flush>
        <DataTable
          columns={[
            { id: 'account', header: t.ledger.colAccount },
            { id: 'asset', header: t.ledger.colAsset },
            { id: 'bucket', header: t.ledger.colBucket },
            { id: 'cached', header: t.ledger.colCached, align: 'right' },
            { id: 'journal', header: t.ledger.colJournal, align: 'right' },
          ]}
          rows={mismatchRows}
          empty={<EmptyState title={t.ledger.noMismatches} icon="✓" />}
        />
        </Card>
      </div>
    </>
  );
});
