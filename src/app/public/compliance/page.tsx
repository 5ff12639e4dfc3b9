import type { Metadata } from 'next';
import Link from 'next/link';
import Decimal from 'decimal.js';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { marketDate } from '@/server/compliance/cycle';
import { publicComplianceReport, publishedYears, type PublicFigures } from '@/server/compliance/publicReport';
import { csvHref } from '@/server/http/links';
import { Card, Kpi } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { auctionTitle, cny, dateOnly, dateTime, orgName, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { TotalRow } from '@/ui/TotalRow';
import { ComplianceBadge, pickYear, YearSwitch } from '../../(app)/_lib/compliance';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.publicCompliance.title };
}

/** Renders on every request: a province closing a year publishes it at once. */
export const dynamic = 'force-dynamic';

/**
 * Public compliance data (no sign-in), like the EU Union Registry's public reports: for a
 * compliance year, per covered entity of each province that has closed the year, its allocation
 * (free + paid), verified emissions, units surrendered (CEA, CCER) and compliance status; totals
 * per province and per industry; the year's auction results; a CSV download of the entity rows
 * (GET /api/v1/public/compliance/{year}?format=csv). Provinces that have not closed the year are
 * named, without figures.
 */
export default async function PublicCompliancePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, lang } = await getI18n();
  const p = t.publicCompliance;
  const sp = await searchParams;
  const [today, published] = await Promise.all([marketDate(), publishedYears()]);
  // By default the latest year with figures, else the last finished one.
  const picked = pickYear(sp.year ?? (published[0] ? String(published[0]) : undefined), today);
  const year = picked.year;
  const years = [...new Set([...picked.years, ...published.filter((y) => y >= picked.years.at(-1)! - 2)])].sort((a, b) => b - a);
  const r = await publicComplianceReport(year);
  const industry = (code: string) => (t.industries as Record<string, string>)[code] ?? code;
  const names = (list: { name: string; nameZh: string }[]) => list.map((x) => orgName(x, lang)).join(lang === 'zh' ? '、' : ', ');

  const header = (
    <PageHeader
      title={p.title}
      subtitle={p.subtitle}
      actions={
        <>
          <Link className="btn sm" href="/market">
            {`‹ ${p.marketLink}`}
          </Link>
          <Link className="btn sm" href="/market/auctions">
            {p.auctionsLink}
          </Link>
          {r.published.length ? (
            <a className="btn sm" href={csvHref('publicCompliance', { year }, {}, lang)} download data-testid="public-csv">
              {p.downloadCsv}
            </a>
          ) : null}
          <YearSwitch years={years} year={year} basePath="/public/compliance" label={p.yearSwitch} />
        </>
      }
    />
  );
  const status = (
    <p className="muted mb" data-testid="public-status">
      {r.published.length ? fmt(p.published, { provinces: r.published.map((x) => fmt(p.closedOn, { province: orgName(x, lang), date: dateOnly(x.closedAt) })).join(lang === 'zh' ? '；' : '; ') }) : null}
      {r.published.length && r.notYetClosed.length ? ' · ' : null}
      {r.notYetClosed.length ? fmt(p.notYetClosed, { provinces: names(r.notYetClosed) }) : null}
    </p>
  );
  const auctions = <AuctionResults report={r} t={t} lang={lang} />;

  if (r.published.length === 0) {
    return (
      <>
        {header}
        {status}
        <Card testId="public-empty">
          <EmptyState title={fmt(p.emptyTitle, { year })} hint={fmt(p.emptyHint, { deadline: r.surrenderDeadline })} />
        </Card>
        {auctions}
      </>
    );
  }

  const sortValues = (e: (typeof r.entities)[number]): Record<string, SortValue> => ({
    entity: orgName(e, lang), province: orgName({ name: e.provinceName, nameZh: e.provinceNameZh }, lang), industry: industry(e.industry),
    free: e.freeAllocation, paid: e.paidAllocation, allocation: e.allocation, verified: e.verifiedEmissions, cea: e.surrenderedCea, ccer: e.surrenderedCcer, status: t.complianceStatus[e.status],
  });
  // Every covered entity of the nation: sorted and paged here, one page sent.
  const request = tablePageRequest(sp, { sortable: ['entity', 'province', 'industry', 'free', 'paid', 'allocation', 'verified', 'cea', 'ccer', 'status'] });
  const shown = sortedPage(r.entities, (e, id) => sortValues(e)[id], request);
  const entityRows: Row[] = shown.items.map((e) => ({
    id: String(e.organisationId),
    testId: `public-entity-${e.organisationId}`,
    cells: {
      entity: (
        <div className="cell-stack">
          <span>{orgName(e, lang)}</span>
          <span className="sub-line">{lang === 'zh' ? e.name : e.nameZh}</span>
        </div>
      ),
      province: orgName({ name: e.provinceName, nameZh: e.provinceNameZh }, lang),
      industry: industry(e.industry),
      free: tonnes(e.freeAllocation),
      paid: tonnes(e.paidAllocation),
      allocation: tonnes(e.allocation),
      verified: e.verifiedEmissions === null ? t.common.dash : tonnes(e.verifiedEmissions),
      cea: tonnes(e.surrenderedCea),
      ccer: tonnes(e.surrenderedCcer),
      status: <ComplianceBadge status={e.status} t={t} testId={`public-status-${e.organisationId}`} />,
    },
    sort: sortValues(e),
  }));

  return (
    <>
      {header}
      {status}
      <div className="grid grid-4 mb" data-testid="public-kpis">
        <Kpi label={p.kpiEntities} value={String(r.totals.entities)} hint={fmt(p.kpiEntitiesHint, { n: r.totals.compliant })} testId="public-kpi-entities" />
        <Kpi
          label={p.kpiAllocation}
          value={tonnes(r.totals.allocation)}
          unit={t.common.tonnes}
          hint={fmt(p.kpiAllocationHint, { free: tonnes(r.totals.freeAllocation), paid: tonnes(r.totals.paidAllocation) })}
          testId="public-kpi-allocation"
        />
        <Kpi label={p.kpiVerified} value={tonnes(r.totals.verifiedEmissions)} unit={t.common.tonnes} testId="public-kpi-verified" />
        <Kpi
          label={p.kpiSurrendered}
          value={tonnes(r.totals.surrenderedCea + r.totals.surrenderedCcer)}
          unit={t.common.tonnes}
          hint={fmt(p.kpiSurrenderedHint, { cea: tonnes(r.totals.surrenderedCea), ccer: tonnes(r.totals.surrenderedCcer) })}
          testId="public-kpi-surrendered"
        />
      </div>

      <FiguresTable
        title={p.byProvince}
        keyHeader={p.colProvince}
        testId="public-province"
        rows={r.byProvince.map((x) => ({ key: x.provinceCode, label: orgName(x, lang), figures: x }))}
        totals={r.totals}
        t={t}
      />
      <FiguresTable
        title={p.byIndustry}
        keyHeader={p.colIndustry}
        testId="public-industry"
        rows={r.byIndustry.map((x) => ({ key: x.industry, label: industry(x.industry), figures: x }))}
        totals={r.totals}
        t={t}
      />

      <Card title={p.entitiesTitle} subtitle={p.entitiesSubtitle} flush testId="public-entities">
        <DataTable
          testId="public-entity-table"
          csvHref={csvHref('publicCompliance', { year }, {}, lang)}
          columns={[
            { id: 'entity', header: p.colEntity },
            { id: 'province', header: p.colProvince },
            { id: 'industry', header: p.colIndustry },
            { id: 'free', header: p.colFree, align: 'right' as const },
            { id: 'paid', header: p.colPaid, align: 'right' as const },
            { id: 'allocation', header: p.colAllocation, align: 'right' as const },
            { id: 'verified', header: p.colVerified, align: 'right' as const },
            { id: 'cea', header: p.colCea, align: 'right' as const },
            { id: 'ccer', header: p.colCcer, align: 'right' as const },
            { id: 'status', header: p.colStatus },
          ]}
          rows={entityRows}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/public/compliance', params: { year: String(year) } }}
          footer={
            <TotalRow
              cells={[
                p.total, '', '', tonnes(r.totals.freeAllocation), tonnes(r.totals.paidAllocation), tonnes(r.totals.allocation), tonnes(r.totals.verifiedEmissions),
                tonnes(r.totals.surrenderedCea), tonnes(r.totals.surrenderedCcer), '',
              ]}
            />
          }
        />
      </Card>
      {auctions}
    </>
  );
}

