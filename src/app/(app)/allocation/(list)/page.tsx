import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/domain/identity/permissions';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listRuns } from '@/server/compliance/allocation';
import { allocationPlan, type BudgetView, type PlanView } from '@/server/compliance/allocationPolicy';
import { marketYear } from '@/server/compliance/cycle';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { PendingChanges } from '../../_lib/PendingChanges';
import { guardedPage } from '../../_lib/page';
import { pickYear, YearSwitch } from '../../_lib/compliance';
import { PlanForm } from '../PlanForm';
import { PrepareRunForm } from '../PrepareRunForm';
import { provinceLabel, runHref, RunStatusBadge, type RunKind } from '../shared';
import '../allocation.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.allocationPage.title };
}

const STATUS_ORDER = { PREVIEW: 0, CONFIRMED: 1, DISCARDED: 2 } as const;

/**
 * The regulators' allocation page (配额分配) for one year: the national plan (cap, provincial
 * budgets, what is allocated and distributed — the national regulator edits and distributes it,
 * a provincial regulator reads it with its province highlighted) and the year's allocation runs
 * (a provincial regulator prepares one here; each run opens on /allocation/runs/[id]).
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.oversee', async ({ actor, t, lang }, { searchParams }) => {
  const p = t.allocationPage;
  // The national regulator sets the plan and reads every province's runs; a provincial regulator runs its province's.
  const national = can(actor.roles, 'allocation.plan');
  const provincial = !national && can(actor.roles, 'allocation.run') && actor.provinceCode !== null;

  // The year: asked, else the latest year with a plan (next year's included), else the market year.
  const thisYear = await marketYear();
  const candidates = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2];
  const plans = await Promise.all(candidates.map((y) => allocationPlan(actor, y)));
  const planYears = candidates.filter((_y, i) => plans[i]!.nationalCap !== null);
  const sp = await searchParams;
  const asked = typeof sp.year === 'string' ? sp.year : String(planYears[0] ?? thisYear);
  // pickYear allows years up to the clock's year: a clock at next year lets a plan be set ahead.
  const { year } = pickYear(asked, `${thisYear + 1}-01-01`);
  const years = [...new Set([...candidates, year])].sort((a, b) => b - a);
  const plan = plans[candidates.indexOf(year)] ?? (await allocationPlan(actor, year));
  const runs = await listRuns(actor, year);

  const mine = provincial ? plan.budgets.find((b) => b.provinceCode === actor.provinceCode) : undefined;
  const budgetSum = plan.budgets.reduce((s, b) => s + b.budget, 0);
  const allocatedSum = plan.budgets.reduce((s, b) => s + b.allocated, 0);
  const unit = t.common.tonnes;
  const province = (code: string) => provinceLabel(code, plan.budgets, lang);

  const runRows: Row[] = runs.map((r) => ({
    id: String(r.id),
    testId: `run-${r.id}`,
    cells: {
      id: (
        <Link href={runHref(r.id)} className="mono" data-testid={`run-link-${r.id}`}>
          #{r.id}
        </Link>
      ),
      province: province(r.provinceCode),
      kind: <span className="nowrap">{p.kinds[r.kind]}</span>,
      // The decision (who confirmed or discarded it, when) sits under the status it produced.
      status: (
        <div className="cell-stack">
          <RunStatusBadge status={r.status} t={t} testId={`run-status-${r.id}`} />
          {r.decidedBy ? (
            <span className="sub-line" data-testid={`run-decided-${r.id}`}>
              {r.decidedBy.name}
              <br />
              <span className="nowrap">{r.decidedAt ? dateTime(r.decidedAt) : ''}</span>
            </span>
          ) : r.status === 'PREVIEW' ? (
            <span className="sub-line">{p.awaitingShort}</span>
          ) : null}
        </div>
      ),
      issued: tonnes(r.issued),
      takenBack: tonnes(r.takenBack),
      paid: tonnes(r.paid),
      net: <strong>{tonnes(r.net)}</strong>,
      remainingAfter: <span className={r.remainingAfter < 0 ? 'neg' : undefined}>{tonnes(r.remainingAfter)}</span>,
      entities: tonnes(r.entities),
      problems: r.problems ? <span className="badge red plain">{r.problems}</span> : <span className="faint">0</span>,
      prepared: (
        <div className="cell-stack">
          <span>{r.preparedBy.name}</span>
          <span className="sub-line nowrap">{dateTime(r.preparedAt)}</span>
        </div>
      ),
    },
    sort: {
      id: r.id, province: province(r.provinceCode), kind: p.kinds[r.kind], status: STATUS_ORDER[r.status], issued: r.issued, takenBack: r.takenBack, paid: r.paid, net: r.net,
      remainingAfter: r.remainingAfter, entities: r.entities, problems: r.problems, prepared: r.preparedAt,
    },
  }));

  const openPreviews: Partial<Record<RunKind, number>> = {};
  const confirmedKinds: RunKind[] = [];
  for (const r of runs) {
    if (r.provinceCode !== actor.provinceCode) continue;
    if (r.status === 'PREVIEW') openPreviews[r.kind] ??= r.id;
    if (r.status === 'CONFIRMED') confirmedKinds.push(r.kind);
  }

  return (
    <>
      <PageHeader
        title={p.title}
        subtitle={fmt(national ? p.subtitleNational : p.subtitleProvincial, { year, province: mine ? province(mine.provinceCode) : '' })}
        actions={<YearSwitch years={years} year={year} basePath="/allocation" label={p.yearSwitch} />}
      />
      <PendingChanges actions={['allocation.plan', 'allocation.distribute', 'allocation.rule']} t={t} testId="allocation-pending" />

      <div className="grid grid-4 mb">
        <Kpi label={p.kpiCap} value={plan.nationalCap === null ? t.common.dash : tonnes(plan.nationalCap)} unit={plan.nationalCap === null ? undefined : unit} hint={fmt(p.kpiCapHint, { year })} testId="kpi-cap" />
        <Kpi label={p.kpiIssued} value={tonnes(plan.issued)} unit={unit} hint={fmt(p.kpiIssuedHint, { year })} testId="kpi-issued" />
        <Kpi
          label={p.kpiUnassigned}
          value={plan.unassigned === null ? t.common.dash : tonnes(plan.unassigned)}
          unit={plan.unassigned === null ? undefined : unit}
          hint={fmt(p.kpiUnassignedHint, { n: tonnes(budgetSum) })}
          testId="kpi-unassigned"
        />
        {mine ? (
          <Kpi
            label={fmt(p.kpiMine, { province: province(mine.provinceCode) })}
            value={tonnes(mine.remaining)}
            unit={unit}
            hint={fmt(p.kpiMineHint, { budget: tonnes(mine.budget), allocated: tonnes(mine.allocated) })}
            testId="kpi-mine"
          />
        ) : (
          <Kpi label={p.kpiAllocated} value={tonnes(allocatedSum)} unit={unit} hint={p.kpiAllocatedHint} testId="kpi-allocated" />
        )}
      </div>

      <div className={national || (provincial && mine) ? 'grid grid-main-side alloc-top mb' : 'mb'}>
        <Card
          title={fmt(p.planTitle, { year })}
          subtitle={plan.updatedAt ? fmt(p.planUpdated, { at: dateTime(plan.updatedAt) }) : p.planSubtitle}
          flush
          testId="plan-card"
        >
          {plan.nationalCap === null ? (
            <EmptyState title={fmt(p.noPlan, { year })} hint={national ? p.noPlanHintNational : p.noPlanHintProvincial} testId="no-plan" />
          ) : (
            <BudgetTable plan={plan} mine={mine?.provinceCode} t={t} lang={lang} />
          )}
        </Card>
        {national ? (
          <Card title={p.formTitle} subtitle={fmt(p.formSubtitle, { year })} testId="plan-form-card">
            <PlanForm
              year={year}
              nationalCap={plan.nationalCap}
              issued={plan.issued}
              budgets={plan.budgets.map((b) => ({ provinceCode: b.provinceCode, name: province(b.provinceCode), budget: b.budget, allocated: b.allocated, distributed: b.distributed }))}
            />
          </Card>
        ) : null}
        {provincial && mine ? (
          <Card title={p.prepareTitle} subtitle={p.prepareSubtitle} testId="prepare-card">
            {plan.nationalCap === null || mine.budget === 0 ? (
              <EmptyState title={fmt(p.noBudgetYet, { year, province: province(mine.provinceCode) })} hint={p.noPlanHintProvincial} testId="no-budget" />
            ) : (
              <PrepareRunForm year={year} province={province(mine.provinceCode)} openPreviews={openPreviews} confirmedKinds={confirmedKinds} />
            )}
          </Card>
        ) : null}
      </div>

      <Card title={fmt(p.runsTitle, { year })} subtitle={p.runsSubtitle} flush testId="runs-card">
        <DataTable
          testId="runs-table"
          csvHref={csvHref('allocationRuns', { year }, {}, lang)}
          initialSort={{ id: 'id', dir: 'desc' }}
          columns={[
            { id: 'id', header: p.colId },
            ...(national ? [{ id: 'province', header: t.common.province }] : []),
            { id: 'kind', header: p.colKind },
            { id: 'status', header: p.colStatusDecided },
            { id: 'issued', header: p.colIssued, align: 'right' as const },
            { id: 'takenBack', header: p.colTakenBack, align: 'right' as const },
            { id: 'paid', header: p.colPaid, align: 'right' as const },
            { id: 'net', header: p.colNet, align: 'right' as const },
            { id: 'remainingAfter', header: p.colRemainingAfter, align: 'right' as const },
            { id: 'entities', header: p.colEntities, align: 'right' as const },
            { id: 'problems', header: p.colProblems, align: 'right' as const },
            { id: 'prepared', header: p.colPrepared },
          ]}
          rows={runRows}
          empty={<EmptyState title={fmt(p.noRuns, { year })} hint={provincial ? p.noRunsHintProvincial : p.noRunsHintNational} testId="no-runs" />}
        />
      </Card>
    </>
  );
});

/** One row per province: budget, allocated, remaining, distributed, and a bar of the budget used. */
function BudgetTable({ plan, mine, t, lang }: { plan: PlanView; mine?: string; t: Dictionary; lang: Lang }) {
  const p = t.allocationPage;
  const rows = mine ? [...plan.budgets].sort((a, b) => Number(b.provinceCode === mine) - Number(a.provinceCode === mine)) : plan.budgets;
  const total = (f: (b: BudgetView) => number) => tonnes(plan.budgets.reduce((s, b) => s + f(b), 0));
  return (
    <div className="table-wrap">
      <table className="table alloc-budgets" data-testid="budget-table">
        <thead>
          <tr>
            <th>{t.common.province}</th>
            <th className="num">{p.colBudget}</th>
            <th className="num">{p.colAllocated}</th>
            <th className="num">{p.colRemaining}</th>
            <th className="num">{p.colDistributed}</th>
            <th style={{ width: '30%' }}>{p.colUse}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => {
            const used = b.budget > 0 ? Math.min(100, (b.allocated / b.budget) * 100) : 0;
            const isMine = b.provinceCode === mine;
            return (
              <tr key={b.provinceCode} className={isMine ? 'alloc-mine' : undefined} data-testid={`budget-${b.provinceCode}`}>
                <td>
                  <div className="cell-stack">
                    <strong>{lang === 'zh' ? b.provinceNameZh : b.provinceName}</strong>
                    {isMine ? <span className="sub-line">{p.yours}</span> : null}
                  </div>
                </td>
                <td className="num">{b.budget ? tonnes(b.budget) : <span className="faint">{p.noBudget}</span>}</td>
                <td className="num">{tonnes(b.allocated)}</td>
                <td className={`num${b.remaining < 0 ? ' neg' : ''}`} data-testid={`budget-${b.provinceCode}-remaining`}>
                  {tonnes(b.remaining)}
                </td>
                <td className="num">
                  <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
                    <span>{tonnes(b.distributed)}</span>
                    {b.budget > b.distributed ? <span className="sub-line alloc-warn">{fmt(p.undistributed, { n: tonnes(b.budget - b.distributed) })}</span> : null}
                  </div>
                </td>
                <td>
                  {b.budget > 0 ? (
                    <div className="alloc-bar-cell">
                      <div className="alloc-bar" role="img" aria-label={fmt(p.barLabel, { used: tonnes(b.allocated), budget: tonnes(b.budget) })}>
                        <span className={b.remaining < 0 ? 'over' : 'used'} style={{ width: `${used}%` }} />
                      </div>
                      <span className="sub-line nowrap">{`${Math.round(used)} %`}</span>
                    </div>
                  ) : (
                    <span className="faint">{t.common.dash}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td>{p.total}</td>
            <td className="num">{total((b) => b.budget)}</td>
            <td className="num">{total((b) => b.allocated)}</td>
            <td className="num">{total((b) => b.remaining)}</td>
            <td className="num">{total((b) => b.distributed)}</td>
            <td>
              <span className="alloc-legend">
                <span>
                  <i className="used" />
                  {p.legendUsed}
                </span>
                <span>
                  <i className="left" />
                  {p.legendRemaining}
                </span>
              </span>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
