import type { Metadata } from 'next';
import Link from 'next/link';
import Decimal from 'decimal.js';
import { scopeOf } from '@/domain/identity/permissions';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { complianceOverview, STATUSES, type ComplianceRate, type OverviewFigures } from '@/server/compliance/overview';
import { listProvinces } from '@/server/registry/queries';
import { Card, Kpi } from '@/ui/Card';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { TotalRow } from '@/ui/TotalRow';
import { guardedPage } from '../../_lib/page';
import { pickYear, ProvinceSwitch, YearSwitch, type ComplianceStatus } from '../../_lib/compliance';
import { GroupedBarChart } from './GroupedBarChart';
import { StatusDonut } from './StatusDonut';
import './overview.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.complianceOverview.title };
}

/** Status colours of the donut, matching the status badges (COMPLIANCE_TONE). */
const STATUS_COLORS: Record<ComplianceStatus, string> = {
  NOT_DUE: '#a9b4af', IN_PROGRESS: COLORS.series[1]!, COMPLIANT: COLORS.series[0]!, PARTIAL: COLORS.series[2]!, DEFAULTED: COLORS.series[4]!,
};
const SERIES_COLORS = { budget: '#9fb0a9', allocated: COLORS.series[1]!, verified: COLORS.series[2]!, surrendered: COLORS.series[0]! };

/** A share string ("0.7391") as a percentage with one decimal: "73.9%". */
const percent = (share: string | null) => (share === null ? null : `${new Decimal(share).times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`);
const shareOf = (part: number, whole: number | null) => (whole ? new Decimal(part).div(whole).toFixed(4) : null);
const hasFigures = (f: OverviewFigures) => f.allocated !== 0 || f.verifiedEmissions !== 0 || f.surrendered !== 0;

