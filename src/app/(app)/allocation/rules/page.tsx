import type { Metadata } from 'next';
import Decimal from 'decimal.js';
import { can } from '@/domain/identity/permissions';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { getI18n } from '@/i18n/server';
import { listRuns } from '@/server/compliance/allocation';
import { listIndustryRules, type IndustryRuleView } from '@/server/compliance/allocationPolicy';
import { marketDate } from '@/server/compliance/cycle';
import { listProvinces } from '@/server/registry/queries';
import { Alert } from '@/ui/Alert';
import { Badge } from '@/ui/Badge';
import { Card, Kpi } from '@/ui/Card';
import { DataTable, type Row } from '@/ui/DataTable';
import { EmptyState } from '@/ui/EmptyState';
import { dateOnly, dateTime } from '@/ui/format';
import { PageHeader } from '@/ui/PageHeader';
import { PendingChanges } from '../../_lib/PendingChanges';
import { guardedPage } from '../../_lib/page';
import { METHOD_TONE, METHODS, share } from '../../_lib/allocationMethod';
import { pickYear, YearSwitch } from '../../_lib/compliance';
import { RuleEditor } from './RuleEditor';
import './rules.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.allocationRules.title };
}

/** The covered industries in display order; any other industry with rules follows. */
const INDUSTRIES = ['POWER', 'CEMENT', 'STEEL'];

/**
 * The industry rules (行业配额分配方法) of a year: per sub-industry, the allocation method and its
 * parameters, grouped by industry and compared with the previous year's. Set by the national
 * regulator (NATIONAL_REGULATOR edits and adds rules); provincial regulators read them.
 */
export default guardedPage<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>('compliance.oversee', async ({ actor, t, lang }, { searchParams }) => {
  // The national regulator sets the rules; the others read them.
  const national = can(actor.roles, 'allocation.rulesSet');
  const today = await marketDate();
  const marketYear = Number(today.slice(0, 4));
  // Rules are set ahead of the year they apply to: the market year by default, and next year's may be prepared.
  const picked = pickYear((await searchParams).year, `${marketYear + 1}-12-31`);
  const year = picked.year;
  const years = [...new Set([marketYear + 1, ...picked.years])].sort((a, b) => b - a);

  const [rules, previous, runs, provinces] = await Promise.all([
    listIndustryRules(actor, year),
    listIndustryRules(actor, year - 1),
    national ? listRuns(actor, year) : Promise.resolve([]),
    listProvinces(),
  ]);
  const prevOf = new Map(previous.map((r) => [r.code, r]));
  const confirmed = [...new Set(runs.filter((r) => r.status === 'CONFIRMED').map((r) => r.provinceCode))];
  const provinceName = (code: string) => {
    const p = provinces.find((x) => x.code === code);
    return p ? (lang === 'zh' ? p.nameZh : p.name) : code;
  };
  const industries = [...INDUSTRIES, ...new Set([...rules, ...previous].map((r) => r.industry).filter((i) => !INDUSTRIES.includes(i)))];
  const changed = rules.filter((r) => prevOf.has(r.code) && differs(r, prevOf.get(r.code)!));
  const added = previous.length ? rules.filter((r) => !prevOf.has(r.code)) : [];
  const dropped = previous.filter((p) => !rules.some((r) => r.code === p.code));
  const templates = [...rules, ...dropped];

  return (
    <>
      <PageHeader
        title={t.allocationRules.title}
        subtitle={fmt(t.allocationRules.subtitle, { year })}
        actions={
          <>
            <YearSwitch years={years} year={year} basePath="/allocation/rules" label={t.allocationRules.yearSwitch} />
            {national ? <RuleEditor year={year} existingCodes={rules.map((r) => r.code)} templates={templates} testId="rule-add" /> : null}
          </>
        }
      />
      <PendingChanges actions={['allocation.rule']} t={t} testId="rules-pending" />

      {!national ? (
        <div className="mb">
          <Alert kind="info" testId="rules-read-only">{t.allocationRules.readOnly}</Alert>
        </div>
      ) : confirmed.length ? (
        <div className="mb">
          <Alert kind="warn" testId="rules-locked">
            {fmt(t.allocationRules.locked, { year, provinces: confirmed.map(provinceName).join(lang === 'zh' ? '、' : ', '), next: year + 1 })}
          </Alert>
        </div>
      ) : null}

      <div className="grid grid-4 mb">
        <Kpi label={t.allocationRules.kpiRules} value={rules.length} hint={fmt(t.allocationRules.kpiRulesHint, { n: industries.filter((i) => rules.some((r) => r.industry === i)).length })} testId="kpi-rules" />
        <Kpi
          label={fmt(t.allocationRules.kpiChanged, { prev: year - 1 })}
          value={previous.length && rules.length ? changed.length : t.common.dash}
          hint={
            !previous.length ? fmt(t.allocationRules.noPrevious, { prev: year - 1 }) : rules.length ? changed.map((r) => r.code).join(', ') || t.allocationRules.kpiNoChange : undefined
          }
          testId="kpi-changed"
        />
        <Kpi label={fmt(t.allocationRules.kpiNew, { year })} value={previous.length ? added.length : t.common.dash} hint={added.map((r) => r.code).join(', ') || undefined} testId="kpi-new" />
        <Kpi
          label={fmt(t.allocationRules.kpiDropped, { prev: year - 1 })}
          value={previous.length ? dropped.length : t.common.dash}
          hint={dropped.map((r) => r.code).join(', ') || undefined}
          testId="kpi-dropped"
        />
      </div>

      <MethodsCard t={t} rules={rules} />

      {rules.length === 0 ? (
        <Card>
          <EmptyState
            title={fmt(t.allocationRules.empty, { year })}
            hint={national ? fmt(t.allocationRules.emptyHintNational, { prev: year - 1 }) : t.allocationRules.emptyHint}
            testId="rules-empty"
          />
        </Card>
      ) : null}

      {industries.map((industry) => {
        const group = rules.filter((r) => r.industry === industry);
        const gone = dropped.filter((r) => r.industry === industry);
        // A year without rules shows the empty state only: its KPIs already name last year's rules.
        if (rules.length === 0 || (group.length === 0 && gone.length === 0)) return null;
        return (
          <Card
            key={industry}
            title={(t.industries as Record<string, string>)[industry] ?? industry}
            subtitle={fmt(t.allocationRules.groupSubtitle, { n: group.length, year })}
            flush
            testId={`rules-${industry}`}
          >
            <div className="rules-table">
            <DataTable
              testId={`rules-table-${industry}`}
              paginate={false}
              columns={[
                { id: 'rule', header: t.allocationRules.colRule, width: '24%' },
                { id: 'method', header: t.allocationRules.colMethod, width: '15%' },
                { id: 'unit', header: t.allocationRules.colUnit, width: '9%' },
                { id: 'benchmark', header: t.allocationRules.colBenchmark, align: 'right', width: '10%' },
                { id: 'decline', header: t.allocationRules.colDecline, align: 'right', width: '8%' },
                { id: 'factors', header: t.allocationRules.colFactors, align: 'right', width: '8%' },
                { id: 'cap', header: t.allocationRules.colCap, align: 'right', width: '8%' },
                { id: 'pre', header: t.allocationRules.colPre, align: 'right', width: '7%' },
                { id: 'paid', header: t.allocationRules.colPaid, align: 'right', width: '6%' },
                ...(national ? [{ id: 'actions', header: t.common.actions, sortable: false, width: '7%' }] : []),
              ]}
              rows={group.map((r) => ruleRow(r, prevOf.get(r.code), previous.length > 0, { t, lang, year, national, existing: rules.map((x) => x.code), templates }))}
              empty={<EmptyState title={fmt(t.allocationRules.emptyGroup, { year })} />}
            />
            </div>
            {gone.length ? (
              <p className="rules-dropped" data-testid={`rules-dropped-${industry}`}>
                {fmt(t.allocationRules.droppedNote, { prev: year - 1, year, codes: gone.map((r) => `${r.code} (${lang === 'zh' ? r.nameZh : r.name})`).join(', ') })}
              </p>
            ) : null}
          </Card>
        );
      })}
    </>
  );
});

