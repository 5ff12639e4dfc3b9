'use client';

import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { saveIndustryRuleAction } from '@/app/actions/coverage';
import type { AllocationMethod } from '@/domain/compliance/allocation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { industryRuleSchema, ruleParamsSchema } from '@/schemas/allocation';
import type { IndustryRuleView } from '@/server/compliance/allocationPolicy';
import { Alert } from '@/ui/Alert';
import { Field } from '@/ui/forms/Field';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { useToast } from '@/ui/Toast';
import { METHODS, share } from '../../_lib/allocationMethod';
import { formErrors } from '../../_lib/formErrors';

const INDUSTRIES = ['POWER', 'CEMENT', 'STEEL', 'OTHER'] as const;

/** The form's request: the shared schema plus the sub-industry code. */
const ruleSchema = industryRuleSchema.safeExtend({ code: ruleParamsSchema.shape.code });

type Values = {
  code: string;
  industry: string;
  name: string;
  nameZh: string;
  method: string;
  outputUnit: string;
  benchmark: string;
  declineFactor: string;
  adjustmentFactors: string;
  outputCapMultiple: string;
  preAllocationShare: string;
  paidShare: string;
};

const valuesOf = (r: IndustryRuleView | undefined): Values => ({
  code: r?.code ?? '',
  industry: r?.industry ?? 'POWER',
  name: r?.name ?? '',
  nameZh: r?.nameZh ?? '',
  method: r?.method ?? 'BENCHMARK',
  outputUnit: r?.outputUnit ?? '',
  benchmark: r?.benchmark ?? '',
  declineFactor: r?.declineFactor ?? '1',
  adjustmentFactors: r?.adjustmentFactors.join(', ') ?? '',
  outputCapMultiple: r?.outputCapMultiple ?? '',
  preAllocationShare: r?.preAllocationShare ?? '0.7',
  paidShare: r?.paidShare ?? '0',
});

const blankToUndefined = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The rule as the service takes it: parameters the method does not use are left out. */
function commandOf(v: Values) {
  const method = v.method as AllocationMethod;
  return {
    code: v.code.trim().toUpperCase(),
    industry: v.industry,
    name: v.name,
    nameZh: v.nameZh,
    method,
    outputUnit: v.outputUnit,
    benchmark: method === 'BENCHMARK' ? blankToUndefined(v.benchmark) : undefined,
    declineFactor: blankToUndefined(v.declineFactor) ?? '',
    adjustmentFactors: method === 'BENCHMARK' ? v.adjustmentFactors.split(/[\s,，×*]+/).filter(Boolean) : [],
    outputCapMultiple: method === 'HISTORICAL_EMISSIONS' ? undefined : blankToUndefined(v.outputCapMultiple),
    preAllocationShare: v.preAllocationShare.trim(),
    paidShare: v.paidShare.trim(),
  };
}

/**
 * Adds a sub-industry's rule for the year, or changes one (national regulator): a dialog with the
 * method's parameters only, checked as you type with the shared schema, and the formula the rule
 * gives in words. A new rule may start from an existing one (this year's or last year's). A year
 * whose rules were applied by a confirmed allocation run keeps them: the service's refusal
 * (RULES_IN_USE) shows in the dialog.
 */
