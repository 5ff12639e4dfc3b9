import type { Metadata } from 'next';
import Decimal from 'decimal.js';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { fmt, type Dictionary } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { renderProblem } from '@/i18n/problems';
import type { ScenarioChanges, ScenarioResult, Totals } from '@/domain/sandbox/scenario';
import { listIndustryRules } from '@/server/compliance/allocationPolicy';
import { listProvinces } from '@/server/registry/queries';
import { getScenario, scenarioResult } from '@/server/sandbox/scenarios';
import { DomainError } from '@/server/errors';
import { csvHref } from '@/server/http/links';
import { idSchema } from '@/schemas/registry';
import { Alert } from '@/ui/Alert';
import { Card, Kpi } from '@/ui/Card';
import { SeriesChart } from '@/ui/charts/SeriesChart';
import { COLORS } from '@/ui/charts/theme';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { amount, dateTime, inLang, signedTonnes, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { guardedPage } from '../../_lib/page';
import { MARKET_FIGURES, showFigure } from '../figures';
import { ScenarioActions } from './ScenarioActions';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.sandbox.title };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** What a scenario changes, line by line, in the reader's language. */
function describeChanges(c: ScenarioChanges, provincial: boolean, t: Dictionary, ruleName: (code: string) => string, provinceName: (code: string) => string): string[] {
  const ts = t.sandbox;
  const pct = (share: string) => `${new Decimal(share).times(100).toString()} %`;
  const adj = (a: NonNullable<ScenarioChanges['cap']>) => (a.mode === 'PERCENT' ? `${Number(a.percent) > 0 ? '+' : ''}${a.percent} %` : `→ ${tonnes(a.tonnes)} ${t.common.tonnes}`);
  const lines: string[] = [];
  if (c.cap) lines.push(fmt(provincial ? ts.change.provinceCap : ts.change.cap, { v: adj(c.cap) }));
  for (const [p, a] of Object.entries(c.budgets ?? {})) lines.push(fmt(ts.change.budget, { province: provinceName(p), v: adj(a) }));
  for (const [code, r] of Object.entries(c.rules ?? {})) {
    const what = [
      r.method ? `${ts.method} ${t.allocationPage.methods[r.method]}` : null,
      r.benchmark ? `${ts.benchmark} ${r.benchmark}` : null,
      r.declineFactor ? `${ts.declineFactor} ${r.declineFactor}` : null,
      r.outputCapMultiple === null ? ts.noOutputCap : r.outputCapMultiple ? `${ts.outputCapMultiple} ${r.outputCapMultiple}` : null,
      r.preAllocationShare ? `${ts.preAllocationShare} ${pct(r.preAllocationShare)}` : null,
      r.paidShare ? `${ts.paidShare} ${pct(r.paidShare)}` : null,
    ].filter(Boolean).join(' · ');
    lines.push(fmt(ts.change.rule, { rule: ruleName(code), what }));
  }
  if (c.offsets?.share) lines.push(fmt(ts.change.offsetShare, { v: pct(c.offsets.share) }));
  if (c.offsets && 'outsideProvinceShare' in c.offsets) {
    lines.push(c.offsets.outsideProvinceShare ? fmt(ts.change.outsideShare, { v: pct(c.offsets.outsideProvinceShare) }) : ts.change.outsideShareNone);
  }
  if (c.banking?.carryOverDiscount) lines.push(fmt(ts.change.carryOverDiscount, { v: c.banking.carryOverDiscount }));
  if (c.banking?.phaseStarts) lines.push(fmt(ts.change.phaseStarts, { v: c.banking.phaseStarts.join(', ') }));
  if (c.banking?.carryOverBetweenPhases !== undefined) lines.push(fmt(ts.change.carryOverBetweenPhases, { v: c.banking.carryOverBetweenPhases ? ts.carryOverAllowed : ts.carryOverBanned }));
  if (c.auction?.quantity !== undefined) lines.push(fmt(ts.change.auctionQuantity, { v: tonnes(c.auction.quantity) }));
  if (c.auction && 'reservePrice' in c.auction) lines.push(c.auction.reservePrice ? fmt(ts.change.reservePrice, { v: amount(c.auction.reservePrice) }) : ts.change.reservePriceNone);
  if (c.price) lines.push(fmt(ts.change.price, { v: c.price.kind === 'TYPED' ? `¥${amount(c.price.price)}` : ts.priceKinds[c.price.kind] }));
  return lines;
}

