import type { Metadata } from 'next';
import { INCLUSION_THRESHOLD_T } from '@/domain/compliance/coverage';
import { can, scopeOf } from '@/domain/identity/permissions';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listIndustryRules, listInstallationsOf, type IndustryRuleView, type InstallationView } from '@/server/compliance/allocationPolicy';
import { listCoveredEntities, type CoverageView } from '@/server/compliance/coveredEntities';
import { marketDate } from '@/server/compliance/cycle';
import { listProvinces } from '@/server/registry/queries';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { csvHref } from '@/server/http/links';
import { DataTable, type Row } from '@/ui/DataTable';
import { sortedPage, tablePageRequest, type SortValue } from '@/ui/tablePaging';
import { EmptyState } from '@/ui/EmptyState';
import { dateOnly, tonnes } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { guardedPage } from '../../_lib/page';
import { decimalTonnes, pickYear, ProvinceSwitch, YearSwitch } from '../../_lib/compliance';
import { AddToList, RemoveFromList } from './CoverageActions';
import '../compliance.css';
import './entities.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.coveredEntities.title };
}

/** Suggestions first (they need a decision), then covered entities, then the others. */
const ORDER = (e: CoverageView) => (e.suggestion ? 0 : e.covered ? 1 : 2);

/**
 * The covered-entity list (重点排放单位名录) of a year: every compliance entity in scope, whether
 * it is covered that year and over which period, why and when it left (with the transition period
 * of its leftover allowances), its recent verified emissions and what the rules suggest. The
 * provincial regulator adds and removes entities of its province; the national regulator reads
 * every province. Each entity's installations open below its name.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.oversee', async ({ actor, t, lang }, { searchParams }) => {
  const sp = await searchParams;
  // The national regulator reads every province; a provincial regulator keeps its province's list.
  const national = scopeOf(actor.roles, 'compliance.oversee') === 'all';
  const acts = can(actor.roles, 'coverage.manage') && !national;
  const provinces = await listProvinces();
  const asked = typeof sp.province === 'string' ? sp.province : undefined;
  const province = national ? provinces.find((p) => p.code === asked)?.code : (actor.provinceCode ?? undefined);
  const today = await marketDate();
  const marketYear = Number(today.slice(0, 4));
  // The list of the running year by default (its allocation reads it); earlier years for the record.
  const { year, years } = pickYear(sp.year, `${marketYear + 1}-01-01`);

  const [all, rules] = await Promise.all([listCoveredEntities(actor, year), listIndustryRules(actor, year)]);
  const entities = province ? all.filter((e) => e.provinceCode === province) : all;
  // Thousands of entities for the national regulator: sorted and paged here, one page sent.
  const request = tablePageRequest(sp, { sortable: SORTABLE, initialSort: { id: 'order', dir: 'asc' } });
  const shown = sortedPage(entities, (e, id) => sortValues(e, t, lang)[id], request);
  const installationsOf = await listInstallationsOf(actor, shown.items.map((e) => e.organisationId));
  const ruleOf = new Map(rules.map((r) => [r.code, r]));

  const provinceName = (code: string | null | undefined) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : t.coveredEntities.allProvinces;
  };
  const covered = entities.filter((e) => e.covered);
  const toAdd = entities.filter((e) => e.suggestion === 'ADD');
  const toRemove = entities.filter((e) => e.suggestion === 'REMOVE');
  const inTransition = entities.filter((e) => e.transitionUntil && !e.expiredAt);
  const ctx = { t, lang, year, today, acts, national, provinceName, ruleOf };

  return (
    <>
      <PageHeader
        title={t.coveredEntities.title}
        subtitle={fmt(t.coveredEntities.subtitle, { year, province: provinceName(province), n: tonnes(INCLUSION_THRESHOLD_T) })}
        actions={
          <>
            {national ? (
              <ProvinceSwitch provinces={provinces} province={province} year={year} basePath="/compliance/entities" label={t.common.province} allLabel={t.coveredEntities.allProvincesLink} lang={lang} />
            ) : null}
            <YearSwitch years={years} year={year} basePath="/compliance/entities" label={t.coveredEntities.yearSwitch} params={province && national ? { province } : {}} />
          </>
        }
      />
      <div className="grid grid-4 mb">
        <Kpi label={fmt(t.coveredEntities.kpiCovered, { year })} value={`${covered.length} / ${entities.length}`} hint={t.coveredEntities.kpiCoveredHint} testId="kpi-covered" />
        <Kpi label={t.coveredEntities.kpiAdd} value={toAdd.length} hint={fmt(t.coveredEntities.kpiAddHint, { n: tonnes(INCLUSION_THRESHOLD_T) })} testId="kpi-add" />
        <Kpi label={t.coveredEntities.kpiRemove} value={toRemove.length} hint={t.coveredEntities.kpiRemoveHint} testId="kpi-remove" />
        <Kpi
          label={t.coveredEntities.kpiTransition}
          value={inTransition.length}
          hint={inTransition.length ? inTransition.map((e) => fmt(t.coveredEntities.untilShort, { entity: lang === 'zh' ? e.nameZh : e.name, date: e.transitionUntil! })).join(' · ') : t.coveredEntities.kpiTransitionHint}
          testId="kpi-transition"
        />
      </div>
      <Card
        title={fmt(t.coveredEntities.tableTitle, { year })}
        subtitle={national ? `${province ? provinceName(province) : t.coveredEntities.allProvincesLink} · ${t.coveredEntities.readOnly}` : provinceName(province)}
        flush
      >
        <DataTable
          testId="entities-table"
          csvHref={csvHref('coveredEntities', {}, { year }, lang)}
          server={{ ...request, total: shown.total, page: shown.page, basePath: '/compliance/entities', params: { year: String(year), ...(province && national ? { province } : {}) } }}
          columns={[
            { id: 'entity', header: t.coveredEntities.colEntity },
            { id: 'covered', header: t.coveredEntities.colCovered },
            { id: 'from', header: t.coveredEntities.colFrom, align: 'right' },
            { id: 'to', header: t.coveredEntities.colTo, align: 'right' },
            { id: 'reason', header: t.coveredEntities.colReason },
            { id: 'transition', header: t.coveredEntities.colTransition },
            { id: 'expired', header: t.coveredEntities.colExpired },
            { id: 'emissions', header: t.coveredEntities.colEmissions, align: 'right' },
            { id: 'order', header: t.coveredEntities.colSuggestion },
            ...(acts ? [{ id: 'actions', header: t.common.actions, sortable: false }] : []),
          ]}
          rows={shown.items.map((e) => entityRow(e, installationsOf.get(e.organisationId) ?? [], ctx))}
          empty={<EmptyState title={t.coveredEntities.empty} />}
        />
      </Card>
    </>
  );
});

interface Ctx {
  t: Dictionary;
  lang: Lang;
  year: number;
  today: string;
  acts: boolean;
  national: boolean;
  provinceName: (code: string | null | undefined) => string;
  ruleOf: Map<string, IndustryRuleView>;
}

function entityRow(e: CoverageView, installations: InstallationView[], ctx: Ctx): Row {
  const { t, lang, year } = ctx;
  const name = lang === 'zh' ? e.nameZh : e.name;
  const dash = t.common.dash;
  const latest = e.recentEmissions.at(-1);
  const open = e.covered && e.toYear === null;
  return {
    id: String(e.organisationId),
    testId: `entity-${e.organisationId}`,
    cells: {
      entity: (
        <div className="cell-stack">
          <span>{name}</span>
          <span className="sub-line">
            {e.industry ? ((t.industries as Record<string, string>)[e.industry] ?? e.industry) : dash}
            {ctx.national ? ` · ${ctx.provinceName(e.provinceCode)}` : ''}
          </span>
          <Installations list={installations} ctx={ctx} testId={`installations-${e.organisationId}`} />
        </div>
      ),
      covered: (
        <div className="cell-stack">
          <Badge tone={e.covered ? 'green' : 'gray'} testId={`covered-${e.organisationId}`}>
            {e.covered ? t.coveredEntities.coveredYes : t.coveredEntities.coveredNo}
          </Badge>
          {e.covered && e.toYear !== null ? <span className="sub-line">{fmt(t.coveredEntities.lastYearCovered, { year: e.toYear })}</span> : null}
        </div>
      ),
      from: e.fromYear ?? dash,
      to: e.toYear ?? (e.fromYear !== null ? <span className="faint">{t.coveredEntities.open}</span> : dash),
      reason: e.endReason ? <Badge tone={e.endReason === 'CLOSURE' ? 'red' : 'amber'}>{t.coveredEntities.reasons[e.endReason]}</Badge> : dash,
      transition: e.transitionUntil ? (
        <div className="cell-stack">
          <span className="nowrap" data-testid={`transition-${e.organisationId}`}>
            {e.transitionUntil}
          </span>
          {!e.expiredAt ? (
            <span className="sub-line nowrap">{e.transitionUntil >= ctx.today ? fmt(t.coveredEntities.tradableUntil, { date: e.transitionUntil }) : t.coveredEntities.expiresAtDayEnd}</span>
          ) : null}
        </div>
      ) : (
        dash
      ),
      expired: e.expiredAt ? (
        <Badge tone="gray" testId={`expired-${e.organisationId}`}>
          {dateOnly(e.expiredAt)}
        </Badge>
      ) : (
        dash
      ),
      emissions: <Emissions e={e} year={year} t={t} />,
      order: e.suggestion ? (
        <div className="cell-stack">
          <Badge tone={e.suggestion === 'ADD' ? 'blue' : 'amber'} testId={`suggestion-${e.organisationId}`}>
            {t.coveredEntities.suggestions[e.suggestion]}
          </Badge>
          <span className="sub-line">
            {e.suggestion === 'ADD'
              ? fmt(t.coveredEntities.suggestAddWhy, { year: latest?.year ?? year - 1, n: tonnes(latest?.verified ?? 0) })
              : fmt(t.coveredEntities.suggestRemoveWhy, { a: year - 2, b: year - 1 })}
          </span>
        </div>
      ) : null,
      actions: ctx.acts ? (
        !e.covered ? (
          <AddToList organisationId={e.organisationId} entity={name} year={year} recent={e.recentEmissions} testId={`add-${e.organisationId}`} />
        ) : open ? (
          <RemoveFromList
            organisationId={e.organisationId}
            entity={name}
            year={year}
            fromYear={e.fromYear ?? year}
            today={ctx.today}
            recent={e.recentEmissions}
            suggested={e.suggestion === 'REMOVE'}
            testId={`remove-${e.organisationId}`}
          />
        ) : null
      ) : null,
    },
    sort: sortValues(e, t, lang),
  };
}

const SORTABLE = ['entity', 'covered', 'from', 'to', 'reason', 'transition', 'expired', 'emissions', 'order'];

function sortValues(e: CoverageView, t: Dictionary, lang: Lang): Record<string, SortValue> {
  return {
    entity: lang === 'zh' ? e.nameZh : e.name,
    covered: e.covered ? 0 : 1,
    from: e.fromYear,
    to: e.toYear,
    reason: e.endReason ? t.coveredEntities.reasons[e.endReason] : null,
    transition: e.transitionUntil,
    expired: e.expiredAt,
    emissions: e.recentEmissions.at(-1)?.verified ?? null,
    order: ORDER(e),
  };
}

/** Recent verified emissions: a small bar per year (below the threshold in amber) and the latest figure. */
function Emissions({ e, year, t }: { e: CoverageView; year: number; t: Dictionary }) {
  if (e.recentEmissions.length === 0) return <span className="faint">{t.coveredEntities.noVerified}</span>;
  const slots = [year - 3, year - 2, year - 1, year];
  const max = Math.max(...e.recentEmissions.map((r) => r.verified), INCLUSION_THRESHOLD_T);
  const latest = e.recentEmissions.at(-1)!;
  const title = e.recentEmissions.map((r) => `${r.year}: ${tonnes(r.verified)} t`).join('\n');
  const H = 22;
  return (
    <div className="emissions-cell" title={title} data-testid={`emissions-${e.organisationId}`}>
      <svg className="spark" width={slots.length * 9} height={H} viewBox={`0 0 ${slots.length * 9} ${H}`} aria-hidden>
        {slots.map((y, i) => {
          const r = e.recentEmissions.find((x) => x.year === y);
          const h = r ? Math.max(2, Math.round((r.verified / max) * H)) : 1;
          return <rect key={y} x={i * 9} y={H - h} width={7} height={h} rx={1} className={r ? (r.verified < INCLUSION_THRESHOLD_T ? 'below' : 'above') : 'none'} />;
        })}
      </svg>
      <div className="cell-stack num-stack">
        <strong>{tonnes(latest.verified)}</strong>
        <span className="sub-line">{fmt(t.coveredEntities.verifiedIn, { year: latest.year })}</span>
      </div>
    </div>
  );
}

