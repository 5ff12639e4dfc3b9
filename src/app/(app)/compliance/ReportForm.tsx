'use client';

import { useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { fileReportAction } from '@/app/actions/coverage';
import { gwpGases, totalCo2e, type EmissionLine, type GwpTable } from '@/domain/compliance/coverage';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { emissionLineSchema } from '@/schemas/compliance';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm, type ActionForm } from '@/ui/forms/useActionForm';
import { tonnes } from '@/ui/format';
import { formErrors } from '../_lib/formErrors';
import { decimalTonnes } from '../_lib/compliance';

/** A report line's fields by their key in the request. */
const PREFIX: Record<string, string> = { source: 'src', gas: 'gas', quantity: 'qty' };

/** "1,250.5 " → "1250.5": the schema takes plain decimals. */
const clean = (s: string) => s.trim().replace(/[,\s]/g, '');

export interface ReportInstallation {
  code: string;
  name: string;
  /** The unit of its rule's output (MWh, t clinker…), when known. */
  unit: string | null;
  /** Its rule allocates on output (benchmark or historical intensity): the output is needed. */
  needsOutput: boolean;
}

type Values = Record<string, string>;

/**
 * Files (or files again, until verified) the year's emission report (排放报告): emission lines by
 * source and gas with the tonnes of gas, rows added and removed at will, converted to tCO2e with
 * the compliance policy's GWP table (passed by the page: policy data, set by the national
 * regulator) as you type; and the production output of each installation, in its rule's unit
 * (the allocation reads it). Checked with the shared schema; the service's refusals show next to
 * the row or installation they concern.
 */