export function RuleEditor({ year, rule, existingCodes, templates, testId }: { year: number; rule?: IndustryRuleView; existingCodes: string[]; templates: IndustryRuleView[]; testId: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const toast = useToast();
  const ref = useRef<HTMLDialogElement>(null);
  // The fields exist only while the dialog is open, so that the rows' dialogs never share input ids.
  const [open, setOpen] = useState(false);
  const create = !rule;
  const tr = t.allocationRules;

  return (
    <>
      <button
        type="button"
        className={create ? 'btn primary' : 'btn sm'}
        onClick={() => {
          setOpen(true);
          ref.current?.showModal();
        }}
        data-testid={testId}
      >
        {create ? tr.add : tr.edit}
      </button>
      <dialog ref={ref} className="dialog rule-dialog" aria-labelledby={`${testId}-title`} onClose={() => setOpen(false)}>
        {open ? (
          <RuleForm
            year={year}
            rule={rule}
            existingCodes={existingCodes}
            templates={templates}
            testId={testId}
            onCancel={() => ref.current?.close()}
            onSaved={(message) => {
              ref.current?.close();
              toast(message);
              router.refresh();
            }}
          />
        ) : null}
      </dialog>
    </>
  );
}

function RuleForm(props: { year: number; rule?: IndustryRuleView; existingCodes: string[]; templates: IndustryRuleView[]; testId: string; onCancel: () => void; onSaved: (m: string) => void }) {
  const { t, lang } = useI18n();
  const tr = t.allocationRules;
  const create = !props.rule;
  const form = useActionForm<Values, { code: string }>({
    initial: valuesOf(props.rule),
    validate: (v) => {
      const errors = formErrors(ruleSchema, commandOf(v), lang, tr.fieldErrors);
      if (create && !errors.code && props.existingCodes.includes(v.code.trim().toUpperCase())) errors.code = fmt(tr.codeTaken, { year: props.year });
      return errors;
    },
    submit: (v) => saveIndustryRuleAction({ ...commandOf(v), year: props.year, create }),
    onSuccess: (r) => props.onSaved(r.message),
  });
  const v = form.values;
  const method = v.method as AllocationMethod;
  const id = props.testId;
  const copyFrom = (code: string) => {
    const from = props.templates.find((r) => r.code === code);
    if (!from) return;
    for (const [k, value] of Object.entries(valuesOf(from))) form.set(k as keyof Values, value, false);
  };

  return (
    <form noValidate onSubmit={form.onSubmit} data-testid={`${id}-form`}>
      <div className="dialog-head">
        <h2 id={`${id}-title`}>{create ? fmt(tr.addTitle, { year: props.year }) : fmt(tr.editTitle, { code: props.rule!.code, year: props.year })}</h2>
      </div>
      <div className="dialog-body">
        {create && props.templates.length ? (
          <Field name={`${id}-template`} label={tr.startFrom} hint={tr.startFromHint} optional={t.common.optional}>
            <select className="input" id={`f-${id}-template`} defaultValue="" onChange={(e) => copyFrom(e.target.value)} data-testid={`${id}-template`}>
              <option value="">{tr.blank}</option>
              {props.templates.map((r) => (
                <option key={`${r.year}-${r.code}`} value={r.code}>
                  {r.year} · {r.code} — {lang === 'zh' ? r.nameZh : r.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <div className="form-grid">
          <Field name="code" label={tr.code} error={form.errorOf('code')} hint={create ? tr.codeHint : tr.codeFixed}>
            <input className="input mono" autoComplete="off" readOnly={!create} {...form.bind('code')} data-testid={`${id}-code`} />
          </Field>
          <Field name="industry" label={tr.industry} error={form.errorOf('industry')}>
            <select className="input" {...form.bind('industry')} data-testid={`${id}-industry`}>
              {INDUSTRIES.map((i) => (
                <option key={i} value={i}>
                  {t.industries[i]}
                </option>
              ))}
            </select>
          </Field>
          <Field name="name" label={tr.nameEn} error={form.errorOf('name')}>
            <input className="input" autoComplete="off" {...form.bind('name')} data-testid={`${id}-name`} />
          </Field>
          <Field name="nameZh" label={tr.nameZh} error={form.errorOf('nameZh')}>
            <input className="input" autoComplete="off" lang="zh" {...form.bind('nameZh')} data-testid={`${id}-nameZh`} />
          </Field>
          <Field name="method" label={tr.method} error={form.errorOf('method')}>
            <select className="input" {...form.bind('method')} data-testid={`${id}-method`}>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {tr.methods[m]}
                </option>
              ))}
            </select>
          </Field>
          <Field name="outputUnit" label={tr.outputUnit} error={form.errorOf('outputUnit')} hint={tr.outputUnitHint}>
            <input className="input" autoComplete="off" {...form.bind('outputUnit')} data-testid={`${id}-outputUnit`} />
          </Field>
          {method === 'BENCHMARK' ? (
            <>
              <Field name="benchmark" label={fmt(tr.benchmark, { unit: v.outputUnit.trim() || tr.unitOfOutput })} error={form.errorOf('benchmark')} hint={tr.benchmarkHint}>
                <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('benchmark')} data-testid={`${id}-benchmark`} />
              </Field>
              <Field name="adjustmentFactors" label={tr.adjustmentFactors} error={form.errorOf('adjustmentFactors')} hint={tr.adjustmentFactorsHint} optional={t.common.optional}>
                <input className="input num" autoComplete="off" {...form.bind('adjustmentFactors')} data-testid={`${id}-adjustmentFactors`} />
              </Field>
            </>
          ) : null}
          <Field name="declineFactor" label={tr.declineFactor} error={form.errorOf('declineFactor')} hint={tr.declineFactorHint}>
            <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('declineFactor')} data-testid={`${id}-declineFactor`} />
          </Field>
          {method !== 'HISTORICAL_EMISSIONS' ? (
            <Field name="outputCapMultiple" label={tr.outputCap} error={form.errorOf('outputCapMultiple')} hint={tr.outputCapHint} optional={t.common.optional}>
              <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('outputCapMultiple')} data-testid={`${id}-outputCapMultiple`} />
            </Field>
          ) : null}
          <Field
            name="preAllocationShare"
            label={tr.preAllocationShare}
            error={form.errorOf('preAllocationShare')}
            hint={form.clientErrors.preAllocationShare ? tr.shareHint : fmt(tr.shareIs, { pct: share(v.preAllocationShare) })}
          >
            <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('preAllocationShare')} data-testid={`${id}-preAllocationShare`} />
          </Field>
          <Field
            name="paidShare"
            label={tr.paidShare}
            error={form.errorOf('paidShare')}
            hint={form.clientErrors.paidShare ? tr.shareHint : fmt(tr.shareIs, { pct: share(v.paidShare) })}
          >
            <input className="input num" inputMode="decimal" autoComplete="off" {...form.bind('paidShare')} data-testid={`${id}-paidShare`} />
          </Field>
        </div>
        <Preview v={v} clientErrors={form.clientErrors} />
        {form.result && !form.result.ok ? (
          <Alert kind="error" testId={`${id}-error`}>
            {form.result.message}
          </Alert>
        ) : null}
      </div>
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t.common.cancel}
        </button>
        <SubmitButton pending={form.pending} testId={`${id}-save`}>
          {create ? tr.addSave : tr.save}
        </SubmitButton>
      </div>
    </form>
  );
}

