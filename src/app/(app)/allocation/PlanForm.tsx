'use client';

import { useRouter } from 'next/navigation';
import { distributePlanAction, setPlanAction } from '@/app/actions/allocation';
import { fmt } from '@/i18n';
import { useI18n } from '@/i18n/client';
import { planSchema } from '@/schemas/allocation';
import { Alert } from '@/ui/Alert';
import { Field } from '@/ui/forms/Field';
import { FormResult } from '@/ui/forms/FormResult';
import { SubmitButton } from '@/ui/forms/SubmitButton';
import { useActionForm } from '@/ui/forms/useActionForm';
import { toInt, zodFieldErrors } from '@/ui/forms/validate';
import { tonnes } from '@/ui/format';
import { ActionButton } from '@/ui/forms/ActionButton';

export interface PlanFormBudget {
  provinceCode: string;
  name: string;
  budget: number;
  allocated: number;
  distributed: number;
}

const capSchema = planSchema.shape.nationalCap;
const budgetSchema = planSchema.shape.budgets.element.shape.budget;
const budgetKey = (code: string) => `budget_${code}`;

/**
 * The national regulator's plan of a year: the cap (配额总量) and one budget per province, checked
 * as typed (whole tonnes, no budget below what its province has allocated, the cap not below what
 * is issued, Σ budgets ≤ cap next to the cap); then "Distribute" issues the cap into the national
 * reserve and tops each province's allocation account up to its budget (after a confirmation).
 */