/** The three methods in words, and which of the year's rules use each. */
function MethodsCard({ t, rules }: { t: Dictionary; rules: IndustryRuleView[] }) {
  return (
    <Card title={t.allocationRules.methodsTitle} subtitle={t.allocationRules.methodsSubtitle} testId="rules-methods">
      <div className="rule-methods">
        {METHODS.map((m) => {
          const users = rules.filter((r) => r.method === m).map((r) => r.code);
          return (
            <div key={m} className="rule-method" data-testid={`method-${m}`}>
              <Badge tone={METHOD_TONE[m]}>{t.allocationRules.methods[m]}</Badge>
              <div className="rule-formula">{t.allocationRules.formulas[m]}</div>
              <div className="sub-line">{users.length ? fmt(t.allocationRules.usedBy, { codes: users.join(', ') }) : t.allocationRules.unused}</div>
            </div>
          );
        })}
      </div>
      <p className="sub-line rules-notes">{t.allocationRules.methodsNote}</p>
    </Card>
  );
}

const PARAMS = ['benchmark', 'declineFactor', 'outputCapMultiple', 'preAllocationShare', 'paidShare', 'method', 'outputUnit'] as const;

function differs(a: IndustryRuleView, b: IndustryRuleView): boolean {
  return PARAMS.some((k) => !same(a[k], b[k])) || a.adjustmentFactors.join('×') !== b.adjustmentFactors.join('×');
}

const same = (a: string | null, b: string | null) => (a === null || b === null ? a === b : /^[\d.]+$/.test(a) && /^[\d.]+$/.test(b) ? new Decimal(a).eq(b) : a === b);