/** The market table: each figure under the policy in force, under the scenario, and the change. */
function marketRows(r: ScenarioResult, t: Dictionary): Row[] {
  return MARKET_FIGURES.map(({ id, kind, value }) => {
    const inForce = value(r.baseline);
    const scenario = value(r.scenario);
    const change = inForce === null || scenario === null ? null : Number(scenario) - Number(inForce);
    const changeText = change === null ? '—' : kind === 'cny' ? `${change > 0 ? '+' : change < 0 ? '−' : ''}¥${amount(Math.abs(change).toFixed(2))}` : kind === 'ratio' ? `${change > 0 ? '+' : ''}${change.toFixed(4)}` : signedTonnes(change);
    return {
      id, testId: `figure-${id}`,
      cells: { figure: t.sandbox.figures[id], inForce: <span className="num">{showFigure(inForce, kind)}</span>, scenario: <span className="num">{showFigure(scenario, kind)}</span>, change: <span className="num">{changeText}</span> },
    };
  });
}

/** Deficits by a grouping, the policy in force beside the scenario, for a chart. */
function deficitChart(base: (Totals & { key: string })[], scenario: (Totals & { key: string })[], label: (key: string) => string) {
  const keys = [...new Set([...base.map((g) => g.key), ...scenario.map((g) => g.key)])];
  return keys.map((k) => ({ name: label(k), inForce: base.find((g) => g.key === k)?.deficit ?? 0, scenario: scenario.find((g) => g.key === k)?.deficit ?? 0 }));
}

const ENTITY_SORTS = ['entity', 'province', 'emissions', 'issuedInForce', 'issued', 'banked', 'offsets', 'position', 'deficitInForce', 'cost'] as const;

/**
 * A scenario: what it changes, and once it has run, the market and every entity beside the policy
 * in force (at the same price), with charts by province, industry and size. Its creator runs it
 * again or deletes it; the other regulators of its scope read it.
 */
