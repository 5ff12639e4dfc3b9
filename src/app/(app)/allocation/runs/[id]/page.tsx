import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { getRun, type RunView } from '@/server/compliance/allocation';
import { listProvinces } from '@/server/registry/queries';
import { DomainError } from '@/server/errors';
import { may } from '@/server/identity/authorize';
import { Alert } from '@/ui/Alert';
import { Card, Kpi } from '@/ui/Card';
import { dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess } from '@/ui/states';
import { guardedPage } from '../../../_lib/page';
import { RunDecision } from '../../RunDecision';
import { RunLines } from '../../RunLines';
import { RunStatusBadge } from '../../shared';
import '../../allocation.css';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: fmt(t.allocationPage.runTitle, { id: (await params).id }) };
}

/**
 * One allocation run (a regulator of its province; the national regulator reads every one): the
 * budget line, each entity's line with its calculation per installation, and — on a preview —
 * confirm (a second regulator: four-eyes) or discard.
 */
export default guardedPage<{ params: Promise<{ id: string }> }>('compliance.oversee', async ({ actor, t, lang }, { params }) => {
  const p = t.allocationPage;
  const { id } = await params;
  const runId = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  let run: RunView | null = null;
  if (Number.isFinite(runId)) {
    try {
      run = await getRun(actor, runId);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'FORBIDDEN') return <NoAccess />;
      if (!(e instanceof DomainError && e.kind === 'NOT_FOUND')) throw e;
    }
  }
  if (!run) notFound();

  const provinces = await listProvinces();
  const pv = provinces.find((x) => x.code === run.provinceCode);
  const province = pv ? (lang === 'zh' ? pv.nameZh : pv.name) : run.provinceCode;
  // A regulator of the run's province confirms or discards it.
  const runner = may(actor, 'allocation.run', { provinceCode: run.provinceCode });
  const problems = run.lines.filter((l) => l.problem).length;
  const unit = t.common.tonnes;
  const back = `/allocation?year=${run.year}`;

  return (
    <>
      <PageHeader
        title={
          <span className="alloc-title">
            {fmt(p.runTitle, { id: run.id })} <RunStatusBadge status={run.status} t={t} testId="run-status" />
          </span>
        }
        subtitle={fmt(p.runSubtitle, { kind: p.kinds[run.kind], year: run.year, province })}
        actions={
          <Link className="btn" href={back} data-testid="run-back">
            {fmt(p.back, { year: run.year })}
          </Link>
        }
      />

      <div className="grid grid-main-side mb">
        <Card title={p.budgetTitle} subtitle={run.status === 'PREVIEW' ? p.budgetPreviewNote : undefined} testId="run-budget">
          <p className="alloc-budget-line" data-testid="run-budget-line">
            {p.budgetWord} <strong>{tonnes(run.budget)}</strong> {unit}
            <span className="faint"> · </span>
            {p.allocatedBefore} <strong>{tonnes(run.allocatedBefore)}</strong> {unit}
            <span className="faint"> · </span>
            {p.thisRun} <strong>{tonnes(run.net)}</strong> {unit}
            <span className="faint"> · </span>
            {p.remainingAfter}{' '}
            <strong className={run.remainingAfter < 0 ? 'neg' : undefined} data-testid="run-remaining-after">
              {tonnes(run.remainingAfter)}
            </strong>{' '}
            {unit}
          </p>
          <BudgetBar budget={run.budget} before={run.allocatedBefore} net={run.net} labels={{ before: p.allocatedBefore, run: p.thisRun, left: p.remainingAfter }} />
          <dl className="facts alloc-run-facts">
            <dt>{p.preparedLabel}</dt>
            <dd data-testid="run-prepared">
              {run.preparedBy.name} <span className="muted">· {dateTime(run.preparedAt)}</span>
            </dd>
            <dt>{run.status === 'DISCARDED' ? p.discardedLabel : p.confirmedLabel}</dt>
            <dd data-testid="run-decided">
              {run.decidedBy ? (
                <>
                  {run.decidedBy.name} <span className="muted">· {run.decidedAt ? dateTime(run.decidedAt) : ''}</span>
                </>
              ) : (
                <span className="muted">{p.awaitingDecision}</span>
              )}
            </dd>
          </dl>
        </Card>
        <Card title={p.decisionTitle} testId="run-decision-card">
          {run.status === 'PREVIEW' ? (
            runner ? (
              <RunDecision
                runId={run.id}
                year={run.year}
                province={province}
                preparedBy={run.preparedBy.name}
                preparedByMe={run.preparedBy.id === actor.userId}
                issued={run.issued}
                takenBack={run.takenBack}
                paid={run.paid}
                entities={run.lines.length}
                problems={problems}
                remainingAfter={run.remainingAfter}
              />
            ) : (
              <Alert kind="info" testId="run-readonly">
                {fmt(p.readOnlyRun, { province, name: run.preparedBy.name })}
              </Alert>
            )
          ) : run.status === 'CONFIRMED' ? (
            <Alert kind="success" testId="run-done">
              {fmt(p.confirmedNote, { name: run.decidedBy?.name ?? '?', preparer: run.preparedBy.name, n: run.lines.filter((l) => l.moved).length })}
            </Alert>
          ) : (
            <Alert kind="info" testId="run-done">
              {fmt(p.discardedNote, { name: run.decidedBy?.name ?? '?' })}
            </Alert>
          )}
        </Card>
      </div>

      <div className="grid grid-4 mb">
        <Kpi label={p.colIssued} value={tonnes(run.issued)} unit={unit} hint={run.status === 'CONFIRMED' ? p.kpiIssuedDone : p.kpiIssuedPreview} testId="run-issued" />
        <Kpi label={p.colTakenBack} value={tonnes(run.takenBack)} unit={unit} hint={p.kpiTakenBackHint} testId="run-taken-back" />
        <Kpi label={p.colPaid} value={tonnes(run.paid)} unit={unit} hint={p.kpiPaidHint} testId="run-paid" />
        <Kpi
          label={p.colEntities}
          value={tonnes(run.lines.length)}
          hint={problems ? <span className="neg">{fmt(p.kpiProblems, { n: problems })}</span> : p.kpiNoProblems}
          testId="run-entities"
        />
      </div>

      <Card title={fmt(p.linesTitle, { n: run.lines.length })} subtitle={p.linesSubtitle} flush testId="run-lines-card">
        <RunLines lines={run.lines} confirmed={run.status === 'CONFIRMED'} emptyHint={fmt(p.noLinesHint, { year: run.year, province })} />
      </Card>
    </>
  );
});

/** The province's budget: what confirmed runs used before, this run, what is left (red when over). */
function BudgetBar({ budget, before, net, labels }: { budget: number; before: number; net: number; labels: { before: string; run: string; left: string } }) {
  const whole = Math.max(budget, before + Math.max(net, 0), 1);
  const pct = (n: number) => `${Math.max(0, (n / whole) * 100)}%`;
  const over = before + net > budget;
  return (
    <div className="alloc-run-bar">
      <div className="alloc-bar big" role="img" aria-label={`${labels.before} ${tonnes(before)} · ${labels.run} ${tonnes(net)} · ${labels.left} ${tonnes(budget - before - net)}`}>
        <span className="used" style={{ width: pct(before) }} />
        <span className={over ? 'over' : 'run'} style={{ width: pct(Math.max(net, 0)) }} />
      </div>
      <div className="alloc-legend">
        <span>
          <i className="used" />
          {labels.before}
        </span>
        <span>
          <i className={over ? 'over' : 'run'} />
          {labels.run}
        </span>
        <span>
          <i className="left" />
          {labels.left}
        </span>
      </div>
    </div>
  );
}