/** A parameter compared with last year's: "was 0.8218 (−0.50 %)", nothing when unchanged or when there is no previous rule. */
function Change({ now, before, t, show = (s) => s, testId }: { now: string | null; before: string | null | undefined; t: Dictionary; show?: (s: string) => string; testId?: string }) {
  if (before === undefined || same(now, before)) return null;
  if (before === null) return <span className="rule-change">{t.allocationRules.wasNone}</span>;
  let pct = '';
  if (now !== null && new Decimal(before).gt(0)) {
    const p = new Decimal(now).minus(before).div(before).times(100);
    pct = ` (${p.gt(0) ? '+' : p.lt(0) ? '−' : ''}${p.abs().toFixed(2)} %)`;
  }
  const dir = now === null ? '' : new Decimal(now).lt(before) ? ' down' : ' up';
  return (
    <span className={`rule-change${dir}`} data-testid={testId}>
      {fmt(t.allocationRules.was, { prev: show(before) })}
      {pct}
    </span>
  );
}

function ruleRow(
  r: IndustryRuleView,
  prev: IndustryRuleView | undefined,
  hasPrevious: boolean,
  ctx: { t: Dictionary; lang: Lang; year: number; national: boolean; existing: string[]; templates: IndustryRuleView[] },
): Row {
  const { t, lang } = ctx;
  const dash = t.common.dash;
  const b = prev ?? undefined;
  const factors = r.adjustmentFactors.length ? r.adjustmentFactors.join(' × ') : dash;
  const prevFactors = b ? (b.adjustmentFactors.length ? b.adjustmentFactors.join(' × ') : null) : undefined;
  const cap = (s: string) => fmt(t.allocationRules.capValue, { n: s });
  return {
    id: r.code,
    testId: `rule-${r.code}`,
    cells: {
      rule: (
        <div className="cell-stack">
          <span className="mono rule-code">{r.code}</span>
          <span>{lang === 'zh' ? r.nameZh : r.name}</span>
          <span className="sub-line">{lang === 'zh' ? r.name : r.nameZh}</span>
          <span className="sub-line" title={dateTime(r.updatedAt)}>
            {fmt(t.allocationRules.updatedOn, { date: dateOnly(r.updatedAt) })}
          </span>
          {hasPrevious && !prev ? (
            <Badge tone="blue" testId={`rule-new-${r.code}`}>
              {fmt(t.allocationRules.newBadge, { year: ctx.year })}
            </Badge>
          ) : null}
        </div>
      ),
      method: (
        <div className="cell-stack">
          <Badge tone={METHOD_TONE[r.method]}>{t.allocationRules.methods[r.method]}</Badge>
          {b && b.method !== r.method ? <span className="rule-change">{fmt(t.allocationRules.was, { prev: t.allocationRules.methods[b.method] })}</span> : null}
        </div>
      ),
      unit: (
        <div className="cell-stack">
          <span className="nowrap">{r.outputUnit}</span>
          {b && b.outputUnit !== r.outputUnit ? <span className="rule-change">{fmt(t.allocationRules.was, { prev: b.outputUnit })}</span> : null}
        </div>
      ),
      benchmark: (
        <div className="cell-stack num-stack">
          <strong data-testid={`rule-benchmark-${r.code}`}>{r.benchmark ?? dash}</strong>
          <Change now={r.benchmark} before={b ? b.benchmark : undefined} t={t} testId={`rule-benchmark-change-${r.code}`} />
        </div>
      ),
      decline: (
        <div className="cell-stack num-stack">
          <span>{r.declineFactor}</span>
          <Change now={r.declineFactor} before={b?.declineFactor} t={t} />
        </div>
      ),
      factors: (
        <div className="cell-stack num-stack">
          <span>{factors}</span>
          {prevFactors !== undefined && (prevFactors ?? dash) !== factors ? <span className="rule-change">{fmt(t.allocationRules.was, { prev: prevFactors ?? dash })}</span> : null}
        </div>
      ),
      cap: (
        <div className="cell-stack num-stack">
          <span className="nowrap">{r.outputCapMultiple ? cap(r.outputCapMultiple) : t.allocationRules.noCap}</span>
          <Change now={r.outputCapMultiple} before={b ? b.outputCapMultiple : undefined} t={t} show={cap} />
        </div>
      ),
      pre: (
        <div className="cell-stack num-stack">
          <span>{share(r.preAllocationShare)}</span>
          <Change now={r.preAllocationShare} before={b?.preAllocationShare} t={t} show={share} />
        </div>
      ),
      paid: (
        <div className="cell-stack num-stack">
          <span>{share(r.paidShare)}</span>
          <Change now={r.paidShare} before={b?.paidShare} t={t} show={share} />
        </div>
      ),
      actions: ctx.national ? <RuleEditor year={ctx.year} rule={r} existingCodes={ctx.existing} templates={ctx.templates} testId={`rule-edit-${r.code}`} /> : null,
    },
    sort: {
      rule: r.code, method: t.allocationRules.methods[r.method], unit: r.outputUnit, benchmark: r.benchmark === null ? null : Number(r.benchmark),
      decline: Number(r.declineFactor), factors: r.adjustmentFactors.length, cap: r.outputCapMultiple === null ? null : Number(r.outputCapMultiple),
      pre: Number(r.preAllocationShare), paid: Number(r.paidShare),
    },
  };
}