export function ReportForm({
  year, deadline, gwp, gwpSource, installations, initialLines, initialOutputs, refile,
}: {
  year: number;
  deadline: string;
  /** The GWP table in force (gas code → factor, CO2 first) and where it comes from. */
  gwp: GwpTable;
  gwpSource: string;
  installations: ReportInstallation[];
  initialLines: EmissionLine[];
  initialOutputs: Record<string, string>;
  refile: boolean;
}) {
  const { t, lang } = useI18n();
  const router = useRouter();
  const ta = t.complianceAllocation;
  const gases = gwpGases(gwp);
  const [start] = useState(() => (initialLines.length ? initialLines : [{ source: '', gas: 'CO2', quantity: '' }]));
  const [rows, setRows] = useState<number[]>(() => start.map((_, i) => i));
  const [nextId, setNextId] = useState(start.length);

  const lineOf = (v: Values, id: number): EmissionLine => ({ source: v[`src-${id}`] ?? '', gas: v[`gas-${id}`] ?? 'CO2', quantity: clean(v[`qty-${id}`] ?? '') });
  const outputsOf = (v: Values) =>
    Object.fromEntries(installations.map((i) => [i.code, clean(v[`out-${i.code}`] ?? '')] as const).filter(([, value]) => value !== ''));

  const form = useActionForm<Values>({
    initial: Object.fromEntries([
      ...start.flatMap((l, i) => [[`src-${i}`, l.source], [`gas-${i}`, l.gas], [`qty-${i}`, String(l.quantity)]]),
      ...installations.map((i) => [`out-${i.code}`, initialOutputs[i.code] ?? '']),
    ]) as Values,
    validate: (v) => {
      const errors: Record<string, string> = {};
      for (const id of rows) {
        const line = lineOf(v, id);
        for (const [k, m] of Object.entries(formErrors(emissionLineSchema, line, lang, ta.lineErrors))) errors[`${PREFIX[k] ?? k}-${id}`] = m;
        if (!errors[`gas-${id}`] && !Object.hasOwn(gwp, line.gas.trim().toUpperCase())) errors[`gas-${id}`] = ta.lineErrors.gas;
      }
      for (const i of installations) {
        const value = clean(v[`out-${i.code}`] ?? '');
        if (value === '') {
          if (i.needsOutput) errors[`out-${i.code}`] = ta.outputNeeded;
        } else if (!emissionLineSchema.shape.quantity.safeParse(value).success) errors[`out-${i.code}`] = ta.outputInvalid;
      }
      return errors;
    },
    submit: async (v) => {
      const ids = rows;
      const r = await fileReportAction({ year, lines: ids.map((id) => lineOf(v, id)), outputs: outputsOf(v) });
      if (r.ok) return r;
      // The service names problems by their place in the request: put each next to its row or installation.
      const fields: Record<string, string> = {};
      for (const [key, message] of Object.entries(r.fields)) {
        const line = /^lines\.(\d+)\.(\w+)$/.exec(key);
        const output = /^outputs\.(.+)$/.exec(key);
        const id = line ? ids[Number(line[1])] : undefined;
        if (line && id !== undefined && PREFIX[line[2]!]) fields[`${PREFIX[line[2]!]}-${id}`] = message;
        else if (output) fields[`out-${output[1]}`] = message;
        else fields[key] = message;
      }
      return { ...r, fields };
    },
    onSuccess: () => router.refresh(),
  });

  const v = form.values;
  const valid = rows.filter((id) => !form.clientErrors[`gas-${id}`] && !form.clientErrors[`qty-${id}`]);
  const live = totalCo2e(valid.map((id) => lineOf(v, id)).map((l) => ({ ...l, gas: l.gas.toUpperCase() })), gwp);
  const co2eOf = new Map(valid.map((id, i) => [id, live.byLine[i]!.co2e]));
  const incomplete = valid.length < rows.length;

  const addRow = () => {
    form.set(`src-${nextId}`, '', false);
    form.set(`gas-${nextId}`, 'CO2', false);
    form.set(`qty-${nextId}`, '', false);
    setRows((r) => [...r, nextId]);
    setNextId((n) => n + 1);
  };

  return (
    <form className="form" noValidate onSubmit={form.onSubmit} data-testid="report-form">
      <p className="muted report-form-intro">
        {fmt(refile ? ta.refileIntro : ta.fileIntro, { year, date: deadline })} <span data-testid="report-gwp-source">{fmt(ta.gwpHint, { source: gwpSource })}</span>
      </p>
      <div className="table-wrap">
        <table className="table report-lines-form" data-testid="report-form-lines">
          <thead>
            <tr>
              <th>{t.compliance.colSource}</th>
              <th style={{ width: 130 }}>{t.compliance.colGas}</th>
              <th className="num" style={{ width: 190 }}>
                {t.compliance.colGasTonnes}
              </th>
              <th className="num" style={{ width: 80 }}>
                {ta.colGwp}
              </th>
              <th className="num" style={{ width: 150 }}>
                {t.compliance.colCo2e}
              </th>
              <th style={{ width: 44 }}>
                <span className="sr-only">{t.common.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((id, index) => {
              const gas = (v[`gas-${id}`] ?? '').toUpperCase();
              return (
                <tr key={id} data-testid={`report-line-${index}`}>
                  <td>
                    <Cell form={form} name={`src-${id}`} label={t.compliance.colSource}>
                      {(bound) => <input className="input" autoComplete="off" placeholder={ta.sourcePlaceholder} {...bound} data-testid={`report-source-${index}`} />}
                    </Cell>
                  </td>
                  <td>
                    <Cell form={form} name={`gas-${id}`} label={t.compliance.colGas}>
                      {(bound) => (
                        <select className="input" {...bound} data-testid={`report-gas-${index}`}>
                          {/* A gas of an earlier filing that the table no longer has stays visible, flagged by the check above. */}
                          {(gases.includes(gas) || gas === '' ? gases : [...gases, gas]).map((g) => (
                            <option key={g} value={g}>
                              {g}
                            </option>
                          ))}
                        </select>
                      )}
                    </Cell>
                  </td>
                  <td>
                    <Cell form={form} name={`qty-${id}`} label={t.compliance.colGasTonnes}>
                      {(bound) => <input className="input num" inputMode="decimal" autoComplete="off" {...bound} data-testid={`report-quantity-${index}`} />}
                    </Cell>
                  </td>
                  <td className="num faint report-gwp">{Object.hasOwn(gwp, gas) ? `× ${decimalTonnes(gwp[gas]!)}` : t.common.dash}</td>
                  <td className="num report-co2e" data-testid={`report-co2e-${index}`}>
                    {co2eOf.has(id) ? decimalTonnes(co2eOf.get(id)!) : t.common.dash}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn sm ghost"
                      title={ta.removeLine}
                      aria-label={ta.removeLine}
                      disabled={rows.length === 1}
                      onClick={() => setRows((r) => r.filter((x) => x !== id))}
                      data-testid={`report-remove-${index}`}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>
                <button type="button" className="btn sm" onClick={addRow} data-testid="report-add-line">
                  + {ta.addLine}
                </button>
                {incomplete ? <span className="sub-line report-incomplete"> {ta.totalIncomplete}</span> : null}
              </td>
              <td className="num" data-testid="report-total">
                {tonnes(live.total)} tCO2e
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>

      <div>
        <h3 className="report-outputs-title">{ta.outputsTitle}</h3>
        <p className="sub-line">{ta.outputsHint}</p>
      </div>
      {installations.length === 0 ? (
        <p className="muted">{ta.noInstallations}</p>
      ) : (
        <div className="form-grid">
          {installations.map((i) => (
            <Field
              key={i.code}
              name={`out-${i.code}`}
              label={
                <>
                  <span className="mono">{i.code}</span> · {i.name}
                  {i.unit ? <span className="opt"> ({i.unit})</span> : null}
                </>
              }
              error={form.errorOf(`out-${i.code}`)}
              hint={i.needsOutput ? ta.outputUsed : ta.outputOptional}
            >
              <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind(`out-${i.code}`)} data-testid={`report-output-${i.code}`} />
            </Field>
          ))}
        </div>
      )}

      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="report-submit">
          {fmt(refile ? ta.refile : ta.file, { n: tonnes(live.total) })}
        </SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'report-success' : 'report-error'} />
    </form>
  );
}

/** A field inside a table cell: the control (labelled for screen readers) and its inline error. */
function Cell({ form, name, label, children }: { form: ActionForm<Values>; name: string; label: string; children: (bound: ReturnType<ActionForm<Values>['bind']> & { 'aria-label': string }) => ReactNode }) {
  const error = form.errorOf(name);
  return (
    <div className="field">
      {children({ ...form.bind(name), 'aria-label': label })}
      {error ? (
        <div className="error" id={`f-${name}-error`} data-testid={`${name}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}
