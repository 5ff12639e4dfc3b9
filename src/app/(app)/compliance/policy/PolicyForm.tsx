'use client';

import { useRef, useState } from 'react';
import Decimal from 'decimal.js';
import { updatePolicyAction } from '@/app/actions/policy';
import { gwpGases, gwpTableProblems, GWP_MAX_GASES, type GwpTable } from '@/domain/compliance/coverage';
import { policyChanges } from '@/domain/compliance/policyChanges';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { renderProblem } from '@/i18n/problems';
import { policySchema, type PolicyCommand } from '@/schemas/compliance';
import type { PolicySettings } from '@/server/compliance/policy';
import { Alert } from '@/ui/Alert';
import { ConfirmDialog } from '@/ui/forms/ConfirmDialog';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt } from '@/ui/forms/validate';
import { formErrors } from '../../_lib/formErrors';
import { ChangeList, PENALTY_RULES, phaseRanges } from './labels';

/**
 * The form's values: the offset cap as a percentage, the phase starts as text ("2021, 2026"),
 * carry-over between phases ("true"/"false"), the discount factor, the penalty rule, the GWP
 * source label (empty: unchanged), and each GWP row as `gas.<row>` and `factor.<row>`.
 */
type Values = Record<string, string>;

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

function initialOf(policy: PolicySettings): { rows: number[]; values: Values } {
  const gases = gwpGases(policy.gwp);
  const values: Values = {
    offsetShare: new Decimal(policy.offsetShare).times(100).toFixed(),
    phaseStarts: policy.phaseStarts.join(', '),
    carryOverBetweenPhases: String(policy.carryOverBetweenPhases),
    carryOverDiscount: policy.carryOverDiscount,
    penaltyRule: policy.penaltyRule,
    gwpSource: '',
  };
  gases.forEach((gas, i) => {
    values[`gas.${i}`] = gas;
    values[`factor.${i}`] = policy.gwp[gas]!;
  });
  return { rows: gases.map((_, i) => i), values };
}

const gasOf = (v: Values, row: number) => (v[`gas.${row}`] ?? '').trim().toUpperCase();
const factorOf = (v: Values, row: number) => (v[`factor.${row}`] ?? '').trim();

/** The rows as a table (a gas listed twice keeps its first factor). */
function tableOf(v: Values, rows: number[]): GwpTable {
  const table: GwpTable = {};
  for (const row of rows) {
    const gas = gasOf(v, row);
    if (gas && !Object.hasOwn(table, gas)) table[gas] = factorOf(v, row);
  }
  return table;
}

const sameFactor = (a: string, b: string | undefined) => {
  try {
    return b !== undefined && new Decimal(a).eq(b);
  } catch {
    return false;
  }
};

/** Whether the rows differ from the table in force (any row unreadable counts as a change). */
function tableChanged(v: Values, rows: number[], current: GwpTable): boolean {
  const table = tableOf(v, rows);
  const gases = Object.keys(table);
  return rows.length !== Object.keys(current).length || gases.length !== rows.length || gases.some((gas) => !sameFactor(table[gas]!, current[gas]));
}

/** The command the form sends: the GWP table only when it changed, the source only when given. */
function commandOf(v: Values, rows: number[], current: GwpTable): PolicyCommand {
  const pct = v.offsetShare?.trim() ?? '';
  const source = v.gwpSource?.trim() ?? '';
  return {
    // Not a percentage: sent as typed, so that the schema refuses it.
    offsetShare: PERCENT.test(pct) && new Decimal(pct).lte(100) ? new Decimal(pct).div(100).toFixed() : pct,
    phaseStarts: (v.phaseStarts ?? '').split(/[\s,，、;；]+/).filter(Boolean).map(toInt),
    carryOverBetweenPhases: v.carryOverBetweenPhases === 'true',
    carryOverDiscount: v.carryOverDiscount?.trim() ?? '',
    penaltyRule: v.penaltyRule as PolicyCommand['penaltyRule'],
    gwp: tableChanged(v, rows, current) ? tableOf(v, rows) : undefined,
    gwpSource: source === '' ? undefined : source,
  };
}

/**
 * The national regulator's policy form: offsets, banking, the penalty rule and the GWP table
 * (rows of gas and factor, added and removed, each checked as you type with the domain's rule;
 * a changed table needs its source). Checked with the shared schema; a confirmation lists what
 * changes before it is saved, since the rules change for everyone. "Discard changes" starts again
 * from the policy in force.
 */
export function PolicyForm({ policy }: { policy: PolicySettings }) {
  const [generation, setGeneration] = useState(0);
  return <PolicyFormBody key={generation} policy={policy} onDiscard={() => setGeneration((g) => g + 1)} />;
}

