import type { Calculation } from '@/domain/compliance/allocation';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import type { EntityAllocation, StoredLinePlan } from '@/server/compliance/allocation';
import { Badge } from '@/ui/Badge';
import { Card } from '@/ui/Card';
import { EmptyState } from '@/ui/EmptyState';
import { dateOnly, signedTonnes, tonnes } from '@/ui/format';
import { METHOD_TONE, share } from '../_lib/allocationMethod';
import { decimalTonnes } from '../_lib/compliance';
import { problemsText } from '../allocation/shared';

/** A decimal figure for reading: thousands grouped, no trailing zeros. */
const n = (s: string | undefined) => (s === undefined ? '' : decimalTonnes(s.trim()));

/**
 * The entity's confirmed allocations (配额分配) of the year and of the next year, each line with
 * its calculation per installation — method, inputs, formula with the figures, the exact value and
 * the whole tonnes, the paid share, the pre-allocation share — and what was issued, so that the
 * entity can check what it was given.
 */
export function AllocationSection({ years, units, t, lang }: { years: { year: number; allocations: EntityAllocation[] }[]; units: Map<string, string>; t: Dictionary; lang: Lang }) {
  const ta = t.complianceAllocation;
  const shown = years.filter((y, i) => i === 0 || y.allocations.length > 0);
  const first = years[0]!;
  return (
    <Card title={ta.title} subtitle={fmt(ta.subtitle, { year: first.year })} testId="allocation-card" className="alloc-card">
      {shown.map(({ year, allocations }) => (
        <section key={year} className="alloc-year" data-testid={`allocation-${year}`}>
          <h3 className="alloc-year-title">{fmt(ta.yearTitle, { year })}</h3>
          {allocations.length === 0 ? (
            <EmptyState title={fmt(ta.none, { year })} hint={fmt(ta.noneHint, { year })} testId={`allocation-none-${year}`} />
          ) : (
            allocations.map((a) => <AllocationLine key={a.runId} a={a} year={year} units={units} t={t} lang={lang} />)
          )}
        </section>
      ))}
      {years.slice(1).every((y) => y.allocations.length === 0) ? <p className="sub-line">{fmt(ta.nextNone, { year: first.year + 1 })}</p> : null}
    </Card>
  );
}

