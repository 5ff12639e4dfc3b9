import type { Metadata } from 'next';
import type { EmissionLine, FiledEmissionLine } from '@/domain/compliance/coverage';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { allocationsOf } from '@/server/compliance/allocation';
import { listIndustryRules, listInstallations, type IndustryRuleView } from '@/server/compliance/allocationPolicy';
import { marketDate } from '@/server/compliance/cycle';
import { listPenalties } from '@/server/compliance/penalties';
import { gwpTable } from '@/server/compliance/policy';
import { listReports } from '@/server/compliance/reports';
import { complianceStatusOf, eligibleOffsetsOf, type ComplianceStatusView } from '@/server/compliance/surrenders';
import { shellContext } from '@/server/identity/session';
import { getHoldings } from '@/server/registry/queries';
import { Alert } from '@/ui/Alert';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { cny, dateOnly, dateTime, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { NoAccess, NoAccount } from '@/ui/states';
import { ComplianceBadge, daysUntil, decimalTonnes, pickYear, REPORT_TONE, YearSwitch } from '../_lib/compliance';
import { guardedPage } from '../_lib/page';
import { holdingOptions } from '../_lib/participants';
import { AllocationSection } from './AllocationSection';
import { PenaltySection } from './PenaltySection';
import { ReportForm } from './ReportForm';
import { SurrenderForm } from './SurrenderForm';
import './compliance.css';
import './compliance-allocation.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.compliance.title };
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, (part / whole) * 100) : 0);

