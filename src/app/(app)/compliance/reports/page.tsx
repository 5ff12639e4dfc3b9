import type { Metadata } from 'next';
import type { EmissionLine } from '@/domain/compliance/coverage';
import { scopeOf } from '@/domain/identity/permissions';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { listReports } from '@/server/compliance/reports';
import { complianceStatusesOf } from '@/server/compliance/surrenders';
import { listProvinces, provinceEntities } from '@/server/registry/queries';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime, signedTonnes, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { ComplianceBadge, decimalTonnes, pickYear, REPORT_TONE, ProvinceSwitch, YearSwitch } from '../../_lib/compliance';
import { VerifyActions } from './VerifyActions';
import '../compliance.css';

/** Submitted reports first (they need a decision), then verified ones, then entities that have not filed. */
const REPORT_ORDER = { SUBMITTED: 0, VERIFIED: 1, NONE: 2 } as const;

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.complianceReports.title };
}

/**
 * The regulator's verification page (PROVINCIAL_REGULATOR for its province, NATIONAL_REGULATOR
 * for any): the year's emission reports of the covered entities, with each entity's compliance
 * status; a submitted report is confirmed, or corrected with a figure and a reason.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.verify', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const national = scopeOf(actor.roles, 'compliance.verify') === 'all';
  const provinces = await listProvinces();
  const asked = typeof sp.province === 'string' ? sp.province : undefined;
  const province = national ? provinces.find((p) => p.code === asked)?.code : (actor.provinceCode ?? undefined);
  const today = await marketDate();
  const { year, years } = pickYear(sp.year, today);

  const [entities, allReports] = await Promise.all([provinceEntities(actor, national ? province : undefined), listReports(actor, year)]);
  const inScope = new Set(entities.map((o) => o.organisationId));
  const reports = allReports.filter((r) => inScope.has(r.organisationId));
  const reportOf = new Map(reports.map((r) => [r.organisationId, r]));
  const statuses = await complianceStatusesOf(actor, year, entities.map((o) => o.organisationId));
  const statusOf = new Map(statuses.map((s) => [s.organisationId, s]));

  const provinceName = (code: string | null | undefined) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : t.complianceReports.allProvinces;
  };
  const name = (o: { name: string; nameZh: string }) => (lang === 'zh' ? o.nameZh : o.name);
  const unit = t.common.tonnes;
  const pending = reports.filter((r) => r.status === 'SUBMITTED');
  const verified = reports.filter((r) => r.verifiedEmissions !== null);
  const withObligation = statuses.filter((s) => s.obligation !== null);
  const compliant = statuses.filter((s) => s.status === 'COMPLIANT');
  const gaps = statuses.reduce((sum, s) => sum + (s.gap ?? 0), 0);
  const deadlines = statuses[0] ?? null;

  // Thousands of entities for the national regulator: sorted and paged here, one page sent.
  const sortValues = (o: (typeof entities)[number]): Record<string, SortValue> => {
    const r = reportOf.get(o.organisationId);
    return {
      entity: name(o), reported: r?.reportedCo2e ?? null, filed: r?.submittedAt ?? null, report: REPORT_ORDER[r?.status ?? 'NONE'],
      verified: r?.verifiedEmissions ?? null, compliance: t.complianceStatus[statusOf.get(o.organisationId)!.status],
    };
  };
  const request = tablePageRequest(sp, { sortable: ['entity', 'reported', 'filed', 'report', 'verified', 'compliance'], initialSort: { id: 'report', dir: 'asc' } });
  const shown = sortedPage(entities, (o, id) => sortValues(o)[id], request);
  const rows: Row[] = shown.items.map((o) => {
    const r = reportOf.get(o.organisationId);
    const s = statusOf.get(o.organisationId)!;
    const lines = r && Array.isArray(r.lines) ? (r.lines as EmissionLine[]) : [];
    const reportStatus = r?.status ?? 'NONE';
    const diff = r && r.verifiedEmissions !== null ? r.verifiedEmissions - r.reportedCo2e : 0;
    return {
      id: String(o.organisationId),
      testId: `entity-${o.organisationId}`,
      cells: {
        entity: (
          <div className="cell-stack">
            <span>{name(o)}</span>
            <span className="sub-line mono">{o.creditCode}</span>
            {lines.length ? (
              <details className="json">
                <summary>{fmt(t.complianceReports.lines, { n: lines.length })}</summary>
                <ul className="sub-line" style={{ margin: '4px 0 0', paddingLeft: 16 }}>
                  {lines.map((l, i) => (
                    <li key={i}>
                      {l.source} · {l.gas} {decimalTonnes(String(l.quantity))} {unit}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        ),
        reported: r ? <strong data-testid={`report-reported-${r.id}`}>{tonnes(r.reportedCo2e)}</strong> : null,
        filed: r ? <span className="nowrap">{dateTime(r.submittedAt)}</span> : null,
        report: (
          <Badge tone={REPORT_TONE[reportStatus]} testId={r ? `report-status-${r.id}` : undefined}>
            {t.reportStatus[reportStatus]}
          </Badge>
        ),
        verified:
          r && r.verifiedEmissions !== null ? (
            <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
              <strong data-testid={`report-verified-${r.id}`}>{tonnes(r.verifiedEmissions)}</strong>
              {diff !== 0 ? <span className="sub-line">{fmt(t.complianceReports.diff, { d: signedTonnes(diff) })}</span> : null}
              {r.verificationNote ? (
                <span className="sub-line" title={r.verificationNote} style={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  “{r.verificationNote}”
                </span>
              ) : null}
            </div>
          ) : null,
        compliance: (
          <div className="cell-stack">
            <ComplianceBadge status={s.status} t={t} testId={`entity-status-${o.organisationId}`} />
            {s.gap ? <span className="sub-line">{fmt(t.complianceReports.gapLeft, { n: tonnes(s.gap) })}</span> : null}
          </div>
        ),
        actions: r && r.status === 'SUBMITTED' ? <VerifyActions year={year} reportId={r.id} entity={name(o)} reported={r.reportedCo2e} /> : null,
      },
      sort: sortValues(o),
    };
  });

  return (
    <>
      <PageHeader
        title={t.complianceReports.title}
        subtitle={fmt(t.complianceReports.subtitle, { year, province: provinceName(province) })}
        actions={
          <>
            {national ? (
              <ProvinceSwitch provinces={provinces} province={province} year={year} basePath="/compliance/reports" label={t.common.province} allLabel={t.complianceReports.allProvincesLink} lang={lang} />
            ) : null}
            <YearSwitch years={years} year={year} basePath="/compliance/reports" label={t.compliance.yearSwitch} params={province && national ? { province } : {}} />
          </>
        }
      />
      <div className="grid grid-4 mb">
        <Kpi label={t.complianceReports.kpiFiled} value={tonnes(reports.length)} hint={fmt(t.complianceReports.kpiFiledHint, { n: entities.length })} testId="kpi-filed" />
        <Kpi
          label={t.complianceReports.kpiPending}
          value={tonnes(pending.length)}
          hint={deadlines ? fmt(t.complianceReports.kpiPendingHint, { date: deadlines.reportDeadline }) : undefined}
          testId="kpi-pending"
        />
        <Kpi
          label={t.complianceReports.kpiVerified}
          value={tonnes(verified.reduce((sum, r) => sum + (r.verifiedEmissions ?? 0), 0))}
          unit={unit}
          hint={fmt(t.complianceReports.kpiVerifiedHint, { n: verified.length })}
          testId="kpi-verified"
        />
        <Kpi
          label={t.complianceReports.kpiCompliant}
          value={`${compliant.length} / ${withObligation.length}`}
          hint={deadlines ? fmt(t.complianceReports.kpiCompliantHint, { n: tonnes(gaps), date: deadlines.surrenderDeadline }) : undefined}
          testId="kpi-compliant"
        />
      </div>
      <Card title={fmt(t.complianceReports.tableTitle, { year })} subtitle={province ? provinceName(province) : t.complianceReports.allProvincesLink} flush>
        <DataTable
          testId="reports-table"
          csvHref={csvHref('reportList', { year }, {}, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/compliance/reports', params: { year: String(year), ...(province && national ? { province } : {}) } }}
          columns={[
            { id: 'entity', header: t.complianceReports.colEntity },
            { id: 'reported', header: t.complianceReports.colReported, align: 'right' },
            { id: 'filed', header: t.complianceReports.colFiled },
            { id: 'report', header: t.complianceReports.colReport },
            { id: 'verified', header: t.complianceReports.colVerified, align: 'right' },
            { id: 'compliance', header: t.complianceReports.colCompliance },
            { id: 'actions', header: t.common.actions, sortable: false },
          ]}
          rows={rows}
          empty={<EmptyState title={t.complianceReports.empty} />}
        />
      </Card>
    </>
  );
});