function AllocationLine({ a, year, units, t, lang }: { a: EntityAllocation; year: number; units: Map<string, string>; t: Dictionary; lang: Lang }) {
  const ta = t.complianceAllocation;
  const c = a.calculation;
  const pre = a.kind === 'PRE_ALLOCATION';
  const terms = [
    `${tonnes(c.entitlement)} ${pre ? ta.termPre : ta.termVerified}`,
    c.previouslyIssued ? `− ${tonnes(c.previouslyIssued)} ${ta.termIssued}` : null,
    c.previouslyDeducted ? `− ${tonnes(c.previouslyDeducted)} ${ta.termDeducted}` : null,
    c.deduction ? `− ${tonnes(c.deduction)} ${ta.termShortfall}` : null,
  ].filter(Boolean);
  return (
    <div className="alloc-line" data-testid={`allocation-run-${a.runId}`}>
      <div className="alloc-line-head">
        <div>
          <Badge tone={pre ? 'blue' : 'green'}>{ta.kinds[a.kind]}</Badge>{' '}
          <span className="muted">{fmt(ta.runOf, { id: a.runId, date: dateOnly(a.confirmedAt) })}</span>
        </div>
        <div className="alloc-issued">
          <span className="strip-label">{a.quantity < 0 ? ta.takenBack : ta.issued}</span>
          <strong data-testid={`allocation-quantity-${a.runId}`}>{signedTonnes(a.moved)}</strong> {t.common.tonnes} <span className="muted">CEA-{year}</span>
        </div>
      </div>
      <dl className="facts alloc-facts">
        <dt>{ta.allocation}</dt>
        <dd>
          {tonnes(c.allocation)} {t.common.tonnes} <span className="sub-line">{ta.allocationHint}</span>
        </dd>
        <dt>{ta.paid}</dt>
        <dd>
          {tonnes(c.installations.reduce((s, i) => s + i.paid, 0))} {t.common.tonnes} <span className="sub-line">{pre ? ta.paidPre : ta.paidTrueUp}</span>
        </dd>
        <dt>{pre ? ta.entitlementPre : ta.entitlementVerified}</dt>
        <dd>
          {tonnes(c.entitlement)} {t.common.tonnes}
        </dd>
        {c.deduction ? (
          <>
            <dt>{ta.deduction}</dt>
            <dd data-testid={`allocation-deduction-${a.runId}`}>
              {tonnes(c.deduction)} {t.common.tonnes} <span className="sub-line">{ta.deductionHint}</span>
            </dd>
          </>
        ) : null}
        <dt>{ta.lineFormula}</dt>
        <dd className="mono">
          {terms.join(' ')} = {signedTonnes(c.quantity)} {t.common.tonnes}
        </dd>
        {a.moved !== a.quantity ? (
          <>
            <dt>{ta.moved}</dt>
            <dd>{fmt(ta.movedHint, { n: signedTonnes(a.moved), q: signedTonnes(a.quantity) })}</dd>
          </>
        ) : null}
      </dl>
      <div className="table-wrap">
        <table className="table alloc-table" data-testid={`allocation-installations-${a.runId}`}>
          <thead>
            <tr>
              <th>{ta.colInstallation}</th>
              <th>{ta.colInputs}</th>
              <th>{ta.colFormula}</th>
              <th className="num">{ta.colResult}</th>
              <th className="num">{ta.colPaid}</th>
              <th className="num">{pre ? ta.colPre : ta.colFree}</th>
            </tr>
          </thead>
          <tbody>
            {c.installations.map((i) => (
              <InstallationRow key={i.installation} i={i} pre={pre} unit={i.rule ? units.get(i.rule) : undefined} t={t} lang={lang} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>{ta.total}</td>
              <td className="num">{tonnes(c.allocation)}</td>
              <td className="num">{tonnes(c.installations.reduce((s, i) => s + i.paid, 0))}</td>
              <td className="num">{tonnes(c.entitlement)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function InstallationRow({ i, pre, unit, t, lang }: { i: StoredLinePlan['installations'][number]; pre: boolean; unit: string | undefined; t: Dictionary; lang: Lang }) {
  const ta = t.complianceAllocation;
  const calc = i.calculation;
  const preShare = /×\s*([\d.]+)/.exec(i.entitlementFormula)?.[1];
  return (
    <tr>
      <td>
        <div className="cell-stack">
          <span className="mono">{i.installation}</span>
          <span>{i.name}</span>
          <span className="sub-line mono">{i.rule ?? t.common.dash}</span>
        </div>
      </td>
      <td>{calc ? <Inputs calc={calc} unit={unit} t={t} /> : <span className="neg">{problemsText(i.problems, i.problem, lang)}</span>}</td>
      <td>
        {calc ? (
          <div className="cell-stack">
            <Badge tone={METHOD_TONE[calc.method]}>{t.allocationRules.methods[calc.method]}</Badge>
            <span className="sub-line">{t.allocationRules.formulas[calc.method]}</span>
            <span className="mono alloc-formula">
              {figures(calc)} = {n(calc.exact)}
            </span>
          </div>
        ) : null}
      </td>
      <td className="num">
        {calc ? (
          <div className="cell-stack num-stack">
            <strong>{tonnes(calc.result)}</strong>
            <span className="sub-line">{ta.rounded}</span>
          </div>
        ) : null}
      </td>
      <td className="num">
        {calc ? (
          <div className="cell-stack num-stack">
            <span>{tonnes(i.paid)}</span>
            <span className="sub-line">{fmt(ta.freePart, { n: tonnes(i.free) })}</span>
          </div>
        ) : null}
      </td>
      <td className="num">
        {calc ? (
          <div className="cell-stack num-stack">
            <strong>{tonnes(i.entitlement)}</strong>
            <span className="sub-line">{pre && preShare ? fmt(ta.preShare, { n: tonnes(i.free), pct: share(preShare) }) : fmt(ta.freeFormula, { r: tonnes(calc.result), p: tonnes(i.paid) })}</span>
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** The calculation's inputs, named in the user's language. */
function Inputs({ calc, unit, t }: { calc: Calculation; unit: string | undefined; t: Dictionary }) {
  const labels = t.complianceAllocation.inputs as Record<string, string>;
  const withUnit = new Set(['output', 'outputCap', 'countedOutput']);
  return (
    <dl className="alloc-inputs">
      {Object.entries(calc.inputs).map(([k, v]) => (
        <div key={k}>
          <dt>{labels[k] ?? k}</dt>
          <dd className="mono">
            {k === 'baseEmissions' ? v.split(/,\s*/).map(n).join(', ') : n(v)}
            {withUnit.has(k) && unit ? ` ${unit}` : ''}
            {k === 'baseEmissions' || k === 'baseAverage' ? ` ${t.common.tonnes}` : ''}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The formula with the figures put in: "3,300,000 × 0.8177 × 1". */
function figures(c: Calculation): string {
  const i = c.inputs;
  const output = i.outputCap !== undefined && Number(i.countedOutput) < Number(i.output) ? `min(${n(i.output)}, ${n(i.outputCap)})` : n(i.output);
  switch (c.method) {
    case 'BENCHMARK':
      return [output, n(i.benchmark), n(i.declineFactor), ...(i.adjustmentFactors ? i.adjustmentFactors.split(/\s*×\s*/).map(n) : [])].join(' × ');
    case 'HISTORICAL_INTENSITY':
      return [output, n(i.historicalIntensity), n(i.declineFactor)].join(' × ');
    case 'HISTORICAL_EMISSIONS':
      return `${n(i.baseAverage)} × ${n(i.declineFactor)}`;
  }
}
