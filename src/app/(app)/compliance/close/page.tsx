import type { Metadata } from 'next';
import Link from 'next/link';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { listPenalties, previewClosing, type ClosingPreview } from '@/server/compliance/penalties';
import { DomainError } from '@/server/errors';
import { csvHref } from '@/server/http/links';
import { Alert } from '@/ui/Alert';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { cny, dateTime, orgName, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { TotalRow } from '@/ui/TotalRow';
import { daysUntil, pickYear, ProvinceSwitch, YearSwitch } from '../../_lib/compliance';
import { guardedPage } from '../../_lib/page';
import { regulatorScope } from '../../_lib/penalties';
import { CloseYearButton } from './CloseYearButton';
import './close.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.complianceClose.title };
}

/**
 * Closing a compliance year (PROVINCIAL_REGULATOR for its province, NATIONAL_REGULATOR for every
 * province or one): before the surrender deadline, when it can be closed; after it, the preview of
 * what the close records — each entity that falls short with its obligation, surrendered tonnes,
 * shortfall, fine range and fine under the rule in force, and its deduction from next year's
 * allocation, with totals — which provinces are closed already (when, by whom), and the close
 * itself behind a confirmation. Once closed, the penalties recorded.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.close', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  const c = t.complianceClose;
  const { national, provinces, province, scope, provinceName } = await regulatorScope(actor, 'compliance.close', sp.province, lang, c.allProvinces);
  const today = await marketDate();
  const { year, years } = pickYear(sp.year, today);
  const next = year + 1;

  let preview: ClosingPreview | null = null;
  let notYet: { deadline: string; today: string } | null = null;
  try {
    preview = await previewClosing(actor, year, { provinceCode: province });
  } catch (e) {
    if (!(e instanceof DomainError) || e.problem.code !== 'DEADLINE_NOT_PASSED') throw e;
    notYet = e.problem.params;
  }

  const header = (
    <PageHeader
      title={c.title}
      subtitle={fmt(c.subtitle, { year, scope, next })}
      actions={
        <>
          {national ? (
            <ProvinceSwitch provinces={provinces} province={province} year={year} basePath="/compliance/close" label={t.common.province} allLabel={c.allProvincesLink} lang={lang} />
          ) : null}
          <YearSwitch years={years} year={year} basePath="/compliance/close" label={c.yearSwitch} params={province ? { province } : {}} />
        </>
      }
    />
  );

  if (!preview) {
    return (
      <>
        {header}
        <Card testId="close-not-yet">
          <EmptyState
            icon="…"
            title={fmt(c.notYetTitle, { year })}
            hint={fmt(c.notYetHint, { deadline: notYet!.deadline, today: notYet!.today, days: Math.max(daysUntil(notYet!.today, notYet!.deadline) + 1, 1) })}
          />
        </Card>
      </>
    );
  }

  const p = preview;
  const rule = t.compliancePolicy.rules[p.rule];
  const open = p.provinces.filter((x) => x.closed === null);
  const canClose = p.lines.length > 0 || open.length > 0;
  const showProvince = p.provinces.length > 1;
  const recorded = p.recorded.penalties ? await listPenalties(actor, year, { provinceCode: province }) : [];
  const penaltiesHref = `/compliance/penalties?${new URLSearchParams({ year: String(year), ...(province ? { province } : {}) }).toString()}`;

  const rows: Row[] = p.lines.map((l) => ({
    id: String(l.organisationId),
    testId: `close-line-${l.organisationId}`,
    cells: {
      entity: orgName({ name: l.organisationName, nameZh: l.organisationNameZh }, lang),
      province: provinceName(l.provinceCode),
      obligation: tonnes(l.obligation),
      surrendered: tonnes(l.surrendered),
      shortfall: tonnes(l.shortfall),
      fine: (
        <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
          <strong className="nowrap">{cny(l.fine, lang)}</strong>
          <span className="sub-line nowrap">{`${cny(l.fineMin, lang)} – ${cny(l.fineMax, lang)}`}</span>
        </div>
      ),
      deduction: tonnes(l.deduction.quantity),
    },
    sort: {
      entity: orgName({ name: l.organisationName, nameZh: l.organisationNameZh }, lang), obligation: l.obligation, surrendered: l.surrendered, shortfall: l.shortfall,
      fine: Number(l.fine), deduction: l.deduction.quantity,
    },
  }));
  const columns = [
    { id: 'entity', header: c.colEntity },
    ...(showProvince ? [{ id: 'province', header: c.colProvince }] : []),
    { id: 'obligation', header: c.colObligation, align: 'right' as const },
    { id: 'surrendered', header: c.colSurrendered, align: 'right' as const },
    { id: 'shortfall', header: c.colShortfall, align: 'right' as const },
    { id: 'fine', header: c.colFine, align: 'right' as const },
    { id: 'deduction', header: c.colDeduction, align: 'right' as const },
  ];
  const totals = [c.total, ...(showProvince ? [''] : []), '', '', tonnes(p.totals.shortfall), cny(p.totals.fines, lang), tonnes(p.totals.deductions)];

  return (
    <>
      {header}

      {p.lines.length ? (
        <div className="grid grid-4 mb" data-testid="close-kpis">
          <Kpi label={c.kpiEntities} value={String(p.totals.entities)} hint={fmt(c.kpiEntitiesHint, { n: p.checked })} testId="close-kpi-entities" />
          <Kpi label={c.kpiShortfall} value={tonnes(p.totals.shortfall)} unit={t.common.tonnes} hint={c.kpiShortfallHint} testId="close-kpi-shortfall" />
          <Kpi label={c.kpiFines} value={cny(p.totals.fines, lang)} hint={fmt(c.kpiFinesHint, { rule: rule.short, price: cny(p.averagePrice, lang) })} testId="close-kpi-fines" />
          <Kpi label={fmt(c.kpiDeductions, { next })} value={tonnes(p.totals.deductions)} unit={t.common.tonnes} hint={fmt(c.kpiDeductionsHint, { next })} testId="close-kpi-deductions" />
        </div>
      ) : null}

      {p.unverified > 0 ? (
        <div className="mb">
          <Alert kind="warn" testId="close-unverified">
            {fmt(c.unverified, { n: p.unverified, year })}
          </Alert>
        </div>
      ) : null}

      <div className="mb">
        <Card
          title={c.provincesTitle}
          subtitle={c.provincesSubtitle}
          actions={
            <Link className="btn sm" href={`/public/compliance?year=${year}`} data-testid="close-public-link">
              {c.publicLink}
            </Link>
          }
          testId="close-provinces"
        >
          <ul className="close-provinces">
            {p.provinces.map((x) => (
              <li key={x.code} data-testid={`close-province-${x.code}`}>
                <div className="close-province-head">
                  <strong>{orgName(x, lang)}</strong>
                  {x.closed ? <Badge tone="green">{fmt(c.closedOn, { date: dateTime(x.closed.closedAt), name: x.closed.closedBy.name })}</Badge> : <Badge tone="amber">{c.open}</Badge>}
                </div>
                {x.closed ? (
                  <div className="sub-line">
                    {fmt(c.closedCounts, { entities: x.closed.entities, penalties: x.closed.penalties, shortfall: tonnes(x.closed.shortfall), fines: cny(x.closed.fines, lang) })}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <div className="mb">
        <Card
          title={c.previewTitle}
          subtitle={fmt(c.previewSubtitle, { rule: rule.name, next })}
          flush
          testId="close-preview"
          actions={
            canClose ? (
              <CloseYearButton
                year={year}
                province={province}
                label={fmt(c.closeButton, { year })}
                title={fmt(c.confirmTitle, { year, scope })}
                body={
                  p.lines.length
                    ? fmt(c.confirmBody, { n: p.totals.entities, fines: cny(p.totals.fines, lang), tonnes: tonnes(p.totals.deductions), next, scope })
                    : fmt(c.confirmBodyNone, { year, scope })
                }
              />
            ) : undefined
          }
        >
          {p.lines.length ? (
            <DataTable
              testId="close-table"
              csvHref={csvHref('yearClosePreview', { year }, { province }, lang)}
              columns={columns}
              rows={rows}
              initialSort={{ id: 'shortfall', dir: 'desc' }}
              footer={<TotalRow cells={totals} testId="close-totals" />}
            />
          ) : canClose ? (
            <EmptyState icon="✓" title={fmt(c.nothingTitle, { year })} hint={fmt(c.nothingHint, { year, scope })} testId="close-nothing" />
          ) : (
            <EmptyState
              icon="✓"
              title={fmt(c.alreadyTitle, { year, scope })}
              hint={c.alreadyHint}
              action={
                <Link className="btn sm" href={penaltiesHref}>
                  {c.seePenalties}
                </Link>
              }
              testId="close-already"
            />
          )}
        </Card>
      </div>

      {recorded.length ? (
        <Card
          title={fmt(c.recordedTitle, { year })}
          subtitle={fmt(c.recordedSubtitle, { n: p.recorded.penalties, tonnes: tonnes(p.recorded.shortfall), fines: cny(p.recorded.fines, lang) })}
          actions={
            <Link className="btn sm" href={penaltiesHref} data-testid="close-penalties-link">
              {c.seePenalties}
            </Link>
          }
          flush
          testId="close-recorded"
        >
          <DataTable
            testId="close-recorded-table"
            csvHref={csvHref('penalties', { year }, { province }, lang)}
            columns={[
              { id: 'entity', header: c.colEntity },
              ...(showProvince ? [{ id: 'province', header: c.colProvince }] : []),
              { id: 'shortfall', header: c.colShortfall, align: 'right' as const },
              { id: 'fine', header: t.penalties.colFine, align: 'right' as const },
              { id: 'deduction', header: c.colDeduction, align: 'right' as const },
            ]}
            rows={recorded.map((r) => ({
              id: String(r.organisationId),
              cells: {
                entity: orgName({ name: r.organisationName, nameZh: r.organisationNameZh }, lang),
                province: provinceName(r.provinceCode),
                shortfall: tonnes(r.shortfall),
                fine: cny(r.fine, lang),
                deduction: r.deduction ? tonnes(r.deduction.scheduled) : t.common.dash,
              },
              sort: { shortfall: r.shortfall, fine: Number(r.fine), deduction: r.deduction?.scheduled ?? null },
            }))}
          />
        </Card>
      ) : null}
    </>
  );
});
