import type { Metadata } from 'next';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { scopeOf } from '@/domain/identity/permissions';
import { listProvinces, provinceOverview } from '@/server/registry/queries';
import { StatusBadge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { StackedBarChart } from '@/ui/charts/StackedBarChart';
import { COLORS } from '@/ui/charts/theme';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../_lib/page';
import { ProvinceSwitch } from '../_lib/compliance';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.organisations.title };
}

export default guardedPage('organisations.read', async ({ actor, t, lang }, { searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) => {
  const national = scopeOf(actor.roles, 'organisations.read') === 'all';
  const provinces = await listProvinces();
  const sp = await searchParams;
  const asked = typeof sp.province === 'string' ? sp.province : undefined;
  const province = national ? provinces.find((p) => p.code === asked)?.code : (actor.provinceCode ?? undefined);
  const orgs = await provinceOverview(actor, national ? province : undefined);

  const provinceName = (code: string | null) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : (code ?? '—');
  };
  const industryLabel = (i: string | null) => (i ? (t.industries[i as keyof typeof t.industries] ?? i) : t.industries.OTHER);

  const sortValues = (o: (typeof orgs)[number]): Record<string, SortValue> => ({
    name: lang === 'zh' ? o.nameZh : o.name, creditCode: o.creditCode, kind: t.orgKinds[o.kind], industry: o.industry ? industryLabel(o.industry) : '',
    province: provinceName(o.provinceCode), status: o.accountStatus ?? '', cea: o.cea, ccer: o.ccer, encumbered: o.encumbered,
  });
  // Every organisation of the nation: sorted and paged here, one page sent.
  const request = tablePageRequest(sp, { sortable: ['name', 'creditCode', 'kind', 'industry', 'province', 'status', 'cea', 'ccer', 'encumbered'], initialSort: { id: 'cea', dir: 'desc' } });
  const shown = sortedPage(orgs, (o, id) => sortValues(o)[id], request);
  const rows: Row[] = shown.items.map((o) => ({
    id: String(o.organisationId),
    testId: `org-${o.organisationId}`,
    cells: {
      name: (
        <div className="cell-stack">
          <span>{lang === 'zh' ? o.nameZh : o.name}</span>
          <span className="sub-line">{lang === 'zh' ? o.name : o.nameZh}</span>
        </div>
      ),
      creditCode: <span className="mono">{o.creditCode}</span>,
      kind: t.orgKinds[o.kind],
      industry: o.industry ? industryLabel(o.industry) : null,
      province: provinceName(o.provinceCode),
      status: o.accountStatus ? <StatusBadge status={o.accountStatus} label={t.accountStatus[o.accountStatus]} /> : <span className="faint">{t.organisations.noAccount}</span>,
      cea: tonnes(o.cea),
      ccer: tonnes(o.ccer),
      encumbered: o.encumbered ? <span style={{ color: 'var(--amber)' }}>{tonnes(o.encumbered)}</span> : '0',
    },
    sort: sortValues(o),
  }));

  // Chart: per industry, CEA by vintage stacked, then CCER.
  const seriesKeys = [...new Set(orgs.flatMap((o) => o.byVintage.map((b) => `${b.instrument}-${b.vintage}`)))].sort((a, b) => (a.startsWith('CCER') === b.startsWith('CCER') ? a.localeCompare(b) : a.startsWith('CCER') ? 1 : -1));
  const byIndustry = new Map<string, Record<string, number>>();
  for (const o of orgs) {
    const label = o.kind === 'INVESTOR' ? t.orgKinds.INVESTOR : industryLabel(o.industry);
    const row = byIndustry.get(label) ?? {};
    for (const b of o.byVintage) row[`${b.instrument}-${b.vintage}`] = (row[`${b.instrument}-${b.vintage}`] ?? 0) + b.total;
    byIndustry.set(label, row);
  }
  const chartData = [...byIndustry.entries()].map(([name, v]) => ({ name, ...v }));

  const total = (k: 'cea' | 'ccer' | 'encumbered') => orgs.reduce((s, o) => s + o[k], 0);
  const unit = t.common.tonnes;
  const title = province ? provinceName(province) : t.organisations.allProvinces;

  return (
    <>
      <PageHeader
        title={t.organisations.title}
        subtitle={province ? fmt(t.organisations.subtitle, { province: title }) : t.organisations.subtitleAll}
        actions={
          national ? (
            <ProvinceSwitch provinces={provinces} province={province} basePath="/organisations" label={t.common.province} allLabel={t.organisations.allProvinces} lang={lang} />
          ) : null
        }
      />
      <div className="grid grid-4 mb">
        <Kpi label={t.organisations.kpiOrgs} value={orgs.length} hint={title} />
        <Kpi label={t.organisations.kpiCea} value={tonnes(total('cea'))} unit={unit} />
        <Kpi label={t.organisations.kpiCcer} value={tonnes(total('ccer'))} unit={unit} />
        <Kpi label={t.organisations.kpiEncumbered} value={tonnes(total('encumbered'))} unit={unit} />
      </div>
      <Card title={t.organisations.chartTitle} subtitle={t.organisations.chartSubtitle}>
        {chartData.length ? (
          <StackedBarChart
            testId="industry-chart"
            layout="vertical"
            height={Math.max(200, chartData.length * 56 + 60)}
            data={chartData}
            series={seriesKeys.map((k, i) => ({ key: k, label: k, color: COLORS.series[i % COLORS.series.length]! }))}
          />
        ) : (
          <EmptyState title={t.organisations.empty} />
        )}
      </Card>
      <Card title={title} flush>
        <DataTable
          testId="organisations-table"
          csvHref={csvHref('regulatorOrganisations', {}, { province: national ? province : undefined }, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/organisations', params: national && province ? { province } : {} }}
          columns={[
            { id: 'name', header: t.organisations.colName },
            { id: 'creditCode', header: t.organisations.colCreditCode },
            { id: 'kind', header: t.organisations.colKind },
            { id: 'industry', header: t.organisations.colIndustry },
            ...(national ? [{ id: 'province', header: t.organisations.colProvince }] : []),
            { id: 'status', header: t.organisations.colStatus },
            { id: 'cea', header: t.organisations.colCea, align: 'right' as const },
            { id: 'ccer', header: t.organisations.colCcer, align: 'right' as const },
            { id: 'encumbered', header: t.organisations.colEncumbered, align: 'right' as const },
          ]}
          rows={rows}
          empty={<EmptyState title={t.organisations.empty} />}
        />
      </Card>
    </>
  );
});
