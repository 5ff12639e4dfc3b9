import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import type { ScenarioResult } from '@/domain/sandbox/scenario';
import { DomainError } from '@/server/errors';
import { getScenario, type ScenarioView } from '@/server/sandbox/scenarios';
import { idSchema } from '@/schemas/registry';
import { Alert } from '@/ui/Alert';
import { Card } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.sandbox.compareTitle };
}

/** At most this many scenarios side by side. */
const MOST = 6;

type Outcome = ScenarioResult['scenario'];

/**
 * Scenarios side by side (`?ids=1&ids=2…`, those the reader may read and that have run, of the first
 * one's year and scope): each one's market-wide figures beside the policy in force and what actually
 * happened.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('sandbox.read', async ({ actor, t }, { searchParams }) => {
  const ts = t.sandbox;
  const raw = (await searchParams).ids;
  const ids = [...new Set((Array.isArray(raw) ? raw : raw ? raw.split(',') : []).flatMap((v) => idSchema.safeParse(v).data ?? []))].slice(0, MOST);
  const found = (await Promise.all(ids.map((id) => getScenario(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return null;
    throw e;
  })))).filter((s): s is ScenarioView => s !== null);
  // One recorded year and scope, so that the policy in force and what happened are the same for all.
  const first = found.find((s) => s.summary !== null);
  const ran = found.filter((s) => s.summary !== null && s.year === first?.year && s.provinceCode === first.provinceCode);
  const skipped = found.filter((s) => s.summary === null);
  const other = found.filter((s) => s.summary !== null && !ran.includes(s));
  const header = <PageHeader title={ts.compareTitle} subtitle={ts.compareSubtitle} actions={<Link className="btn" href="/sandbox">← {ts.back}</Link>} />;
  if (ran.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={ts.compareNone} hint={ts.compareNoneHint} />
      </>
    );
  }

  const baseline = ran[0]!.summary!.baseline;
  const f = ts.figures;
  const t0 = (n: number | null) => (n === null ? '—' : tonnes(n));
  const cny = (v: string) => `¥${amount(v)}`;
  const figures: [string, string, (o: Outcome) => string, string | null][] = [
    ['cap', f.cap, (o) => t0(o.market.cap), null],
    ['issued', f.issued, (o) => tonnes(o.totals.issued), tonnes(baseline.totals.recordedIssued)],
    ['paid', f.paid, (o) => tonnes(o.totals.paid), null],
    ['banked', f.banked, (o) => tonnes(o.totals.banked), null],
    ['offsets', f.offsets, (o) => tonnes(o.totals.offsets), null],
    ['verifiedEmissions', f.verifiedEmissions, (o) => tonnes(o.totals.verifiedEmissions), tonnes(baseline.totals.verifiedEmissions)],
    ['surrendered', f.surrendered, () => '—', tonnes(baseline.totals.recordedSurrendered)],
    ['supply', f.supply, (o) => tonnes(o.market.supply), null],
    ['scarcityRatio', f.scarcityRatio, (o) => o.market.scarcityRatio ?? '—', null],
    ['deficit', f.deficit, (o) => tonnes(o.totals.deficit), null],
    ['surplus', f.surplus, (o) => tonnes(o.totals.surplus), null],
    ['netDemand', f.netDemand, (o) => tonnes(o.market.netDemand), null],
    ['short', f.short, (o) => `${o.totals.short} / ${o.totals.entities}`, null],
    ['cost', f.cost, (o) => cny(o.totals.cost), null],
    ['fineMin', f.fineMin, (o) => cny(o.totals.fineMin), null],
    ['fineMax', f.fineMax, (o) => cny(o.totals.fineMax), null],
    ['auctionSold', f.auctionSold, (o) => tonnes(o.market.auction.sold), null],
    ['auctionRevenue', f.auctionRevenue, (o) => cny(o.market.auction.revenue), null],
  ];
  const rows: Row[] = figures.map(([id, label, value, recorded]) => ({
    id, testId: `compare-${id}`,
    cells: {
      figure: label,
      recorded: <span className="num">{recorded ?? '—'}</span>,
      inForce: <span className="num">{value(baseline)}</span>,
      ...Object.fromEntries(ran.map((s) => [`s${s.id}`, <span key={s.id} className="num">{value(s.summary!.scenario)}</span>])),
    },
  }));
  const chart = [
    { name: ts.seriesInForce, deficit: baseline.totals.deficit, surplus: baseline.totals.surplus },
    ...ran.map((s) => ({ name: s.name, deficit: s.summary!.scenario.totals.deficit, surplus: s.summary!.scenario.totals.surplus })),
  ];

  return (
    <>
      {header}
      {skipped.length ? <Alert kind="info">{fmt(ts.notRunSkipped, { names: skipped.map((s) => s.name).join(', ') })}</Alert> : null}
      {other.length ? <Alert kind="info" testId="compare-left-out">{fmt(ts.notComparable, { names: other.map((s) => s.name).join(', ') })}</Alert> : null}
      <Card title={ts.compareChart} className="mb">
        <SeriesChart testId="compare-chart" xKey="name" left="tonnes" height={260} data={chart}
          series={[
            { key: 'deficit', label: f.deficit, color: COLORS.series[4]!, kind: 'bar' },
            { key: 'surplus', label: f.surplus, color: COLORS.series[0]!, kind: 'bar' },
          ]} />
      </Card>
      <Card title={ts.market} flush>
        <DataTable testId="compare-table" rows={rows} paginate={false}
          columns={[
            { id: 'figure', header: ts.colFigure },
            { id: 'recorded', header: `${ts.colRecorded} (${ran[0]!.year})`, align: 'right' },
            { id: 'inForce', header: ts.colInForce, align: 'right' },
            ...ran.map((s) => ({ id: `s${s.id}`, header: <Link href={`/sandbox/${s.id}`}>{`${s.name} (${s.year})`}</Link>, align: 'right' as const })),
          ]} />
      </Card>
    </>
  );
});