/** Totals of a grouping (by province, by industry): entities, allocation, verified emissions, CEA and CCER surrendered, compliant. */
function FiguresTable({ title, keyHeader, testId, rows, totals, t }: {
  title: string;
  keyHeader: string;
  testId: string;
  rows: { key: string; label: string; figures: PublicFigures }[];
  totals: PublicFigures;
  t: Dictionary;
}) {
  const p = t.publicCompliance;
  const cells = (f: PublicFigures) => ({
    entities: String(f.entities), allocation: tonnes(f.allocation), verified: tonnes(f.verifiedEmissions),
    cea: tonnes(f.surrenderedCea), ccer: tonnes(f.surrenderedCcer), compliant: `${f.compliant} / ${f.entities}`,
  });
  return (
    <div className="mb">
      <Card title={title} flush testId={`${testId}-card`}>
        <DataTable
          testId={`${testId}-table`}
          columns={[
            { id: 'key', header: keyHeader },
            { id: 'entities', header: p.colEntities, align: 'right' as const },
            { id: 'allocation', header: p.colAllocation, align: 'right' as const },
            { id: 'verified', header: p.colVerified, align: 'right' as const },
            { id: 'cea', header: p.colCea, align: 'right' as const },
            { id: 'ccer', header: p.colCcer, align: 'right' as const },
            { id: 'compliant', header: p.colCompliant, align: 'right' as const },
          ]}
          rows={rows.map(({ key, label, figures: f }) => ({
            id: key,
            testId: `${testId}-${key}`,
            cells: { key: label, ...cells(f) },
            sort: {
              key: label, entities: f.entities, allocation: f.allocation, verified: f.verifiedEmissions, cea: f.surrenderedCea, ccer: f.surrenderedCcer,
              compliant: f.entities ? f.compliant / f.entities : null,
            },
          }))}
          footer={<TotalRow cells={[p.total, ...Object.values(cells(totals))]} />}
        />
      </Card>
    </div>
  );
}

