import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';
import { can } from '@/domain/identity/permissions';
import { listCcerProjects } from '@/server/registry/ccerProjects';
import { listProvinces } from '@/server/registry/queries';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { StackedBarChart } from '@/ui/charts/StackedBarChart';
import { COLORS } from '@/ui/charts/theme';
import { apiPathTemplate, csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { ProjectForm } from './ProjectForm';
import { guardedPage } from '../_lib/page';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.ccerProjects.title };
}

/**
 * CCER projects (public registry data): each project's owner, units issued and cancelled, and
 * whether its CCER count as offsets this year (not when the owner is a covered entity). The
 * registry operator registers projects here.
 */
export default guardedPage('ccerProjects.read', async ({ actor, t, lang }) => {
  const tp = t.ccerProjects;
  const mayRegister = can(actor.roles, 'ccerProjects.register');
  const [projects, provinces] = await Promise.all([listCcerProjects(actor), listProvinces()]);
  const year = projects[0]?.year ?? null;
  const name = (o: { name: string; nameZh: string }) => (lang === 'zh' ? o.nameZh : o.name);
  const provinceName = (code: string | null) => {
    const p = provinces.find((x) => x.code === code);
    return p ? name(p) : t.common.dash;
  };
  const sum = (f: (p: (typeof projects)[number]) => number) => projects.reduce((s, p) => s + f(p), 0);

  const rows: Row[] = projects.map((p) => ({
    id: String(p.id),
    testId: `project-${p.code}`,
    cells: {
      code: <span className="mono">{p.code}</span>,
      project: (
        <div className="cell-stack">
          <strong>{name(p)}</strong>
          <span className="sub-line">{lang === 'zh' ? p.name : p.nameZh}</span>
        </div>
      ),
      category: tp.categories[p.category] ?? p.category,
      province: provinceName(p.provinceCode),
      owner: p.owner ? name(p.owner) : <span className="muted">{tp.noOwner}</span>,
      issued: <span className="num">{tonnes(p.issued)}</span>,
      cancelled: <span className="num">{tonnes(p.cancelled)}</span>,
      eligible: p.ownerCovered ? <Badge tone="red" testId={`eligibility-${p.code}`}>{tp.ineligible}</Badge> : <Badge tone="green" testId={`eligibility-${p.code}`}>{tp.eligible}</Badge>,
    },
    sort: { code: p.code, project: name(p), owner: p.owner ? name(p.owner) : '', issued: p.issued, cancelled: p.cancelled, eligible: p.ownerCovered ? 1 : 0 },
  }));
  const chart = projects.map((p) => ({ name: p.code.replace(/^CCER-/, ''), outstanding: p.issued - p.cancelled, cancelled: p.cancelled }));

  return (
    <>
      <PageHeader title={tp.title} subtitle={tp.subtitle} actions={year ? <Badge tone="gray">{`${tp.year} ${year}`}</Badge> : null} />
      <div className="grid grid-4 mb">
        <Kpi label={tp.kpiProjects} value={tonnes(projects.length)} testId="kpi-projects" />
        <Kpi label={tp.kpiIssued} value={tonnes(sum((p) => p.issued))} unit={t.common.tonnes} testId="kpi-issued" />
        <Kpi label={tp.kpiCancelled} value={tonnes(sum((p) => p.cancelled))} unit={t.common.tonnes} />
        <Kpi label={tp.kpiIneligible} value={tonnes(sum((p) => (p.ownerCovered ? p.issued : 0)))} unit={t.common.tonnes} testId="kpi-ineligible" />
      </div>
      <div className="mb">
        <Card title={tp.title} flush testId="projects-card">
          <DataTable
            testId="projects-table"
            csvHref={csvHref('ccerProjects', {}, {}, lang)}
            columns={[
              { id: 'code', header: tp.colCode },
              { id: 'project', header: tp.colProject },
              { id: 'category', header: tp.colCategory },
              { id: 'province', header: tp.colProvince },
              { id: 'owner', header: tp.colOwner },
              { id: 'issued', header: tp.colIssued, align: 'right' },
              { id: 'cancelled', header: tp.colCancelled, align: 'right' },
              { id: 'eligible', header: tp.colEligible },
            ]}
            rows={rows}
            initialSort={{ id: 'code', dir: 'asc' }}
            empty={<EmptyState title={tp.empty} hint={tp.emptyHint} />}
          />
        </Card>
      </div>
      <div className={mayRegister ? 'grid grid-2' : undefined}>
        <Card title={tp.chartTitle} subtitle={tp.chartSubtitle}>
          {chart.length ? (
            <StackedBarChart
              testId="projects-chart"
              layout="vertical"
              height={Math.max(200, 60 * chart.length)}
              data={chart}
              series={[
                { key: 'outstanding', label: tp.outstanding, color: COLORS.available },
                { key: 'cancelled', label: t.ledger.colCancelled, color: COLORS.cancelled },
              ]}
            />
          ) : (
            <EmptyState title={tp.empty} />
          )}
        </Card>
        {mayRegister ? (
          <Card title={tp.registerTitle} subtitle={tp.registerSubtitle} testId="register-card">
            <ProjectForm provinces={provinces.map((p) => ({ code: p.code, name: name(p) }))} searchPath={apiPathTemplate('accountList')} />
          </Card>
        ) : null}
      </div>
    </>
  );
});