/**
 * A covered entity's compliance page (COMPLIANCE_OFFICER) for one year: the status and the
 * deadline, the obligation, what was surrendered, the CCER used against its cap, the gap and its
 * cost at today's price; the emission report as filed and verified; the surrender form. The
 * surrender action revalidates this page, so the status follows at once.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.surrender', async ({ actor, t, lang }, { searchParams }) => {
  // Covered entities only: a compliance officer of another kind of organisation has no obligation.
  if (actor.organisationKind !== 'COMPLIANCE_ENTITY') return <NoAccess />;
  const { account } = await shellContext(actor);
  if (!account) return <NoAccount />;

  const today = await marketDate();
  const { year, years } = pickYear((await searchParams).year, today);
  const [status, reports, holdings, allocations, nextAllocations, installations, rules, gwp, eligibleCcer, penalties] = await Promise.all([
    complianceStatusOf(actor, year),
    listReports(actor, year),
    getHoldings(actor, account.id),
    allocationsOf(actor, year),
    allocationsOf(actor, year + 1),
    listInstallations(actor),
    // The rules are public policy data: read for the output units of the report form and the calculations.
    Promise.all([listIndustryRules(actor, year), listIndustryRules(actor, year + 1)]).then(([y, n]) => ({
      year: new Map(y.map((r) => [r.code, r])), next: new Map(n.map((r) => [r.code, r])),
    })),
    // The GWP table in force (policy data): the report form's gases and factors.
    gwpTable(actor),
    // CCER from projects of covered entities are not offsets: what of each vintage counts.
    eligibleOffsetsOf(actor, year),
    // The penalty, once the regulator closed the year with a shortfall.
    listPenalties(actor, year),
  ]);
  const penalty = penalties[0] ?? null;
  const report = reports[0] ?? null;
  const filing = filingOf(year, today, status.reportDeadline, report);
  const unit = t.common.tonnes;
  const dash = t.common.dash;
  const symbol = `CEA-${year}`;
  const offsetRoom = status.offsetCap === null ? null : Math.max(status.offsetCap - status.offsetsUsed, 0);

  const gapHint =
    status.gap === null
      ? t.compliance.obligationPending
      : status.gap === 0
        ? t.compliance.gapClosed
        : status.costToClose && status.pricePerTonne
          ? fmt(t.compliance.costToClose, { cost: cny(status.costToClose, lang), price: cny(status.pricePerTonne, lang), symbol })
          : fmt(t.compliance.noPrice, { symbol });

  return (
    <>
      <PageHeader
        title={t.compliance.title}
        subtitle={t.compliance.subtitle}
        actions={<YearSwitch years={years} year={year} basePath="/compliance" label={t.compliance.yearSwitch} />}
      />

      <StatusStrip status={status} today={today} t={t} />

      <div className="grid grid-4 mb">
        <Kpi
          label={t.compliance.obligation}
          value={status.obligation === null ? dash : tonnes(status.obligation)}
          unit={status.obligation === null ? undefined : unit}
          hint={report?.verifiedAt ? fmt(t.compliance.verifiedOn, { date: dateOnly(report.verifiedAt) }) : t.compliance.obligationPending}
          testId="compliance-obligation"
        />
        <Kpi
          label={t.compliance.surrendered}
          value={tonnes(status.surrendered)}
          unit={unit}
          hint={status.excess > 0 ? fmt(t.compliance.excessHint, { n: tonnes(status.excess) }) : t.compliance.surrenderedHint}
          testId="compliance-surrendered"
        />
        <Kpi label={t.compliance.gap} value={status.gap === null ? dash : tonnes(status.gap)} unit={status.gap === null ? undefined : unit} hint={gapHint} testId="compliance-gap" />
        <Kpi
          label={t.compliance.offsets}
          value={status.offsetCap === null ? dash : `${tonnes(status.offsetsUsed)} / ${tonnes(status.offsetCap)}`}
          unit={status.offsetCap === null ? undefined : unit}
          hint={offsetRoom === null ? t.compliance.offsetsNoCap : fmt(t.compliance.offsetsLeft, { n: tonnes(offsetRoom) })}
          testId="compliance-offsets"
        />
      </div>

      {penalty ? (
        <div className="mb">
          <PenaltySection penalty={penalty} gap={status.gap} t={t} lang={lang} />
        </div>
      ) : null}

      <div className="grid grid-main-side">
        <Card
          title={fmt(t.compliance.reportTitle, { year })}
          subtitle={t.compliance.reportSubtitle}
          actions={report ? <Badge tone={REPORT_TONE[report.status]} testId="report-status">{t.reportStatus[report.status]}</Badge> : undefined}
          testId="report-card"
        >
          {report ? (
            <ReportBody report={report} t={t} />
          ) : (
            <EmptyState title={fmt(t.compliance.noReport, { year })} hint={fmt(t.compliance.noReportHint, { year, date: status.reportDeadline })} testId="no-report" />
          )}
        </Card>
        <Card title={t.compliance.surrenderTitle} subtitle={fmt(t.compliance.surrenderSubtitle, { year })} testId="surrender-card">
          {holdings.status !== 'ACTIVE' ? (
            <div className="mb">
              <Alert kind="warn">{fmt(t.compliance.accountRestricted, { status: t.accountStatus[holdings.status] })}</Alert>
            </div>
          ) : null}
          <SurrenderForm
            year={year}
            holdings={holdingOptions(holdings.items)}
            obligation={status.obligation}
            gap={status.gap}
            offsetRoom={offsetRoom}
            eligibleCcer={eligibleCcer}
            disabled={holdings.status !== 'ACTIVE'}
          />
        </Card>
      </div>

      <AllocationSection
        years={[
          { year, allocations },
          { year: year + 1, allocations: nextAllocations },
        ]}
        units={new Map([...rules.next, ...rules.year].map(([code, r]) => [code, r.outputUnit]))}
        t={t}
        lang={lang}
      />

      <Card
        title={fmt(filing === 'OPEN' ? (report ? t.complianceAllocation.refileTitle : t.complianceAllocation.fileTitle) : t.complianceAllocation.closedTitle, { year })}
        subtitle={t.complianceAllocation.fileSubtitle}
        testId="report-file-card"
      >
        {filing === 'OPEN' ? (
          <ReportForm
            year={year}
            deadline={status.reportDeadline}
            gwp={gwp.gwp}
            gwpSource={gwp.gwpSource}
            installations={installations
              .filter((i) => i.active)
              .map((i) => ({ code: i.code, name: i.name, unit: rules.year.get(i.ruleCode)?.outputUnit ?? null, needsOutput: needsOutput(rules.year.get(i.ruleCode)) }))}
            initialLines={report && Array.isArray(report.lines) ? (report.lines as EmissionLine[]) : []}
            initialOutputs={report?.outputs && typeof report.outputs === 'object' ? (report.outputs as Record<string, string>) : {}}
            refile={report !== null}
          />
        ) : (
          <FilingClosed state={filing} year={year} today={today} deadline={status.reportDeadline} report={report} t={t} />
        )}
      </Card>
    </>
  );
});

/** An installation whose rule allocates on output (benchmark, historical intensity) needs its output reported. */
const needsOutput = (rule: IndustryRuleView | undefined) => rule !== undefined && rule.method !== 'HISTORICAL_EMISSIONS';

