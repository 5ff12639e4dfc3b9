import type { Metadata } from 'next';
import { gwpGases } from '@/domain/compliance/coverage';
import { can } from '@/domain/identity/permissions';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { policyHistory, policySettings, recentCycles, type CycleView } from '@/server/compliance/policy';
import { userNames } from '@/server/identity/session';
import { Alert } from '@/ui/Alert';
import { PendingChanges } from '../../_lib/PendingChanges';
import { Badge, type Tone } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { Person, personLabel } from '@/ui/Person';
import { guardedPage } from '../../_lib/page';
import { decimalTonnes } from '../../_lib/compliance';
import { CycleEditor } from './CycleEditor';
import { ChangeList, PENALTY_RULES, percentOf, phaseRanges } from './labels';
import { PolicyForm } from './PolicyForm';
import './policy.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.compliancePolicy.title };
}

type CycleStatus = keyof Dictionary['compliancePolicy']['status'];
const STATUS_TONE: Record<CycleStatus, Tone> = { UPCOMING: 'gray', RUNNING: 'blue', REPORTING: 'amber', SURRENDER: 'amber', PASSED: 'red', CLOSED: 'gray' };

/** Where a year stands on the market clock: its emissions year, reporting, surrender, past the deadline, or closed. */
function cycleStatus(c: CycleView, today: string): CycleStatus {
  if (c.closed) return 'CLOSED';
  const year = Number(today.slice(0, 4));
  if (c.year > year) return 'UPCOMING';
  if (c.year === year) return 'RUNNING';
  if (today <= c.reportDeadline) return 'REPORTING';
  if (today <= c.surrenderDeadline) return 'SURRENDER';
  return 'PASSED';
}

/**
 * The compliance policy (DOMAIN §6), for regulators: the offset cap, the trading phases and
 * carry-over between them, the carry-over discount, the penalty rule version (both versions
 * explained), the GWP table, the cycles of recent years, and the history of changes from the
 * audit log. The national regulator changes the policy and the years' deadlines here; provincial
 * regulators read them.
 */