/** The entity's installations (production units): code, name, rule and design capacity, opened on demand. */
function Installations({ list, ctx, testId }: { list: InstallationView[]; ctx: Ctx; testId: string }) {
  const { t, lang } = ctx;
  if (list.length === 0) return <span className="sub-line">{t.coveredEntities.noInstallations}</span>;
  return (
    <details className="json installations" data-testid={testId}>
      <summary>{fmt(t.coveredEntities.installations, { n: list.length })}</summary>
      <ul className="inst-list">
        {list.map((i) => {
          const rule = ctx.ruleOf.get(i.ruleCode);
          const unit = rule?.outputUnit ?? '';
          return (
            <li key={i.id} data-testid={`installation-${i.code}`}>
              <div>
                <span className="mono inst-code">{i.code}</span> {i.name}
                {!i.active ? (
                  <>
                    {' '}
                    <Badge tone="gray">{t.coveredEntities.inactive}</Badge>
                  </>
                ) : null}
              </div>
              <div className="sub-line">
                <span className="mono">{i.ruleCode}</span>
                {' · '}
                {rule ? `${lang === 'zh' ? rule.nameZh : rule.name} (${t.allocationRules.methods[rule.method]})` : fmt(t.coveredEntities.noRule, { year: ctx.year })}
              </div>
              <div className="sub-line">
                {t.coveredEntities.instCapacity}: {i.designCapacity ? `${decimalTonnes(i.designCapacity)} ${unit}` : t.common.dash}
                {i.baseEmissions.length ? ` · ${fmt(t.coveredEntities.baseEmissions, { list: i.baseEmissions.map((b) => tonnes(b)).join(' · ') })}` : ''}
                {i.historicalIntensity ? ` · ${fmt(t.coveredEntities.intensity, { n: i.historicalIntensity, unit })}` : ''}
              </div>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
