'use client';

import { Fragment, useState } from 'react';
import { fmt, type Dictionary, type Lang } from '@/i18n';
import { useI18n } from '@/i18n/client';
import type { LineView, StoredLinePlan } from '@/server/compliance/allocation';
import { EmptyState } from '@/ui/EmptyState';
import { tonnes } from '@/ui/format';
import { problemsText, SignedQuantity } from './shared';

/**
 * A run's lines, one row per entity: what the rules give it, the paid share, what it already
 * received, the deduction of last year's shortfall, what this run issues (+) or takes back (−),
 * what moved once confirmed, and any problem. Each row opens the calculation per installation
 * (method, inputs, formula, exact value, result, entitlement) and the line's formula: what an
 * entity checks.
 */
export function RunLines({ lines, confirmed, emptyHint }: { lines: LineView[]; confirmed: boolean; emptyHint: string }) {
  const { t, lang } = useI18n();
  const p = t.allocationPage;
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allOpen = lines.length > 0 && open.size === lines.length;
  const cols = 10;

  if (lines.length === 0) return <EmptyState title={p.noLines} hint={emptyHint} testId="no-lines" />;

  return (
    <div data-testid="run-lines">
      <div className="alloc-lines-bar">
        <span className="muted">{p.linesHelp}</span>
        <button type="button" className="btn sm ghost" onClick={() => setOpen(allOpen ? new Set() : new Set(lines.map((l) => l.organisationId)))} data-testid="lines-toggle-all">
          {allOpen ? p.collapseAll : p.expandAll}
        </button>
      </div>
      <div className="table-wrap">
        <table className="table alloc-lines">
          <thead>
            <tr>
              <th className="alloc-toggle-col">
                <span className="sr-only">{p.calculation}</span>
              </th>
              <th>{p.colOrganisation}</th>
              <th>{p.colIndustry}</th>
              <th className="num">{p.colAllocation}</th>
              <th className="num">{p.colPaid}</th>
              <th className="num">{p.colPrevious}</th>
              <th className="num">{p.colDeduction}</th>
              <th className="num">{p.colQuantity}</th>
              <th className="num">{p.colMoved}</th>
              <th>{p.colProblem}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const isOpen = open.has(l.organisationId);
              const id = `calc-${l.organisationId}`;
              return (
                <Fragment key={l.organisationId}>
                  <tr className={l.problem ? 'alloc-problem' : undefined} data-testid={`line-${l.organisationId}`}>
                    <td className="alloc-toggle-col">
                      <button
                        type="button"
                        className="btn sm ghost alloc-toggle"
                        aria-expanded={isOpen}
                        aria-controls={id}
                        aria-label={p.calculation}
                        title={p.calculation}
                        onClick={() => toggle(l.organisationId)}
                        data-testid={`line-${l.organisationId}-toggle`}
                      >
                        {isOpen ? '▾' : '▸'}
                      </button>
                    </td>
                    <td>
                      <div className="cell-stack">
                        <strong>{lang === 'zh' ? l.organisationNameZh : l.organisationName}</strong>
                        {l.accountId ? <span className="sub-line">{fmt(p.accountNo, { id: l.accountId })}</span> : null}
                      </div>
                    </td>
                    <td>{l.industry ? (t.industries[l.industry as keyof Dictionary['industries']] ?? l.industry) : t.common.dash}</td>
                    <td className="num">{tonnes(l.allocation)}</td>
                    <td className="num">{tonnes(l.paid)}</td>
                    <td className="num">{tonnes(l.previouslyIssued)}</td>
                    <td className="num">{l.deduction ? `−${tonnes(l.deduction)}` : '0'}</td>
                    <td className="num">
                      <strong>
                        <SignedQuantity n={l.quantity} testId={`line-${l.organisationId}-quantity`} />
                      </strong>
                    </td>
                    <td className="num" data-testid={`line-${l.organisationId}-moved`}>
                      {l.moved === null ? (
                        <span className="faint" title={confirmed ? undefined : p.movedOnConfirm}>
                          {t.common.dash}
                        </span>
                      ) : (
                        <div className="cell-stack" style={{ alignItems: 'flex-end' }}>
                          <SignedQuantity n={l.moved} />
                          {l.entryId ? <span className="sub-line mono">{fmt(p.entry, { id: l.entryId })}</span> : null}
                        </div>
                      )}
                    </td>
                    <td className="alloc-problem-cell" data-testid={`line-${l.organisationId}-problem`}>
                      {l.problem || l.problems.length ? (
                        <span className="alloc-problem-text">{problemsText(l.problems, l.problem, lang)}</span>
                      ) : (
                        <span className="faint">{t.common.dash}</span>
                      )}
                    </td>
                  </tr>
                  {isOpen ? (
                    <tr className="alloc-calc-row" id={id}>
                      <td colSpan={cols}>
                        <Calculation line={l} t={t} lang={lang} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The line's calculation: one box per installation, then the line's own formula. */
function Calculation({ line, t, lang }: { line: LineView; t: Dictionary; lang: Lang }) {
  const p = t.allocationPage;
  const c = line.calculation;
  return (
    <div className="alloc-calc" data-testid={`calc-${line.organisationId}`}>
      <div className="alloc-calc-grid">
        {c.installations.map((i) => (
          <InstallationBox key={i.installation} i={i} t={t} lang={lang} />
        ))}
        {c.installations.length === 0 ? <p className="muted">{p.noInstallations}</p> : null}
      </div>
      <dl className="facts alloc-line-formula">
        <dt>{p.entitlementTotal}</dt>
        <dd>
          {tonnes(c.entitlement)} {t.common.tonnes}
        </dd>
        {c.previouslyDeducted ? (
          <>
            <dt>{p.previouslyDeducted}</dt>
            <dd>
              {tonnes(c.previouslyDeducted)} {t.common.tonnes}
            </dd>
          </>
        ) : null}
        <dt>{p.lineFormula}</dt>
        <dd>
          <code className="alloc-formula" data-testid={`calc-${line.organisationId}-formula`}>
            {c.problems?.length ? `${p.problems.notAllocated}${problemsText(c.problems, null, lang)}` : c.formula}
          </code>
        </dd>
      </dl>
    </div>
  );
}

function InstallationBox({ i, t, lang }: { i: StoredLinePlan['installations'][number]; t: Dictionary; lang: Lang }) {
  const p = t.allocationPage;
  const calc = i.calculation;
  const inputLabel = (k: string) => (p.inputs as Record<string, string>)[k] ?? k;
  return (
    <section className={`alloc-inst${i.problem || i.problems?.length ? ' has-problem' : ''}`} data-testid={`inst-${i.installation}`}>
      <header>
        <strong className="mono">{i.installation}</strong> <span>{i.name}</span>
        <div className="sub-line">
          {i.rule ? <span className="mono">{i.rule}</span> : null}
          {calc ? <> · {p.methods[calc.method]}</> : null}
        </div>
      </header>
      {i.problem || i.problems?.length ? <p className="alloc-problem-text">{problemsText(i.problems, i.problem, lang)}</p> : null}
      {calc ? (
        <dl className="facts">
          <dt>{p.method}</dt>
          <dd>{p.methods[calc.method]}</dd>
          <dt>{p.inputsLabel}</dt>
          <dd>
            <dl className="alloc-inputs">
              {Object.entries(calc.inputs).map(([k, v]) => (
                <Fragment key={k}>
                  <dt>{inputLabel(k)}</dt>
                  <dd className="mono">{v}</dd>
                </Fragment>
              ))}
            </dl>
          </dd>
          <dt>{p.formula}</dt>
          <dd>
            <code className="alloc-formula">{calc.formula}</code>
          </dd>
          <dt>{p.exact}</dt>
          <dd className="mono">{calc.exact}</dd>
          <dt>{p.result}</dt>
          <dd>
            <strong>{tonnes(calc.result)}</strong> {t.common.tonnes} <span className="muted">({p.rounded})</span>
          </dd>
          <dt>{p.freePaid}</dt>
          <dd>{fmt(p.freePaidValue, { free: tonnes(i.free), paid: tonnes(i.paid) })}</dd>
          <dt>{p.entitlement}</dt>
          <dd>
            <strong>{tonnes(i.entitlement)}</strong> {t.common.tonnes} <code className="alloc-formula">{i.entitlementFormula}</code>
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