/** The settled auctions of the year's vintage with their published results. */
function AuctionResults({ report: r, t, lang }: { report: Awaited<ReturnType<typeof publicComplianceReport>>; t: Dictionary; lang: Lang }) {
  const p = t.publicCompliance;
  return (
    <div style={{ marginTop: 16 }}>
      <Card title={fmt(p.auctionsTitle, { year: r.year })} subtitle={fmt(p.auctionsSubtitle, { year: r.year })} flush testId="public-auctions">
        <DataTable
          testId="public-auction-table"
          columns={[
            { id: 'auction', header: p.colAuction },
            { id: 'settled', header: p.colSettled },
            { id: 'offered', header: p.colOffered, align: 'right' as const },
            { id: 'sold', header: p.colSold, align: 'right' as const },
            { id: 'clearing', header: p.colClearing, align: 'right' as const },
            { id: 'coverage', header: p.colCoverage, align: 'right' as const },
            { id: 'bidders', header: p.colBidders, align: 'right' as const },
            { id: 'proceeds', header: p.colProceeds, align: 'right' as const },
          ]}
          rows={r.auctions.map((a) => ({
            id: String(a.id),
            cells: {
              auction: auctionTitle(a, lang),
              settled: dateTime(a.settledAt),
              offered: tonnes(a.quantity),
              sold: tonnes(a.quantitySold),
              clearing: a.clearingPrice === null ? t.common.dash : cny(a.clearingPrice, lang),
              coverage: `${new Decimal(a.coverageRatio).toFixed(2)} ×`,
              bidders: `${a.bidders} / ${a.winners}`,
              proceeds: cny(a.proceeds, lang),
            },
            sort: { settled: a.settledAt, offered: a.quantity, sold: a.quantitySold, clearing: a.clearingPrice === null ? null : Number(a.clearingPrice), coverage: Number(a.coverageRatio), proceeds: Number(a.proceeds) },
          }))}
          empty={<EmptyState title={fmt(p.auctionsEmpty, { year: r.year })} />}
        />
      </Card>
    </div>
  );
}