type Filing = 'OPEN' | 'VERIFIED' | 'NOT_ENDED' | 'DEADLINE_PASSED';

/** The report is filed for a finished year, until its deadline, and may be filed again until it is verified. */
function filingOf(year: number, today: string, deadline: string, report: Report | null): Filing {
  if (report?.status === 'VERIFIED') return 'VERIFIED';
  if (year >= Number(today.slice(0, 4))) return 'NOT_ENDED';
  return today > deadline ? 'DEADLINE_PASSED' : 'OPEN';
}

/** Why the report cannot be filed now. */
function FilingClosed({ state, year, today, deadline, report, t }: { state: Exclude<Filing, 'OPEN'>; year: number; today: string; deadline: string; report: Report | null; t: Dictionary }) {
  const ta = t.complianceAllocation;
  if (state === 'VERIFIED') {
    return (
      <Alert kind="success" testId="report-closed">
        {fmt(ta.closedVerified, { year, date: report?.verifiedAt ? dateOnly(report.verifiedAt) : '', due: deadline })}
      </Alert>
    );
  }
  if (state === 'NOT_ENDED') {
    return (
      <Alert kind="info" testId="report-closed">
        {fmt(ta.closedNotEnded, { year, next: year + 1, date: deadline })}
      </Alert>
    );
  }
  return (
    <Alert kind="warn" testId="report-closed">
      {fmt(report ? ta.closedDeadlineFiled : ta.closedDeadline, { year, date: deadline, today })}
    </Alert>
  );
}

/** Status badge, progress towards the obligation (CEA and CCER), and the days left to the deadline. */
function StatusStrip({ status, today, t }: { status: ComplianceStatusView; today: string; t: Dictionary }) {
  const days = daysUntil(today, status.surrenderDeadline);
  const done = status.status === 'COMPLIANT';
  const countdown = days > 1 ? fmt(t.compliance.daysLeft, { n: days }) : days === 1 ? t.compliance.oneDayLeft : days === 0 ? t.compliance.dueToday : fmt(t.compliance.overdue, { n: -days });
  // No colour without an obligation: a passed deadline is only a problem for an entity that owes something.
  const tone = done ? 'done' : status.obligation === null ? '' : days < 0 ? 'late' : days <= 30 ? 'soon' : '';
  const obligation = status.obligation ?? 0;
  const cea = status.surrendered - status.offsetsUsed;
  return (
    <section className="card compliance-strip" data-testid="compliance-strip">
      <div>
        <div className="strip-label">{fmt(t.compliance.statusFor, { year: status.year })}</div>
        <div className="status-badge">
          <ComplianceBadge status={status.status} t={t} testId="compliance-status" />
        </div>
      </div>
      <div>
        {status.obligation === null ? (
          <div className="muted">{t.compliance.noObligationYet}</div>
        ) : (
          <>
            <div className="strip-label">{fmt(t.compliance.progress, { pct: `${Math.floor(pct(status.surrendered, obligation))} %` })}</div>
            <div className="progress" role="img" aria-label={fmt(t.compliance.progress, { pct: `${Math.floor(pct(status.surrendered, obligation))} %` })}>
              <span className="cea" style={{ width: `${pct(cea, obligation)}%` }} />
              <span className="ccer" style={{ width: `${Math.min(pct(status.offsetsUsed, obligation), 100 - pct(cea, obligation))}%` }} />
            </div>
            <div className="progress-legend">
              <span>
                <i className="cea" />
                CEA {tonnes(cea)} {t.common.tonnes}
              </span>
              <span>
                <i className="ccer" />
                CCER {tonnes(status.offsetsUsed)} {t.common.tonnes}
              </span>
              <span>
                <i className="gap" />
                {t.compliance.gap} {tonnes(status.gap ?? 0)} {t.common.tonnes}
              </span>
            </div>
          </>
        )}
      </div>
      <div className="deadline">
        <div className="strip-label">{fmt(t.compliance.deadline, { date: status.surrenderDeadline })}</div>
        <div className={`days ${tone}`} data-testid="compliance-deadline">
          {countdown}
        </div>
        <div className="sub">
          {fmt(t.compliance.marketDate, { date: today })} · {fmt(t.compliance.reportDue, { date: status.reportDeadline })}
        </div>
      </div>
    </section>
  );
}