export function PlanForm({ year, nationalCap, issued, budgets }: { year: number; nationalCap: number | null; issued: number; budgets: PlanFormBudget[] }) {
  const { t, lang } = useI18n();
  const p = t.allocationPage;
  const router = useRouter();
  const initial: Record<string, string> = { nationalCap: nationalCap === null ? '' : String(nationalCap) };
  for (const b of budgets) initial[budgetKey(b.provinceCode)] = String(b.budget);

  const sumOf = (v: Record<string, string>) => budgets.reduce((s, b) => s + (Number.isFinite(toInt(v[budgetKey(b.provinceCode)] ?? '')) ? toInt(v[budgetKey(b.provinceCode)] ?? '') : 0), 0);

  const form = useActionForm<Record<string, string>>({
    initial,
    validate: (v) => {
      const errors: Record<string, string> = {};
      const cap = toInt(v.nationalCap ?? '');
      const capError = !Number.isFinite(cap) || cap < 0 ? p.notWholeTonnes : cap < 1 ? p.capAtLeastOne : zodFieldErrors(capSchema, cap, lang)._;
      if (capError) errors.nationalCap = capError;
      else if (cap < issued) errors.nationalCap = fmt(p.capBelowIssued, { n: tonnes(issued) });
      for (const b of budgets) {
        const key = budgetKey(b.provinceCode);
        const n = toInt(v[key] ?? '');
        const e = !Number.isFinite(n) || n < 0 ? p.notWholeTonnes : zodFieldErrors(budgetSchema, n, lang)._;
        if (e) errors[key] = e;
        else if (n < b.allocated) errors[key] = fmt(p.budgetBelowAllocated, { n: tonnes(b.allocated) });
      }
      const sum = sumOf(v);
      if (!errors.nationalCap && sum > cap) errors.nationalCap = fmt(p.sumExceedsCap, { sum: tonnes(sum), over: tonnes(sum - cap) });
      return errors;
    },
    submit: async (v) => {
      const r = await setPlanAction({
        year,
        nationalCap: toInt(v.nationalCap ?? ''),
        budgets: budgets.map((b) => ({ provinceCode: b.provinceCode, budget: toInt(v[budgetKey(b.provinceCode)] ?? '') })),
      });
      if (r.ok) return r;
      // The service names a budget by its place in the request (`budgets.2.budget`): put it on its province.
      const fields: Record<string, string> = {};
      for (const [key, message] of Object.entries(r.fields)) {
        const code = budgets[Number(/^budgets\.(\d+)\./.exec(key)?.[1] ?? -1)]?.provinceCode;
        fields[code ? budgetKey(code) : key] ??= message;
      }
      return { ...r, fields };
    },
    onSuccess: () => router.refresh(),
  });

  const v = form.values;
  const cap = toInt(v.nationalCap ?? '');
  const sum = sumOf(v);
  // Σ budgets ≤ cap is shown next to the cap as soon as it breaks, whichever field was edited.
  const overCap = Number.isFinite(cap) && sum > cap ? fmt(p.sumExceedsCap, { sum: tonnes(sum), over: tonnes(sum - cap) }) : undefined;
  const dirty = Object.keys(initial).some((k) => (v[k] ?? '').trim() !== initial[k]);

  // What "Distribute" moves, from the saved plan.
  const toIssue = nationalCap === null ? 0 : Math.max(0, nationalCap - issued);
  const topUps = budgets.filter((b) => b.budget > b.distributed).map((b) => ({ ...b, missing: b.budget - b.distributed }));
  const nothing = toIssue === 0 && topUps.length === 0;

  return (
    <div className="alloc-plan-form" data-testid="plan-form">
      <form className="form" noValidate onSubmit={form.onSubmit}>
        <div className="form-grid">
          <Field
            name="nationalCap"
            label={p.capLabel}
            error={form.errorOf('nationalCap') ?? overCap}
            hint={Number.isFinite(cap) ? fmt(p.sumOk, { sum: tonnes(sum), left: tonnes(cap - sum) }) : issued > 0 ? fmt(p.capHint, { n: tonnes(issued) }) : p.wholeTonnes}
            className="full"
          >
            <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind('nationalCap')} data-testid="plan-cap" />
          </Field>
          {budgets.map((b) => (
            <Field
              key={b.provinceCode}
              name={budgetKey(b.provinceCode)}
              label={fmt(p.budgetLabel, { province: b.name })}
              error={form.errorOf(budgetKey(b.provinceCode))}
              hint={b.allocated > 0 ? fmt(p.budgetHint, { n: tonnes(b.allocated) }) : p.wholeTonnes}
            >
              <input className="input num" inputMode="numeric" autoComplete="off" {...form.bind(budgetKey(b.provinceCode))} data-testid={`plan-budget-${b.provinceCode}`} />
            </Field>
          ))}
        </div>
        {form.errorOf('budgets') ? <Alert kind="error">{form.errorOf('budgets')}</Alert> : null}
        <div className="btn-row">
          <SubmitButton pending={form.pending} disabled={!dirty} testId="plan-save">
            {p.savePlan}
          </SubmitButton>
          {dirty ? <span className="muted alloc-action-hint">{p.unsaved}</span> : null}
        </div>
        <FormResult result={form.result} testId={form.result?.ok ? 'plan-success' : 'plan-error'} />
      </form>

      <div className="alloc-distribute">
        <h3>{p.distributeHeading}</h3>
        <p className="muted">{nationalCap === null ? p.distributeNoPlan : nothing ? p.distributeNothing : fmt(p.distributeSummary, { issue: tonnes(toIssue), n: topUps.length })}</p>
        <ActionButton
          label={p.distribute}
          tone="primary"
          run={() => distributePlanAction({ year })}
          disabled={nationalCap === null || nothing || dirty}
          hint={dirty ? p.distributeSaveFirst : undefined}
          testId="plan-distribute"
          size="md"
          refusal="inline"
          confirm={{
            title: fmt(p.distributeTitle, { year }),
            body: (
              <>
                <p>{fmt(p.distributeBody, { issue: tonnes(toIssue), year })}</p>
                {topUps.length ? (
                  <ul className="alloc-list">
                    {topUps.map((b) => (
                      <li key={b.provinceCode}>{fmt(p.distributeLine, { province: b.name, n: tonnes(b.missing), budget: tonnes(b.budget) })}</li>
                    ))}
                  </ul>
                ) : null}
                <p className="muted">{p.distributeFinal}</p>
              </>
            ),
          }}
        />
      </div>
    </div>
  );
}