/**
 * The regulators' compliance overview (PROVINCIAL_REGULATOR for its province, NATIONAL_REGULATOR
 * for every province or one): for a year, the cap (provincial budgets) against what was
 * allocated, the verified emissions and what was surrendered — by industry and, nationally, by
 * province — the compliance rate and the entities by status, and the CCER share of surrenders
 * against the policy cap (DOMAIN §7). The policy itself (offset cap, banking, penalties, GWP
 * table, deadlines) has its own page, /compliance/policy, linked from the header.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.oversee', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const national = scopeOf(actor.roles, 'compliance.oversee') === 'all';
  const provinces = national ? await listProvinces() : [];
  const asked = typeof sp.province === 'string' ? sp.province : undefined;
  const province = national ? provinces.find((p) => p.code === asked)?.code : undefined;
  const today = await marketDate();
  const picked = pickYear(sp.year, today);
  const year = picked.year;
  // The running year too: its allocation (cap and pre-allocation) is known before its reports.
  const years = [...new Set([Number(today.slice(0, 4)), ...picked.years])].sort((a, b) => b - a);
  const o = await complianceOverview(actor, year, { provinceCode: province });

  const c = t.complianceOverview;
  const unit = t.common.tonnes;
  const dash = t.common.dash;
  const provinceLabel = (p: { provinceName: string; provinceNameZh: string }) => (lang === 'zh' ? p.provinceNameZh : p.provinceName);
  const scopeName = o.provinceCode === null ? c.allProvinces : o.byProvince[0] ? provinceLabel(o.byProvince[0]) : o.provinceCode;
  const industryLabel = (code: string) => (t.industries as Record<string, string>)[code] ?? code;
  // Nothing to chart: no plan, no allocation, no verified report, no surrender (the status donut still shows who is covered).
  const empty = o.budget === null && o.nationalCap === null && !hasFigures(o);
  const href = (params: Record<string, string>) => `/compliance/overview?${new URLSearchParams(params).toString()}`;

  const series = (withBudget: boolean) => [
    ...(withBudget ? [{ key: 'budget', label: c.seriesBudget, color: SERIES_COLORS.budget }] : []),
    { key: 'allocated', label: c.seriesAllocated, color: SERIES_COLORS.allocated },
    { key: 'verified', label: c.seriesVerified, color: SERIES_COLORS.verified },
    { key: 'surrendered', label: c.seriesSurrendered, color: SERIES_COLORS.surrendered },
  ];
  const industryData = o.byIndustry
    .filter(hasFigures)
    .map((i) => ({ name: industryLabel(i.industry), allocated: i.allocated, verified: i.verifiedEmissions, surrendered: i.surrendered }));
  const provinceData = o.byProvince.map((p) => ({ name: provinceLabel(p), budget: p.budget ?? 0, allocated: p.allocated, verified: p.verifiedEmissions, surrendered: p.surrendered }));
  const showProvinces = national && o.provinceCode === null;

  const industryRows: Row[] = o.byIndustry.map((i) => ({
    id: i.industry,
    testId: `industry-${i.industry}`,
    cells: {
      industry: industryLabel(i.industry),
      entities: String(i.compliance.entities),
      ...figureCells(i, i.compliance, t),
    },
    sort: { industry: industryLabel(i.industry), entities: i.compliance.entities, ...figureSort(i, i.compliance) },
  }));
  const provinceRows: Row[] = o.byProvince.map((p) => ({
    id: p.provinceCode,
    testId: `province-${p.provinceCode}`,
    cells: {
      province: (
        <Link href={href({ year: String(year), province: p.provinceCode })} title={c.open} className="nowrap">
          {provinceLabel(p)}
        </Link>
      ),
      budget: p.budget === null ? null : tonnes(p.budget),
      ...figureCells(p, p.compliance, t),
      allocated: (
        <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
          <span>{tonnes(p.allocated)}</span>
          {p.budget ? <span className="sub-line">{fmt(c.ofBudget, { pct: percent(shareOf(p.allocated, p.budget))! })}</span> : null}
        </div>
      ),
      offsetShare: percent(p.offsets.share),
    },
    sort: { province: provinceLabel(p), budget: p.budget, ...figureSort(p, p.compliance), offsetShare: p.offsets.share === null ? null : Number(p.offsets.share) },
  }));

  const figureColumns = [
    { id: 'allocated', header: c.colAllocated, align: 'right' as const },
    { id: 'verified', header: c.colVerified, align: 'right' as const },
    { id: 'surrendered', header: c.colSurrendered, align: 'right' as const },
    { id: 'offsets', header: c.colOffsets, align: 'right' as const },
    { id: 'covered', header: c.colCovered, align: 'right' as const },
    { id: 'compliant', header: c.colCompliant, align: 'right' as const },
  ];

  return (
    <>
      <PageHeader
        title={c.title}
        subtitle={fmt(c.subtitle, { year, scope: scopeName })}
        actions={
          <>
            <Link className="btn sm" href="/compliance/policy" data-testid="policy-link">
              {t.nav.compliancePolicy}
            </Link>
            {national ? (
              <ProvinceSwitch provinces={provinces} province={province} year={year} basePath="/compliance/overview" label={t.common.province} allLabel={c.allProvincesLink} lang={lang} />
            ) : null}
            <YearSwitch years={years} year={year} basePath="/compliance/overview" label={c.yearSwitch} params={province ? { province } : {}} />
          </>
        }
      />

      <div className="grid grid-main-side overview-top mb">
        <div className="grid grid-3 overview-kpis" data-testid="overview-kpis">
          <Kpi
            label={c.kpiCap}
            value={o.budget === null ? dash : tonnes(o.budget)}
            unit={o.budget === null ? undefined : unit}
            hint={
              o.budget === null
                ? fmt(c.kpiCapNone, { year })
                : o.provinceCode === null && o.nationalCap !== null
                  ? fmt(c.kpiCapHint, { n: tonnes(o.nationalCap) })
                  : fmt(c.kpiCapProvince, { province: scopeName })
            }
            testId="kpi-cap"
          />
          <Kpi
            label={c.kpiAllocated}
            value={tonnes(o.allocated)}
            unit={unit}
            hint={o.budget ? fmt(c.kpiAllocatedHint, { pct: percent(shareOf(o.allocated, o.budget))! }) : c.kpiAllocatedNoBudget}
            testId="kpi-allocated"
          />
          <Kpi label={c.kpiVerified} value={tonnes(o.verifiedEmissions)} unit={unit} hint={fmt(c.kpiVerifiedHint, { n: o.compliance.withObligation })} testId="kpi-verified" />
          <Kpi
            label={c.kpiSurrendered}
            value={tonnes(o.surrendered)}
            unit={unit}
            hint={o.compliance.coveredShare === null ? c.kpiSurrenderedNone : fmt(c.kpiSurrenderedHint, { pct: percent(o.compliance.coveredShare)! })}
            testId="kpi-surrendered"
          />
          <Kpi
            label={c.kpiRate}
            value={percent(o.compliance.compliantShare) ?? dash}
            hint={o.compliance.withObligation ? fmt(c.kpiRateHint, { n: o.compliance.compliant, m: o.compliance.withObligation }) : c.kpiRateNone}
            testId="kpi-rate"
          />
          <Kpi
            label={c.kpiOffsets}
            value={
              <>
                {percent(o.offsets.share) ?? dash}
                <span className="unit">/ {percent(o.offsets.policyShare)}</span>
              </>
            }
            hint={
              o.offsets.share === null
                ? fmt(c.kpiOffsetsNone, { cap: percent(o.offsets.policyShare)! })
                : fmt(c.kpiOffsetsHint, { cap: percent(o.offsets.policyShare)!, n: tonnes(o.offsets.offsetsUsed), max: tonnes(o.offsets.cap) })
            }
            testId="kpi-offsets"
          />
        </div>
        <Card
          title={c.statusChart}
          subtitle={
            <>
              {fmt(c.statusChartSub, { n: o.compliance.entities, year })}
              <br />
              <span className={o.deadlinePassed ? 'neg' : undefined}>{fmt(o.deadlinePassed ? c.deadlinePassed : c.deadline, { date: o.surrenderDeadline })}</span>
            </>
          }
          testId="status-card"
        >
          {o.compliance.entities ? (
            <StatusDonut
              testId="status-donut"
              total={o.compliance.entities}
              totalLabel={c.colEntities}
              slices={STATUSES.map((s) => ({ key: s, label: t.complianceStatus[s], value: o.compliance.byStatus[s], color: STATUS_COLORS[s] }))}
            />
          ) : (
            <EmptyState title={fmt(c.emptyStatus, { year })} testId="status-empty" />
          )}
        </Card>
      </div>

      {empty ? (
        <Card testId="overview-empty">
          <EmptyState title={fmt(c.empty, { year })} hint={fmt(c.emptyHint, { year })} />
        </Card>
      ) : (
        <>
          <Card title={c.industryChart} subtitle={c.industryChartSub} flush testId="industry-card">
            <div className="overview-chart">
              {industryData.length ? (
                <GroupedBarChart testId="industry-chart" data={industryData} series={series(false)} height={280} />
              ) : (
                <EmptyState title={fmt(c.emptyChart, { year })} testId="industry-chart-empty" />
              )}
            </div>
            <DataTable
              testId="industry-table"
              csvHref={csvHref('complianceOverview', { year }, { province }, lang)}
              columns={[{ id: 'industry', header: c.colIndustry }, { id: 'entities', header: c.colEntities, align: 'right' as const }, ...figureColumns]}
              rows={industryRows}
              footer={
                industryRows.length > 1 ? (
                  <TotalRow cells={[c.total, String(o.compliance.entities), ...figureTexts(o, o.compliance, t)]} />
                ) : undefined
              }
            />
          </Card>

          {showProvinces ? (
            <Card title={c.provinceChart} subtitle={c.provinceChartSub} flush testId="province-card">
              <div className="overview-chart">
                <GroupedBarChart testId="province-chart" data={provinceData} series={series(true)} height={260} />
              </div>
              <DataTable
                testId="province-table"
                csvHref={csvHref('complianceOverview', { year }, { province }, lang)}
                columns={[
                  { id: 'province', header: c.colProvince },
                  { id: 'budget', header: c.colBudget, align: 'right' as const },
                  ...figureColumns,
                  { id: 'offsetShare', header: c.colOffsetShare, align: 'right' as const },
                ]}
                rows={provinceRows}
                footer={
                  provinceRows.length > 1 ? (
                    <TotalRow cells={[c.total, o.budget === null ? dash : tonnes(o.budget), ...figureTexts(o, o.compliance, t), percent(o.offsets.share) ?? dash]} />
                  ) : undefined
                }
              />
            </Card>
          ) : null}
        </>
      )}
    </>
  );
});

/** The figure columns shared by the industry and province tables. */
function figureCells(f: OverviewFigures, rate: ComplianceRate, t: Dictionary) {
  const [allocated, verified, surrendered, offsets, covered, compliant] = figureTexts(f, rate, t);
  return { allocated, verified, surrendered, offsets, covered, compliant };
}

function figureTexts(f: OverviewFigures, rate: ComplianceRate, t: Dictionary): string[] {
  return [
    tonnes(f.allocated),
    tonnes(f.verifiedEmissions),
    tonnes(f.surrendered),
    tonnes(f.offsetsUsed),
    percent(rate.coveredShare) ?? t.common.dash,
    rate.withObligation ? `${rate.compliant} / ${rate.withObligation}` : t.common.dash,
  ];
}

function figureSort(f: OverviewFigures, rate: ComplianceRate) {
  return {
    allocated: f.allocated, verified: f.verifiedEmissions, surrendered: f.surrendered, offsets: f.offsetsUsed,
    covered: rate.coveredShare === null ? null : Number(rate.coveredShare), compliant: rate.compliantShare === null ? null : Number(rate.compliantShare),
  };
}