function PolicyFormBody({ policy, onDiscard }: { policy: PolicySettings; onDiscard: () => void }) {
  const { t, lang } = useI18n();
  const p = t.compliancePolicy;
  const confirmRef = useRef<HTMLDialogElement>(null);
  const [start] = useState(() => initialOf(policy));
  const [rows, setRows] = useState<number[]>(start.rows);
  const nextRow = useRef(start.rows.length);
  // The values for which "nothing to save" was said (it goes once they change).
  const [unchangedAt, setUnchangedAt] = useState<Values | null>(null);

  const form = useActionForm<Values, { approvalId: number }>({
    initial: start.values,
    validate: (v) => {
      const cmd = commandOf(v, rows, policy.gwp);
      const errors = formErrors(policySchema, cmd, lang, { offsetShare: p.errOffsetShare, phaseStarts: p.errPhaseStarts, carryOverDiscount: p.errDiscount });
      // The table is checked row by row below, with the domain's rule.
      delete errors.gwp;
      if (errors.gwpSource) errors.gwpSource = cmd.gwpSource === undefined ? p.errSourceRequired : p.errSourceLength;
      if (!cmd.gwp) return errors;
      const rowOf = new Map<string, number>();
      for (const row of rows) {
        const gas = gasOf(v, row);
        if (!gas) errors[`gas.${row}`] = p.errGasRequired;
        else if (rowOf.has(gas)) errors[`gas.${row}`] = fmt(p.errGasDuplicate, { gas });
        else rowOf.set(gas, row);
      }
      for (const problem of gwpTableProblems(tableOf(v, rows))) {
        const message = renderProblem(problem.problem, lang);
        const row = problem.gas === null ? undefined : rowOf.get(problem.gas);
        const key = row === undefined ? 'gwp' : problem.code === 'BAD_GAS' ? `gas.${row}` : `factor.${row}`;
        errors[key] ??= message;
      }
      return errors;
    },
    submit: (v) => updatePolicyAction(commandOf(v, rows, policy.gwp)),
    // The change waits for a second national regulator: the form starts again from the policy in force.
    onSuccess: () => {
      const next = initialOf(policy);
      setRows(next.rows);
      nextRow.current = Math.max(nextRow.current, next.rows.length);
      return next.values;
    },
  });

  const v = form.values;
  const cmd = commandOf(v, rows, policy.gwp);
  const changes = form.hasErrors ? [] : policyChanges(policy, { ...cmd, phaseStarts: [...new Set(cmd.phaseStarts)].sort((a, b) => a - b) });
  const dirty = changes.length > 0 || form.hasErrors;
  const years = cmd.phaseStarts.filter((y) => Number.isInteger(y) && y >= 2000 && y <= 2100);

  // A table problem (no CO2, too many gases) shows once the table has changed; the server's verdict on the table, always.
  const serverFields = form.result && !form.result.ok ? form.result.fields : {};
  const tableErrors = [
    ...(cmd.gwp && form.clientErrors.gwp ? [form.clientErrors.gwp] : []),
    ...Object.entries(serverFields).filter(([k]) => k === 'gwp' || k.startsWith('gwp.')).map(([k, m]) => (k === 'gwp' ? m : `${k.slice(4)}: ${m}`)),
  ];

  const addRow = () => {
    const row = nextRow.current++;
    form.set(`gas.${row}`, '', false);
    form.set(`factor.${row}`, '', false);
    setRows((rs) => [...rs, row]);
  };
  const removeRow = (row: number) => setRows((rs) => rs.filter((r) => r !== row));

  return (
    <form
      className="form"
      noValidate
      data-testid="policy-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (form.hasErrors) {
          form.run(); // shows every error, never reaches the server
          return;
        }
        if (changes.length === 0) {
          setUnchangedAt(v);
          return;
        }
        confirmRef.current?.showModal();
      }}
    >
      <h3>{p.sectionOffsets}</h3>
      <div className="form-grid">
        <Field name="offsetShare" label={p.offsetShare} error={form.errorOf('offsetShare')} hint={p.offsetShareHint}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('offsetShare')} data-testid="policy-offset-share" />
        </Field>
      </div>

      <h3>{p.sectionBanking}</h3>
      <div className="form-grid">
        <Field name="phaseStarts" label={p.phaseStarts} error={form.errorOf('phaseStarts')} hint={fmt(p.phaseStartsHint, { phases: years.length ? phaseRanges(years, t) : t.common.dash })}>
          <input className="input" inputMode="numeric" autoComplete="off" {...form.bind('phaseStarts')} data-testid="policy-phase-starts" />
        </Field>
        <Field name="carryOverBetweenPhases" label={p.carryOverBetweenPhases} error={form.errorOf('carryOverBetweenPhases')}>
          <select className="input" {...form.bind('carryOverBetweenPhases')} data-testid="policy-carry-over">
            <option value="false">{p.carryOverForbiddenOption}</option>
            <option value="true">{p.carryOverAllowedOption}</option>
          </select>
        </Field>
        <Field name="carryOverDiscount" label={p.carryOverDiscount} error={form.errorOf('carryOverDiscount')} hint={p.carryOverDiscountHint}>
          <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('carryOverDiscount')} data-testid="policy-discount" />
        </Field>
      </div>

      <h3>{p.sectionPenalty}</h3>
      <fieldset className="policy-rule-options" aria-describedby={form.errorOf('penaltyRule') ? 'f-penaltyRule-error' : undefined}>
        <legend className="sr-only">{p.penaltyRule}</legend>
        {PENALTY_RULES.map((rule) => (
          <label key={rule} className={`policy-rule-option${v.penaltyRule === rule ? ' on' : ''}`}>
            <input type="radio" name="penaltyRule" value={rule} checked={v.penaltyRule === rule} onChange={() => form.set('penaltyRule', rule)} data-testid={`policy-rule-${rule}`} />
            <span className="cell-stack">
              <strong>{p.rules[rule].name}</strong>
              <span className="sub-line">{p.rules[rule].law}</span>
            </span>
          </label>
        ))}
        {form.errorOf('penaltyRule') ? (
          <div className="error" id="f-penaltyRule-error" role="alert" data-testid="penaltyRule-error">
            {form.errorOf('penaltyRule')}
          </div>
        ) : null}
      </fieldset>

      <h3>{p.sectionGwp}</h3>
      <div className="gwp-editor" data-testid="gwp-editor">
        <table className="table">
          <thead>
            <tr>
              <th>{p.gas}</th>
              <th className="num">{p.factor}</th>
              <th>
                <span className="sr-only">{t.common.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const gas = form.bind(`gas.${row}`);
              const gasLabel = gasOf(v, row) || String(i + 1);
              return (
                <tr key={row} data-testid={`gwp-row-${i}`}>
                  <td>
                    <input
                      className="input mono"
                      autoComplete="off"
                      aria-label={`${p.gas} ${i + 1}`}
                      {...gas}
                      onChange={(e) => form.set(`gas.${row}`, e.target.value.toUpperCase())}
                      data-testid={`gwp-gas-${i}`}
                    />
                    <CellError name={`gas.${row}`} message={form.errorOf(`gas.${row}`)} testId={`gwp-gas-${i}-error`} />
                  </td>
                  <td>
                    <input className="input num" inputMode="decimal" autoComplete="off" aria-label={`${p.factor} ${gasLabel}`} {...form.bind(`factor.${row}`)} data-testid={`gwp-factor-${i}`} />
                    <CellError name={`factor.${row}`} message={form.errorOf(`factor.${row}`)} testId={`gwp-factor-${i}-error`} />
                  </td>
                  <td className="num">
                    <button type="button" className="btn sm ghost" onClick={() => removeRow(row)} aria-label={fmt(p.removeGas, { gas: gasLabel })} data-testid={`gwp-remove-${i}`}>
                      {p.remove}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="btn-row gwp-editor-foot">
          <button type="button" className="btn sm" onClick={addRow} disabled={rows.length >= GWP_MAX_GASES} data-testid="gwp-add">
            + {p.addGas}
          </button>
          {cmd.gwp ? <span className="sub-line">{p.tableChanged}</span> : null}
        </div>
        {tableErrors.map((m) => (
          <div key={m} className="field">
            <div className="error" role="alert" data-testid="gwp-error">
              {m}
            </div>
          </div>
        ))}
      </div>
      <div className="form-grid">
        <Field
          name="gwpSource"
          label={p.gwpSourceLabel}
          optional={cmd.gwp ? undefined : t.common.optional}
          // Required as soon as the table changes: said then, not only after a submit.
          error={form.errorOf('gwpSource') ?? (cmd.gwp ? form.clientErrors.gwpSource : undefined)}
          hint={fmt(p.gwpSourceHint, { source: policy.gwpSource })}
        >
          <input className="input" autoComplete="off" {...form.bind('gwpSource')} data-testid="policy-gwp-source" />
        </Field>
      </div>

      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="policy-submit">
          {p.save}
        </SubmitButton>
        {dirty ? (
          <button type="button" className="btn ghost" onClick={onDiscard} disabled={form.pending} data-testid="policy-reset">
            {p.reset}
          </button>
        ) : null}
      </div>
      {unchangedAt === v ? (
        <Alert kind="info" testId="policy-unchanged">
          {p.noChanges}
        </Alert>
      ) : null}
      <FormResult result={form.result} testId={form.result?.ok ? 'policy-success' : 'policy-error'} />

      <ConfirmDialog dialogRef={confirmRef} titleId="policy-confirm-title" title={p.confirmTitle} confirmLabel={p.confirmSave} onConfirm={form.run} confirmTestId="policy-confirm">
        <p>{p.confirmBody}</p>
        <ChangeList changes={changes} t={t} testId="policy-confirm-changes" />
      </ConfirmDialog>
    </form>
  );
}

/** A table cell's inline error (the id its input's aria-describedby names). */
function CellError({ name, message, testId }: { name: string; message: string | undefined; testId: string }) {
  if (!message) return null;
  return (
    <div className="error" id={`f-${name}-error`} role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