export default guardedPage<{ params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }>('sandbox.read', async ({ actor, t, lang }, { params, searchParams }) => {
  const ts = t.sandbox;
  const parsedId = idSchema.safeParse((await params).id);
  if (!parsedId.success) notFound();
  const id = parsedId.data;
  const sp = await searchParams;
  const s = await getScenario(actor, id).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  const [provinces, rules] = await Promise.all([listProvinces(), listIndustryRules(actor, s.year)]);
  const provinceName = (code: string | null) => {
    const p = provinces.find((x) => x.code === code);
    return p ? inLang({ en: p.name, zh: p.nameZh }, lang) : code === null ? ts.allProvinces : code;
  };
  const ruleName = (code: string) => {
    const r = rules.find((x) => x.code === code);
    return r ? inLang({ en: r.name, zh: r.nameZh }, lang) : code;
  };
  const changes = describeChanges(s.changes, s.provinceCode !== null, t, ruleName, (c) => provinceName(c));
  const result = s.ranAt ? await scenarioResult(actor, id) : null;
  const industryName = (k: string) => t.industries[k as keyof typeof t.industries] ?? k;

  const header = (
    <PageHeader
      title={s.name}
      subtitle={fmt(ts.scenarioSubtitle, { year: s.year, scope: provinceName(s.provinceCode), name: s.createdBy.name, date: dateTime(s.createdAt) })}
      actions={
        <div className="btn-row">
          <Link className="btn" href="/sandbox">← {ts.back}</Link>
          {s.mine ? <ScenarioActions id={s.id} name={s.name} ran={result !== null} /> : null}
        </div>
      }
    />
  );
  const changesCard = (
    <Card title={ts.changes} className="mb" testId="scenario-changes">
      {changes.length ? <ul className="plain-list">{changes.map((line, i) => <li key={i}>{line}</li>)}</ul> : <p className="muted">{ts.noChanges}</p>}
    </Card>
  );
  if (!result) {
    return (
      <>
        {header}
        {s.mine ? null : <Alert kind="info" testId="scenario-read-only">{fmt(ts.readOnly, { name: s.createdBy.name })}</Alert>}
        {changesCard}
        <EmptyState title={ts.notRunYet} hint={ts.notRunHint} />
      </>
    );
  }

  const { scenario, baseline } = result;
  const price = scenario.market.price;
  const priceHint = price ? fmt(ts.atPrice, { price: amount(price), kind: ts.priceKinds[scenario.market.priceKind] }) : ts.noPrice;
  const request = tablePageRequest(sp, { sortable: ENTITY_SORTS, initialSort: { id: 'position', dir: 'asc' } });
  type Entity = ScenarioResult['entities'][number];
  const sortValue = (e: Entity, col: string): SortValue => ({
    entity: inLang({ en: e.name, zh: e.nameZh }, lang), province: provinceName(e.provinceCode), emissions: e.verifiedEmissions,
    issuedInForce: e.baselineIssued, issued: e.issued, banked: e.banked, offsets: e.offsets, position: e.position, deficitInForce: e.baselineDeficit, cost: Number(e.cost),
  } as Record<string, SortValue>)[col];
  const shown = sortedPage(result.entities, sortValue, request);
  const entityRows: Row[] = shown.items.map((e) => ({
    id: String(e.organisationId),
    testId: `entity-${e.organisationId}`,
    cells: {
      entity: (
        <div className="cell-stack">
          <span>{inLang({ en: e.name, zh: e.nameZh }, lang)}</span>
          <span className="sub-line">{industryName(e.industry ?? 'OTHER')}</span>
          {e.problems.length ? <span className="sub-line">{fmt(ts.notAllocated, { why: e.problems.map((p) => renderProblem(p as Parameters<typeof renderProblem>[0], lang)).join(' ') })}</span> : null}
        </div>
      ),
      province: provinceName(e.provinceCode),
      emissions: e.verifiedEmissions === null ? '—' : tonnes(e.verifiedEmissions),
      issuedInForce: tonnes(e.baselineIssued),
      issued: tonnes(e.issued),
      banked: tonnes(e.banked),
      offsets: tonnes(e.offsets),
      position: <span className={e.position < 0 ? 'neg' : e.position > 0 ? 'pos' : undefined}>{signedTonnes(e.position)}</span>,
      deficitInForce: tonnes(e.baselineDeficit),
      cost: amount(e.cost),
    },
  }));
  const kpiInForce = (v: string) => fmt(ts.kpiInForce, { v });

  return (
    <>
      {header}
      {s.mine ? null : <Alert kind="info" testId="scenario-read-only">{fmt(ts.readOnly, { name: s.createdBy.name })}</Alert>}
      <p className="muted" data-testid="scenario-ran">
        {fmt(ts.ran, { date: dateTime(result.ranAt) })} {fmt(ts.recorded, { year: s.year, issued: tonnes(baseline.totals.recordedIssued), surrendered: tonnes(baseline.totals.recordedSurrendered) })}
      </p>
      <div className="grid grid-4 mb">
        <Kpi label={ts.kpiShort} value={`${scenario.totals.short} / ${scenario.totals.entities}`} hint={kpiInForce(String(baseline.totals.short))} testId="kpi-short" />
        <Kpi label={ts.kpiDeficit} value={tonnes(scenario.totals.deficit)} unit={t.common.tonnes} hint={kpiInForce(tonnes(baseline.totals.deficit))} testId="kpi-deficit" />
        <Kpi label={ts.kpiCost} value={`¥${amount(scenario.totals.cost)}`} hint={`${priceHint}; ${kpiInForce(`¥${amount(baseline.totals.cost)}`)}`} testId="kpi-cost" />
        <Kpi label={ts.kpiScarcity} value={scenario.market.scarcityRatio ?? '—'} hint={fmt(ts.kpiScarcityHint, { v: baseline.market.scarcityRatio ?? '—' })} testId="kpi-scarcity" />
      </div>
      {changesCard}
      <div className="grid grid-3 mb">
        {([
          ['chart-province', ts.chartProvince, deficitChart(baseline.byProvince, scenario.byProvince, (k) => provinceName(k))],
          ['chart-industry', ts.chartIndustry, deficitChart(baseline.byIndustry, scenario.byIndustry, industryName)],
          ['chart-size', ts.chartSize, deficitChart(baseline.bySize, scenario.bySize, (k) => ts.sizes[k as keyof typeof ts.sizes] ?? k)],
        ] as const).map(([testId, title, data]) => (
          <Card key={testId} title={title}>
            {data.some((d) => d.inForce > 0 || d.scenario > 0) ? (
              <SeriesChart testId={testId} xKey="name" left="tonnes" height={240} data={data}
                series={[
                  { key: 'inForce', label: ts.seriesInForce, color: '#9fb0a9', kind: 'bar' },
                  { key: 'scenario', label: ts.seriesScenario, color: COLORS.series[4]!, kind: 'bar' },
                ]} />
            ) : <p className="muted" data-testid={testId}>{ts.noDeficit}</p>}
          </Card>
        ))}
      </div>
      <div className="grid grid-main-side mb">
        <Card title={ts.market} flush testId="scenario-market">
          <DataTable testId="market-table" rows={marketRows(result, t)} paginate={false}
            columns={[{ id: 'figure', header: ts.colFigure }, { id: 'inForce', header: ts.colInForce, align: 'right' }, { id: 'scenario', header: ts.colScenario, align: 'right' }, { id: 'change', header: ts.colChange, align: 'right' }]} />
        </Card>
        <Card title={ts.budgets} flush>
          <DataTable testId="budgets-table" paginate={false}
            rows={scenario.market.budgets.map((b) => ({
              id: b.provinceCode,
              cells: { province: provinceName(b.provinceCode), budget: b.budget === null ? '—' : tonnes(b.budget), use: tonnes(b.use), correction: b.correction },
              sort: { province: provinceName(b.provinceCode), budget: b.budget, use: b.use, correction: Number(b.correction) },
            }))}
            columns={[{ id: 'province', header: ts.colProvince }, { id: 'budget', header: ts.colBudget, align: 'right' }, { id: 'use', header: ts.colUse, align: 'right' }, { id: 'correction', header: ts.colCorrection, align: 'right' }]} />
        </Card>
      </div>
      <Card title={ts.entities} flush testId="scenario-entities">
        <DataTable
          testId="entities-table"
          csvHref={csvHref('sandboxScenarioResult', { id }, {}, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: `/sandbox/${id}`, params: {} }}
          rows={entityRows}
          columns={[
            { id: 'entity', header: ts.colEntity }, { id: 'province', header: ts.colProvince },
            { id: 'emissions', header: ts.colEmissions, align: 'right' }, { id: 'issuedInForce', header: ts.colIssuedInForce, align: 'right' },
            { id: 'issued', header: ts.colIssued, align: 'right' }, { id: 'banked', header: ts.colBanked, align: 'right' }, { id: 'offsets', header: ts.colOffsets, align: 'right' },
            { id: 'position', header: ts.colPosition, align: 'right' }, { id: 'deficitInForce', header: ts.colDeficitInForce, align: 'right' }, { id: 'cost', header: ts.colCost, align: 'right' },
          ]}
        />
      </Card>
    </>
  );
});

