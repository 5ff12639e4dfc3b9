'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createScenarioAction } from '@/app/actions/sandbox';
import { useI18n } from '@/i18n/client';
import { renderFields } from '@/i18n/problems';
import { issueFields } from '@/schemas/problems';
import { scenarioCreateSchema } from '@/schemas/sandbox';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt } from '@/ui/forms/validate';

/** A sub-industry rule of a recorded year, as the form shows it. */
export interface FormRule {
  code: string;
  name: string;
  method: string;
  benchmark: string | null;
  declineFactor: string;
  outputCapMultiple: string | null;
  preAllocationShare: string;
  paidShare: string;
}

const RULE_FIELDS = ['benchmark', 'declineFactor', 'outputCapMultiple', 'preAllocationShare', 'paidShare'] as const;
const METHODS = ['BENCHMARK', 'HISTORICAL_EMISSIONS', 'HISTORICAL_INTENSITY'] as const;

/**
 * A new scenario: its name, the recorded year and scope, and what it changes. The fields are named
 * by their path in the API's command (`changes.cap.percent`, `changes.rules.POWER.benchmark`…), so
 * that the shared schema's problems, and the service's, land beside the field they are about. A
 * field left empty keeps the recorded value. On success the scenario has run: its page opens.
 */
export function ScenarioForm({ years, suggestedYear, rulesByYear, provinces, ownProvince }: {
  years: number[];
  /** The year the form starts on: the latest with verified emissions. */
  suggestedYear: number | null;
  rulesByYear: Record<number, FormRule[]>;
  provinces: { code: string; name: string }[];
  /** A provincial regulator's province (its scenarios are of it); null for the national regulator. */
  ownProvince: string | null;
}) {
  const { t, lang } = useI18n();
  const ts = t.sandbox;
  const router = useRouter();
  const [budgetRows, setBudgetRows] = useState<number[]>([]);
  const [nextRow, setNextRow] = useState(0);

  const command = (v: Record<string, string>) => {
    const s = (k: string) => (v[k] ?? '').trim();
    const changes: Record<string, unknown> = {};
    if (s('cap.value')) changes.cap = s('cap.mode') === 'ABSOLUTE' ? { mode: 'ABSOLUTE', tonnes: toInt(s('cap.value')) } : { mode: 'PERCENT', percent: s('cap.value') };
    const budgets: Record<string, unknown> = {};
    for (const i of budgetRows) {
      const province = s(`budget.${i}.province`);
      const value = s(`budget.${i}.value`);
      if (!province || !value) continue;
      budgets[province] = s(`budget.${i}.mode`) === 'ABSOLUTE' ? { mode: 'ABSOLUTE', tonnes: toInt(value) } : { mode: 'PERCENT', percent: value };
    }
    if (Object.keys(budgets).length) changes.budgets = budgets;
    const rules: Record<string, Record<string, unknown>> = {};
    for (const r of rulesByYear[Number(v.year)] ?? []) {
      const change: Record<string, unknown> = {};
      const p = `changes.rules.${r.code}`;
      if (s(`${p}.method`)) change.method = s(`${p}.method`);
      for (const f of RULE_FIELDS) if (s(`${p}.${f}`)) change[f] = s(`${p}.${f}`);
      if (v[`${p}.noOutputCap`] === 'true') change.outputCapMultiple = null;
      if (Object.keys(change).length) rules[r.code] = change;
    }
    if (Object.keys(rules).length) changes.rules = rules;
    const offsets: Record<string, unknown> = {};
    if (s('changes.offsets.share')) offsets.share = s('changes.offsets.share');
    if (s('changes.offsets.outsideProvinceShare')) offsets.outsideProvinceShare = s('changes.offsets.outsideProvinceShare');
    if (Object.keys(offsets).length) changes.offsets = offsets;
    const banking: Record<string, unknown> = {};
    if (s('changes.banking.carryOverDiscount')) banking.carryOverDiscount = s('changes.banking.carryOverDiscount');
    if (s('changes.banking.phaseStarts')) banking.phaseStarts = s('changes.banking.phaseStarts').split(/[,，\s]+/).filter(Boolean).map((y) => (/^\d+$/.test(y) ? Number(y) : Number.NaN));
    if (s('changes.banking.carryOverBetweenPhases')) banking.carryOverBetweenPhases = s('changes.banking.carryOverBetweenPhases') === 'true';
    if (Object.keys(banking).length) changes.banking = banking;
    const auction: Record<string, unknown> = {};
    if (s('changes.auction.quantity')) auction.quantity = toInt(s('changes.auction.quantity'));
    if (s('changes.auction.reservePrice')) auction.reservePrice = s('changes.auction.reservePrice');
    if (Object.keys(auction).length) changes.auction = auction;
    const kind = s('changes.price.kind') || 'CLOSE';
    if (kind !== 'CLOSE') changes.price = kind === 'TYPED' ? { kind, price: s('changes.price.price') } : { kind };
    return { name: s('name'), year: Number(v.year), ...(ownProvince ? {} : s('provinceCode') ? { provinceCode: s('provinceCode') } : {}), changes };
  };

  /** The form field a problem's path is about: the field named by the longest prefix of it (a budget row by its province). */
  const toFields = (problems: Record<string, string>, v: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    const names = Object.keys(v);
    for (const [path, message] of Object.entries(problems)) {
      const budget = /^changes\.budgets\.([A-Z]+)/.exec(path);
      const row = budget ? budgetRows.find((i) => (v[`budget.${i}.province`] ?? '') === budget[1]) : undefined;
      const field = path.startsWith('changes.cap') ? 'cap.value' : row !== undefined ? `budget.${row}.value`
        : (names.filter((n) => path === n || path.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0] ?? path);
      out[field] ??= message;
    }
    return out;
  };

  const initial: Record<string, string> = { name: '', year: String(suggestedYear ?? years.at(-1) ?? ''), provinceCode: '', 'changes.price.kind': 'CLOSE' };
  const form = useActionForm<Record<string, string>, { id: number }>({
    initial,
    validate: (v) => {
      const r = scenarioCreateSchema.safeParse(command(v));
      return r.success ? {} : toFields(renderFields(issueFields(r.error, command(v), 'path'), lang), v);
    },
    submit: async (v) => {
      const res = await createScenarioAction(command(v));
      return res.ok ? res : { ...res, fields: toFields(res.fields, v) };
    },
    onSuccess: (res) => {
      router.push(`/sandbox/${res.id}`);
    },
  });
  const text = (name: string, props: { placeholder?: string; testId?: string; className?: string } = {}) => (
    <input className={`input ${props.className ?? ''}`} {...form.bind(name)} value={form.values[name] ?? ''} placeholder={props.placeholder} data-testid={props.testId} />
  );
  const rules = rulesByYear[Number(form.values.year)] ?? [];
  const provinceName = (code: string) => provinces.find((p) => p.code === code)?.name ?? code;

  return (
    <form className="form" noValidate data-testid="scenario-form" onSubmit={form.onSubmit}>
      <div className="form-grid">
        <Field name="name" label={ts.name} error={form.errorOf('name')}>
          {text('name', { placeholder: ts.namePlaceholder, testId: 'scenario-name' })}
        </Field>
        <Field name="year" label={ts.year} error={form.errorOf('year')}>
          <select className="input" {...form.bind('year')} data-testid="scenario-year">
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </Field>
        <Field name="provinceCode" label={ts.scope} error={form.errorOf('provinceCode')}>
          {ownProvince ? (
            <input className="input" value={provinceName(ownProvince)} readOnly />
          ) : (
            <select className="input" {...form.bind('provinceCode')} data-testid="scenario-scope">
              <option value="">{ts.allProvinces}</option>
              {provinces.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
            </select>
          )}
        </Field>
      </div>

      <h3 className="section-title">{ts.sectionCap}</h3>
      <div className="form-grid">
        <Field name="cap.value" label={ownProvince ? ts.capPercentProvince : ts.capPercent} hint={ts.capHint} error={form.errorOf('cap.value')}>
          <div className="btn-row" style={{ flexWrap: 'nowrap' }}>
            {text('cap.value', { placeholder: form.values['cap.mode'] === 'ABSOLUTE' ? '' : '-10', testId: 'scenario-cap', className: 'num' })}
            <select className="input" style={{ width: 90 }} {...form.bind('cap.mode')} value={form.values['cap.mode'] ?? 'PERCENT'} aria-label={ts.percent} data-testid="scenario-cap-mode">
              <option value="PERCENT">{ts.percent}</option>
              <option value="ABSOLUTE">{ts.tonnesAbsolute}</option>
            </select>
          </div>
        </Field>
      </div>
      {ownProvince ? null : (
        <div className="mb">
          <p className="muted">{ts.provinceBudgets}: {ts.provinceBudgetsHint}</p>
          {budgetRows.map((i) => (
            <div className="form-grid" key={i} data-testid={`budget-row-${i}`}>
              <Field name={`budget.${i}.province`} label={t.common.province}>
                <select className="input" {...form.bind(`budget.${i}.province`)} value={form.values[`budget.${i}.province`] ?? ''}>
                  <option value="">{t.common.select}</option>
                  {provinces.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
                </select>
              </Field>
              <Field name={`budget.${i}.mode`} label={ts.percent}>
                <select className="input" {...form.bind(`budget.${i}.mode`)} value={form.values[`budget.${i}.mode`] ?? 'PERCENT'}>
                  <option value="PERCENT">{ts.percent}</option>
                  <option value="ABSOLUTE">{ts.tonnesAbsolute}</option>
                </select>
              </Field>
              <Field name={`budget.${i}.value`} label={t.common.quantity} error={form.errorOf(`budget.${i}.value`)}>
                <div className="btn-row">
                  {text(`budget.${i}.value`, { className: 'num' })}
                  <button type="button" className="btn sm" onClick={() => setBudgetRows((rows) => rows.filter((r) => r !== i))}>{ts.remove}</button>
                </div>
              </Field>
            </div>
          ))}
          <button type="button" className="btn sm" data-testid="scenario-add-budget" onClick={() => { setBudgetRows((rows) => [...rows, nextRow]); setNextRow((n) => n + 1); }}>+ {ts.addBudget}</button>
        </div>
      )}

      <h3 className="section-title">{ts.sectionRules}</h3>
      <p className="muted">{ts.sectionRulesHint}</p>
      <div className="table-wrap mb">
        <table className="table" data-testid="scenario-rules">
          <thead>
            <tr>
              <th>{ts.colRule}</th><th>{ts.method}</th><th>{ts.benchmark}</th><th>{ts.declineFactor}</th><th>{ts.outputCapMultiple}</th><th>{ts.preAllocationShare}</th><th>{ts.paidShare}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const p = `changes.rules.${r.code}`;
              const cell = (f: (typeof RULE_FIELDS)[number], recorded: string | null) => (
                <td>
                  <input className="input num" {...form.bind(`${p}.${f}`)} value={form.values[`${p}.${f}`] ?? ''} placeholder={recorded ?? '—'} aria-label={`${r.name} · ${ts[f]}`} data-testid={`rule-${r.code}-${f}`} />
                  {form.errorOf(`${p}.${f}`) ? <div className="error" role="alert" data-testid={`rule-${r.code}-${f}-error`}>{form.errorOf(`${p}.${f}`)}</div> : null}
                </td>
              );
              return (
                <tr key={r.code}>
                  <td><strong>{r.name}</strong><div className="sub-line mono">{r.code}</div></td>
                  <td>
                    <select className="input" style={{ minWidth: 170 }} {...form.bind(`${p}.method`)} value={form.values[`${p}.method`] ?? ''} aria-label={`${r.name} · ${ts.method}`}>
                      <option value="">{ts.sameMethod} ({t.allocationPage.methods[r.method as (typeof METHODS)[number]] ?? r.method})</option>
                      {METHODS.filter((m) => m !== r.method).map((m) => <option key={m} value={m}>{t.allocationPage.methods[m]}</option>)}
                    </select>
                  </td>
                  {cell('benchmark', r.benchmark)}
                  {cell('declineFactor', r.declineFactor)}
                  <td>
                    <input className="input num" {...form.bind(`${p}.outputCapMultiple`)} value={form.values[`${p}.outputCapMultiple`] ?? ''} placeholder={r.outputCapMultiple ?? '—'} aria-label={`${r.name} · ${ts.outputCapMultiple}`} disabled={form.values[`${p}.noOutputCap`] === 'true'} />
                    <label className="sub-line">
                      <input type="checkbox" checked={form.values[`${p}.noOutputCap`] === 'true'} onChange={(e) => form.set(`${p}.noOutputCap`, e.target.checked ? 'true' : '')} /> {ts.noOutputCap}
                    </label>
                    {form.errorOf(`${p}.outputCapMultiple`) ? <div className="error" role="alert">{form.errorOf(`${p}.outputCapMultiple`)}</div> : null}
                  </td>
                  {cell('preAllocationShare', r.preAllocationShare)}
                  {cell('paidShare', r.paidShare)}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="grid grid-2">
        <div>
          <h3 className="section-title">{ts.sectionOffsets}</h3>
          <Field name="changes.offsets.share" label={ts.offsetShare} error={form.errorOf('changes.offsets.share')}>
            {text('changes.offsets.share', { placeholder: '0.05', className: 'num', testId: 'scenario-offset-share' })}
          </Field>
          <Field name="changes.offsets.outsideProvinceShare" label={ts.outsideShare} hint={ts.outsideShareHint} error={form.errorOf('changes.offsets.outsideProvinceShare')}>
            {text('changes.offsets.outsideProvinceShare', { placeholder: '0.03', className: 'num' })}
          </Field>
          <h3 className="section-title">{ts.sectionAuction}</h3>
          <Field name="changes.auction.quantity" label={ts.auctionQuantity} error={form.errorOf('changes.auction.quantity')}>
            {text('changes.auction.quantity', { className: 'num' })}
          </Field>
          <Field name="changes.auction.reservePrice" label={ts.reservePrice} error={form.errorOf('changes.auction.reservePrice')}>
            {text('changes.auction.reservePrice', { className: 'num', testId: 'scenario-reserve' })}
          </Field>
        </div>
        <div>
          <h3 className="section-title">{ts.sectionBanking}</h3>
          <Field name="changes.banking.carryOverDiscount" label={ts.carryOverDiscount} hint={ts.carryOverDiscountHint} error={form.errorOf('changes.banking.carryOverDiscount')}>
            {text('changes.banking.carryOverDiscount', { placeholder: '1', className: 'num' })}
          </Field>
          <Field name="changes.banking.phaseStarts" label={ts.phaseStarts} hint={ts.phaseStartsHint} error={form.errorOf('changes.banking.phaseStarts')}>
            {text('changes.banking.phaseStarts', { placeholder: '2021, 2026' })}
          </Field>
          <Field name="changes.banking.carryOverBetweenPhases" label={ts.banBetweenPhases} error={form.errorOf('changes.banking.carryOverBetweenPhases')}>
            <select className="input" {...form.bind('changes.banking.carryOverBetweenPhases')} value={form.values['changes.banking.carryOverBetweenPhases'] ?? ''}>
              <option value="">{ts.carryOverAsRecorded}</option>
              <option value="true">{ts.carryOverAllowed}</option>
              <option value="false">{ts.carryOverBanned}</option>
            </select>
          </Field>
          <h3 className="section-title">{ts.sectionPrice}</h3>
          <Field name="changes.price.kind" label={ts.sectionPrice} error={form.errorOf('changes.price.kind')}>
            <select className="input" {...form.bind('changes.price.kind')} data-testid="scenario-price-kind">
              {(['CLOSE', 'TYPED', 'FUEL_SWITCH'] as const).map((k) => <option key={k} value={k}>{ts.priceKinds[k]}</option>)}
            </select>
          </Field>
          {form.values['changes.price.kind'] === 'TYPED' ? (
            <Field name="changes.price.price" label={ts.price} error={form.errorOf('changes.price.price')}>
              {text('changes.price.price', { className: 'num', testId: 'scenario-price' })}
            </Field>
          ) : null}
        </div>
      </div>
      <div className="btn-row">
        <SubmitButton pending={form.pending} testId="scenario-submit">{ts.submit}</SubmitButton>
      </div>
      <FormResult result={form.result} testId={form.result?.ok ? 'scenario-success' : 'scenario-error'} />
    </form>
  );
}
