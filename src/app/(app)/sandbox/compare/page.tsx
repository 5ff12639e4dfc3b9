import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { DomainError } from '@/server/errors';
import { getScenario, type ScenarioView } from '@/server/sandbox/scenarios';
import { idSchema } from '@/schemas/registry';
import { Alert } from '@/ui/Alert';
import { Card } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { MARKET_FIGURES, showFigure } from '../figures';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.sandbox.compareTitle };
}

/** At most this many scenarios side by side. */
const MOST = 6;

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
  // What happened: the year's recorded issuance, its verified emissions, and what was surrendered for it.
  const recorded: Partial<Record<string, number>> = { issued: baseline.totals.recordedIssued, verifiedEmissions: baseline.totals.verifiedEmissions };
  const rows: Row[] = [
    ...MARKET_FIGURES.map(({ id, kind, value }) => ({
      id, testId: `compare-${id}`,
      cells: {
        figure: ts.figures[id],
        recorded: <span className="num">{showFigure(recorded[id] ?? null, kind)}</span>,
        inForce: <span className="num">{showFigure(value(baseline), kind)}</span>,
        ...Object.fromEntries(ran.map((s) => [`s${s.id}`, <span key={s.id} className="num">{showFigure(value(s.summary!.scenario), kind)}</span>])),
      },
    })),
    {
      id: 'surrendered', testId: 'compare-surrendered',
      cells: { figure: ts.figures.surrendered, recorded: <span className="num">{tonnes(baseline.totals.recordedSurrendered)}</span>, inForce: '—', ...Object.fromEntries(ran.map((s) => [`s${s.id}`, '—'])) },
    },
  ];
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
            { key: 'deficit', label: ts.figures.deficit, color: COLORS.series[4]!, kind: 'bar' },
            { key: 'surplus', label: ts.figures.surplus, color: COLORS.series[0]!, kind: 'bar' },
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