/** The rule's formula with its numbers, as an entity's allocation will read. */
function Preview({ v, clientErrors }: { v: Values; clientErrors: Record<string, string> }) {
  const { t } = useI18n();
  const tr = t.allocationRules;
  const ok = (k: keyof Values) => !clientErrors[k] && v[k].trim() !== '';
  const method = v.method as AllocationMethod;
  const unit = v.outputUnit.trim() || tr.unitOfOutput;
  const decline = ok('declineFactor') ? v.declineFactor.trim() : '?';
  const factors = method === 'BENCHMARK' && ok('adjustmentFactors') ? commandOf(v).adjustmentFactors : [];
  const formula =
    method === 'BENCHMARK'
      ? [fmt(tr.previewOutput, { unit }), ok('benchmark') ? v.benchmark.trim() : '?', decline, ...factors].join(' × ')
      : method === 'HISTORICAL_INTENSITY'
        ? [fmt(tr.previewOutput, { unit }), tr.previewIntensity, decline].join(' × ')
        : [tr.previewBaseAverage, decline].join(' × ');
  return (
    <div className="rule-preview" data-testid="rule-preview">
      <div className="sub-line">{tr.previewTitle}</div>
      <div className="rule-formula">
        {tr.previewAllocation} = {formula}
      </div>
      <div className="sub-line">
        {[
          method !== 'HISTORICAL_EMISSIONS' ? (ok('outputCapMultiple') ? fmt(tr.previewCap, { n: v.outputCapMultiple.trim() }) : tr.previewNoCap) : null,
          ok('paidShare') ? fmt(tr.previewPaid, { pct: share(v.paidShare) }) : null,
          ok('preAllocationShare') ? fmt(tr.previewPre, { pct: share(v.preAllocationShare) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
    </div>
  );
}