type Report = Awaited<ReturnType<typeof listReports>>[number];

/** The report as filed (lines converted to tCO2e, production output) and the verification. */
function ReportBody({ report, t }: { report: Report; t: Dictionary }) {
  // Each line as filed, with the factor and tCO2e it was converted with (a later change of the GWP table leaves them as they were).
  const lines = Array.isArray(report.lines) ? (report.lines as Partial<FiledEmissionLine>[]) : [];
  const outputs = report.outputs && typeof report.outputs === 'object' ? Object.entries(report.outputs as Record<string, string>) : [];
  const corrected = report.verifiedEmissions !== null && report.verifiedEmissions !== report.reportedCo2e;
  return (
    <>
      <dl className="facts report-facts">
        <dt>{t.compliance.reported}</dt>
        <dd data-testid="report-reported">
          <strong>{tonnes(report.reportedCo2e)}</strong> tCO2e <span className="muted">· {t.compliance.filed} {dateTime(report.submittedAt)}</span>
        </dd>
        <dt>{t.compliance.verified}</dt>
        <dd data-testid="report-verified">
          {report.verifiedEmissions === null ? (
            <span className="muted">{t.compliance.awaiting}</span>
          ) : (
            <>
              <strong>{tonnes(report.verifiedEmissions)}</strong> tCO2e
              {corrected ? <span className="muted"> ({fmt(t.compliance.correctedFrom, { n: tonnes(report.reportedCo2e) })})</span> : null}
              {report.verifiedAt ? <span className="muted"> · {dateTime(report.verifiedAt)}</span> : null}
            </>
          )}
        </dd>
        {report.verificationNote ? (
          <>
            <dt>{t.compliance.note}</dt>
            <dd data-testid="report-note">“{report.verificationNote}”</dd>
          </>
        ) : null}
        {outputs.length ? (
          <>
            <dt>{t.compliance.outputs}</dt>
            <dd>{outputs.map(([k, v]) => `${decimalTonnes(String(v))} ${k}`).join(' · ')}</dd>
          </>
        ) : null}
      </dl>
      <div className="table-wrap">
        <table className="table" data-testid="report-lines">
          <thead>
            <tr>
              <th>{t.compliance.colSource}</th>
              <th>{t.compliance.colGas}</th>
              <th className="num">{t.compliance.colGasTonnes}</th>
              <th className="num">{t.compliance.colCo2e}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i}>
                <td>{l.source}</td>
                <td className="mono">
                  {l.gas}
                  {typeof l.gwp === 'string' ? <span className="faint"> × {decimalTonnes(l.gwp)}</span> : null}
                </td>
                <td className="num">{decimalTonnes(String(l.quantity))}</td>
                <td className="num">{typeof l.co2e === 'string' ? decimalTonnes(l.co2e) : t.common.dash}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>{t.compliance.reported}</td>
              <td className="num">{tonnes(report.reportedCo2e)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