export default guardedPage('compliance.oversee', async ({ actor, t, lang }) => {
  const p = t.compliancePolicy;
  // Who changes the policy and the deadlines (the national regulator); the others read them.
  const national = can(actor.roles, 'compliance.policySet');
  const [policy, cycles, history, today] = await Promise.all([policySettings(actor), recentCycles(actor), policyHistory(actor), marketDate()]);
  const names = await userNames(history.map((h) => h.actorUserId));

  const cycleRows: Row[] = cycles.map((c) => {
    const status = cycleStatus(c, today);
    return {
      id: String(c.year),
      testId: `cycle-${c.year}`,
      cells: {
        year: <strong>{c.year}</strong>,
        report: (
          <span className="mono" data-testid={`cycle-${c.year}-report-date`}>
            {c.reportDeadline}
          </span>
        ),
        surrender: (
          <span className="mono" data-testid={`cycle-${c.year}-surrender-date`}>
            {c.surrenderDeadline}
          </span>
        ),
        status: (
          <div className="cell-stack">
            <Badge tone={STATUS_TONE[status]} testId={`cycle-${c.year}-status`}>
              {p.status[status]}
            </Badge>
            {c.closed ? <span className="sub-line">{p.closedHint}</span> : !c.set ? <span className="sub-line">{p.defaultDates}</span> : null}
          </div>
        ),
        ...(national ? { actions: c.closed ? null : <CycleEditor cycle={{ year: c.year, reportDeadline: c.reportDeadline, surrenderDeadline: c.surrenderDeadline }} /> } : {}),
      },
      sort: { year: c.year, report: c.reportDeadline, surrender: c.surrenderDeadline, status: p.status[status] },
    };
  });

  const historyRows: Row[] = history.map((h) => ({
    id: h.id,
    testId: `history-${h.id}`,
    cells: {
      time: <span className="nowrap">{dateTime(h.at)}</span>,
      by: h.actorUserId ? <Person p={names.get(h.actorUserId)} lang={lang} fallback={`#${h.actorUserId}`} /> : <span className="faint">{p.system}</span>,
      what: <span className="nowrap">{h.action === 'compliance.cycle.set' ? fmt(p.whatCycle, { year: h.year ?? '' }) : p.whatPolicy}</span>,
      changes: <ChangeList changes={h.changes} t={t} testId={`history-${h.id}-changes`} />,
    },
    sort: { time: h.at, by: h.actorUserId ? personLabel(names.get(h.actorUserId), lang) : '', what: h.action === 'compliance.cycle.set' ? `${h.action} ${h.year}` : h.action },
  }));

  return (
    <>
      <PageHeader title={p.title} subtitle={p.subtitle} actions={<span className="sub-line" data-testid="policy-updated">{fmt(p.updatedAt, { date: dateTime(policy.updatedAt) })}</span>} />

      <div className="mb">
        {national ? (
          <Alert kind="info" testId="policy-national">
            {p.national}
          </Alert>
        ) : (
          <Alert kind="info" testId="policy-read-only">
            {p.readOnly}
          </Alert>
        )}
      </div>
      <PendingChanges actions={['compliance.policy', 'compliance.cycle']} t={t} testId="policy-pending" />

      <div className="grid policy-kpis mb" data-testid="policy-kpis">
        <Kpi label={p.kpiOffset} value={percentOf(policy.offsetShare)} hint={p.kpiOffsetHint} testId="kpi-offset-share" />
        <Kpi
          label={p.kpiPhases}
          value={policy.phaseStarts.length ? policy.phaseStarts.join(', ') : t.common.dash}
          hint={policy.phaseStarts.length ? phaseRanges(policy.phaseStarts, t) : undefined}
          testId="kpi-phases"
        />
        <Kpi
          label={p.kpiCarryOver}
          value={policy.carryOverBetweenPhases ? p.allowed : p.forbidden}
          hint={policy.carryOverBetweenPhases ? p.kpiCarryOverAllowed : p.kpiCarryOverForbidden}
          testId="kpi-carry-over"
        />
        <Kpi
          label={p.kpiDiscount}
          value={policy.carryOverDiscount}
          hint={policy.carryOverDiscount === '1' ? p.kpiDiscountFull : fmt(p.kpiDiscountHint, { n: policy.carryOverDiscount })}
          testId="kpi-discount"
        />
        <Kpi label={p.kpiPenalty} value={p.rules[policy.penaltyRule].short} hint={p.rules[policy.penaltyRule].name} testId="kpi-penalty-rule" />
      </div>

      <div className="grid grid-2 policy-details mb">
        <Card title={p.penaltyTitle} subtitle={p.penaltySubtitle} testId="penalty-card">
          <div className="policy-rules">
            {PENALTY_RULES.map((rule) => {
              const r = p.rules[rule];
              const inForce = policy.penaltyRule === rule;
              return (
                <section key={rule} className={`policy-rule${inForce ? ' in-force' : ''}`} data-testid={`penalty-${rule}`}>
                  <div className="policy-rule-head">
                    <h3>{r.name}</h3>
                    {inForce ? (
                      <Badge tone="green" testId={`penalty-${rule}-in-force`}>
                        {p.inForce}
                      </Badge>
                    ) : null}
                  </div>
                  <p className="sub-line">{r.law}</p>
                  <ul>
                    <li>{r.surrender}</li>
                    <li>{r.fraud}</li>
                  </ul>
                </section>
              );
            })}
          </div>
        </Card>

        <Card title={p.gwpTitle} subtitle={p.gwpSubtitle} flush testId="gwp-card">
          <div className="table-wrap">
            <table className="table" data-testid="gwp-table">
              <thead>
                <tr>
                  <th>{p.gwpColGas}</th>
                  <th className="num">{p.gwpColFactor}</th>
                </tr>
              </thead>
              <tbody>
                {gwpGases(policy.gwp).map((gas) => (
                  <tr key={gas} data-testid={`gwp-${gas}`}>
                    <td className="mono">{gas}</td>
                    <td className="num">{decimalTonnes(policy.gwp[gas]!)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="gwp-source">
            <span className="faint">{fmt(p.labelled, { label: p.gwpSource })}</span> <span data-testid="gwp-source">{policy.gwpSource}</span>
          </p>
        </Card>
      </div>

      {national ? (
        <Card title={p.formTitle} subtitle={p.formSubtitle} className="form-card" testId="policy-form-card">
          <PolicyForm policy={policy} />
        </Card>
      ) : null}

      <Card title={p.cyclesTitle} subtitle={p.cyclesSubtitle} flush testId="cycles-card">
        <DataTable
          testId="cycles-table"
          columns={[
            { id: 'year', header: p.colYear },
            { id: 'report', header: p.colReport },
            { id: 'surrender', header: p.colSurrender },
            { id: 'status', header: p.colStatus },
            ...(national ? [{ id: 'actions', header: p.colActions, sortable: false, align: 'right' as const }] : []),
          ]}
          rows={cycleRows}
          paginate={false}
        />
      </Card>

      <Card title={p.historyTitle} subtitle={p.historySubtitle} flush testId="history-card">
        <DataTable
          testId="history-table"
          columns={[
            { id: 'time', header: p.colTime },
            { id: 'by', header: p.colBy },
            { id: 'what', header: p.colWhat },
            { id: 'changes', header: p.colChanges, sortable: false },
          ]}
          rows={historyRows}
          empty={<EmptyState title={p.historyEmpty} hint={p.historyEmptyHint} testId="history-empty" />}
        />
      </Card>
    </>
  );
});
