import type { Metadata } from 'next';
import Link from 'next/link';
import { can, scopeOf } from '@/domain/identity/permissions';
import { fmt } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listProvinces } from '@/server/registry/queries';
import { listScenarios, replayableYears } from '@/server/sandbox/scenarios';
import { csvHref } from '@/server/http/links';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateTime, inLang } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../_lib/page';
import { ScenarioForm } from './ScenarioForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.sandbox.title };
}

/**
 * The policy sandbox (issue 15): the scenarios the regulator may read — its own and those its
 * colleagues share (read-only) — and the form to create one, which runs it at once.
 */
export default guardedPage('sandbox.read', async ({ actor, t, lang }) => {
  const ts = t.sandbox;
  const [scenarios, provinces, replayable] = await Promise.all([listScenarios(actor), listProvinces(), replayableYears(actor)]);
  const provinceName = (code: string | null) => {
    const p = provinces.find((x) => x.code === code);
    return p ? inLang({ en: p.name, zh: p.nameZh }, lang) : ts.allProvinces;
  };
  const rows: Row[] = scenarios.map((s) => ({
    id: String(s.id),
    testId: `scenario-${s.id}`,
    cells: {
      name: (
        <div className="btn-row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
          {s.ranAt ? <input type="checkbox" name="ids" value={s.id} form="compare-form" aria-label={fmt(ts.select, { name: s.name })} data-testid={`compare-pick-${s.id}`} /> : null}
          <div className="cell-stack">
            <Link href={`/sandbox/${s.id}`} data-testid={`scenario-link-${s.id}`}><strong>{s.name}</strong></Link>
            {s.mine ? <span className="sub-line">{ts.yours}</span> : null}
          </div>
        </div>
      ),
      year: String(s.year),
      scope: provinceName(s.provinceCode),
      createdBy: s.createdBy.name,
      created: <span className="nowrap">{dateTime(s.createdAt)}</span>,
      ran: s.ranAt ? <span className="nowrap">{dateTime(s.ranAt)}</span> : <Badge tone="gray">{ts.notRun}</Badge>,
    },
    sort: { name: s.name, year: s.year, scope: provinceName(s.provinceCode), createdBy: s.createdBy.name, created: s.createdAt, ran: s.ranAt ?? '' },
  }));
  const mayCreate = can(actor.roles, 'sandbox.manage');
  const national = scopeOf(actor.roles, 'sandbox.manage') === 'all';

  return (
    <>
      <PageHeader title={ts.title} subtitle={ts.subtitle} />
      <Card
        title={ts.scenarios}
        subtitle={ts.scenariosSub}
        flush
        className="mb"
        testId="scenarios-card"
        actions={scenarios.some((s) => s.ranAt) ? (
          <form id="compare-form" method="get" action="/sandbox/compare" title={ts.compareHint}>
            <button type="submit" className="btn sm" data-testid="compare-submit">{ts.compare}</button>
          </form>
        ) : null}
      >
        <DataTable
          testId="scenarios-table"
          csvHref={csvHref('sandboxScenarios', {}, {}, lang)}
          columns={[
            { id: 'name', header: ts.colName },
            { id: 'year', header: ts.colYear },
            { id: 'scope', header: ts.colScope },
            { id: 'createdBy', header: ts.colCreatedBy },
            { id: 'created', header: ts.colCreated },
            { id: 'ran', header: ts.colRan },
          ]}
          rows={rows}
          initialSort={{ id: 'created', dir: 'desc' }}
          empty={<EmptyState title={ts.empty} hint={ts.emptyHint} />}
        />
      </Card>
      {mayCreate && replayable.years.length ? (
        <Card title={ts.create} subtitle={ts.createSub} testId="scenario-create">
          <ScenarioForm
            years={replayable.years}
            suggestedYear={replayable.suggested}
            rulesByYear={Object.fromEntries(Object.entries(replayable.rulesByYear).map(([y, rules]) => [y, rules.map((r) => ({
              code: r.code, name: inLang({ en: r.name, zh: r.nameZh }, lang), method: r.method, benchmark: r.benchmark, declineFactor: r.declineFactor,
              outputCapMultiple: r.outputCapMultiple, preAllocationShare: r.preAllocationShare, paidShare: r.paidShare,
            }))]))}
            provinces={provinces.map((p) => ({ code: p.code, name: inLang({ en: p.name, zh: p.nameZh }, lang) }))}
            ownProvince={national ? null : actor.provinceCode}
          />
        </Card>
      ) : null}
    </>
  );
});
