import type { Metadata } from 'next';
import Link from 'next/link';
import Decimal from 'decimal.js';
import { can } from '@/domain/identity/permissions';
import { fmt } from '@/i18n';
import { renderNote } from '@/i18n/notes';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { listPenalties, type DeductionView } from '@/server/compliance/penalties';
import { csvHref } from '@/server/http/links';
import { Card, Kpi } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { cny, orgName, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { TotalRow } from '@/ui/TotalRow';
import { pickYear, ProvinceSwitch, YearSwitch } from '../../_lib/compliance';
import { guardedPage } from '../../_lib/page';
import { DeductionBadge, regulatorScope } from '../../_lib/penalties';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.penalties.title };
}

/**
 * The penalties of a year (regulators: a provincial one its province, the national one every
 * province or one): per entity the rule version, the shortfall at the close, the average price,
 * the fine range and the fine imposed, and the deduction from the next year's allocation —
 * scheduled, corrected by surrenders after the close, deducted, remaining — with its status.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.oversee', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const c = t.penalties;
  const { national, provinces, province, scope, provinceName } = await regulatorScope(actor, 'compliance.oversee', sp.province, lang, c.allProvinces);
  const today = await marketDate();
  const { year, years } = pickYear(sp.year, today);
  const penalties = await listPenalties(actor, year, { provinceCode: province });
  const dash = t.common.dash;
  const sum = (f: (d: DeductionView) => number) => penalties.reduce((s, p) => s + (p.deduction ? f(p.deduction) : 0), 0);
  const fines = penalties.reduce((s, p) => s.plus(p.fine), new Decimal(0)).toFixed(2);
  const shortfall = penalties.reduce((s, p) => s + p.shortfall, 0);
  const showProvince = national && !province;

  const rows: Row[] = penalties.map((p) => {
    const d = p.deduction;
    const entity = orgName({ name: p.organisationName, nameZh: p.organisationNameZh }, lang);
    return {
      id: String(p.organisationId),
      testId: `penalty-${p.organisationId}`,
      cells: {
        entity,
        province: provinceName(p.provinceCode),
        shortfall: tonnes(p.shortfall),
        price: cny(p.averagePrice, lang),
        fine: (
          <div className="cell-stack" style={{ alignItems: 'flex-end' }} title={`${cny(p.fineMin, lang)} – ${cny(p.fineMax, lang)}: ${renderNote(p.basisNote, lang)}`}>
            <strong className="nowrap">{cny(p.fine, lang)}</strong>
            <span className="sub-line" data-testid={`penalty-rule-${p.organisationId}`}>{fmt(c.fineUpTo, { rule: t.compliancePolicy.rules[p.rule].short, max: cny(p.fineMax, lang) })}</span>
          </div>
        ),
        scheduled: d ? (
          <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
            <span>{tonnes(d.scheduled)}</span>
            <span className="sub-line nowrap">{fmt(c.fromYear, { year: d.toYear })}</span>
          </div>
        ) : (
          dash
        ),
        corrected: d ? <span data-testid={`penalty-corrected-${p.organisationId}`}>{tonnes(d.corrected)}</span> : dash,
        applied: d ? tonnes(d.applied) : dash,
        remaining: d ? (
          <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
            <span data-testid={`penalty-remaining-${p.organisationId}`}>{tonnes(d.remaining)}</span>
            <DeductionBadge status={d.status} t={t} testId={`penalty-status-${p.organisationId}`} />
          </div>
        ) : (
          dash
        ),
      },
      sort: {
        entity, province: p.provinceCode, shortfall: p.shortfall, price: Number(p.averagePrice), fine: Number(p.fine),
        scheduled: d?.scheduled ?? null, corrected: d?.corrected ?? null, applied: d?.applied ?? null, remaining: d?.remaining ?? null,
      },
    };
  });
  const columns = [
    { id: 'entity', header: c.colEntity },
    ...(showProvince ? [{ id: 'province', header: c.colProvince }] : []),
    { id: 'shortfall', header: c.colShortfall, align: 'right' as const },
    { id: 'price', header: c.colPrice, align: 'right' as const },
    { id: 'fine', header: c.colFine, align: 'right' as const },
    { id: 'scheduled', header: c.colScheduled, align: 'right' as const },
    { id: 'corrected', header: c.colCorrected, align: 'right' as const },
    { id: 'applied', header: c.colApplied, align: 'right' as const },
    { id: 'remaining', header: c.colRemaining, align: 'right' as const },
  ];
  const totals = [
    c.total, ...(showProvince ? [''] : []), tonnes(shortfall), '', cny(fines, lang),
    tonnes(sum((d) => d.scheduled)), tonnes(sum((d) => d.corrected)), tonnes(sum((d) => d.applied)), tonnes(sum((d) => d.remaining)),
  ];

  return (
    <>
      <PageHeader
        title={c.title}
        subtitle={fmt(c.subtitle, { year, scope })}
        actions={
          <>
            {can(actor.roles, 'compliance.close') ? (
              <Link className="btn sm" href={`/compliance/close?${new URLSearchParams({ year: String(year), ...(province ? { province } : {}) }).toString()}`}>
                {c.closeLink}
              </Link>
            ) : null}
            {national ? (
              <ProvinceSwitch provinces={provinces} province={province} year={year} basePath="/compliance/penalties" label={t.common.province} allLabel={c.allProvincesLink} lang={lang} />
            ) : null}
            <YearSwitch years={years} year={year} basePath="/compliance/penalties" label={c.yearSwitch} params={province ? { province } : {}} />
          </>
        }
      />

      <div className="grid grid-4 mb" data-testid="penalty-kpis">
        <Kpi label={c.kpiPenalties} value={String(penalties.length)} hint={c.kpiPenaltiesHint} testId="penalty-kpi-count" />
        <Kpi label={c.kpiFines} value={cny(fines, lang)} hint={c.kpiFinesHint} testId="penalty-kpi-fines" />
        <Kpi label={c.kpiCorrected} value={tonnes(sum((d) => d.corrected))} unit={t.common.tonnes} hint={c.kpiCorrectedHint} testId="penalty-kpi-corrected" />
        <Kpi label={c.kpiRemaining} value={tonnes(sum((d) => d.remaining))} unit={t.common.tonnes} hint={c.kpiRemainingHint} testId="penalty-kpi-remaining" />
      </div>

      <Card title={fmt(c.tableTitle, { year })} flush testId="penalties-card">
        <DataTable
          testId="penalties-table"
          csvHref={csvHref('penalties', { year }, { province }, lang)}
          columns={columns}
          rows={rows}
          initialSort={{ id: 'fine', dir: 'desc' }}
          empty={<EmptyState title={fmt(c.empty, { year })} hint={c.emptyHint} testId="penalties-empty" />}
          footer={rows.length > 1 ? <TotalRow cells={totals} testId="penalties-totals" /> : undefined}
        />
      </Card>
    </>
  );
});
